import { TEXT_SCAN_WASM } from './text-scan-wasm.js'

export const PIECE_BYTES: number = 256 * 1024
const PAGE_BYTES = 65_536
// The module's memory: its table of escapes at 0..255, the needle searches' tables
// (192 bytes each) after it, then a scratch piece for each user. A piece that size stays
// in the core's cache between the copy and the scan.
const TABLES_AT = 256
const TABLE_BYTES = 192
const MAX_TABLES = 16
const STRING_SCRATCH_AT = TABLES_AT + TABLE_BYTES * MAX_TABLES
const SEARCH_SCRATCH_AT = STRING_SCRATCH_AT + PIECE_BYTES
const MAX_NEEDLES = 16
const PLACES = 3

/** text-scan.wat, ready: bytes copied into a scratch piece are scanned by offsets into memory. */
export interface TextScanner {
  /** The map reader's piece, and its scan (see text-scan.wat): the first offset in [from, end) that ends a run of plain string bytes and simple escapes. */
  readonly stringScratch: Uint8Array
  plainEnd(from: number, end: number): number
  /** The needle searches' piece, and its scan: the first offset in [from, end) where the first three bytes of a needle whose tables are at `tables` start. */
  readonly searchScratch: Uint8Array
  prefixAt(from: number, end: number, tables: number): number
  /** Writes the tables of needles' first three bytes (fewer for a shorter needle): where prefixAt finds them. */
  prefixTables(needles: readonly string[]): number
}

// The little of WebAssembly used here: its types come with the DOM library, which this package leaves out.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: Record<string, unknown> }
}
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

let scanner: TextScanner | null | undefined

/** The scanner, or undefined where WebAssembly SIMD is not available (the JavaScript it replaces does the same). */
export function textScanner(): TextScanner | undefined {
  if (scanner === undefined) scanner = instantiate()
  return scanner ?? undefined
}

function instantiate(): TextScanner | null {
  try {
    const bytes = Uint8Array.from(atob(TEXT_SCAN_WASM), (char) => char.charCodeAt(0))
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes))
    const memory = exports.memory as WasmMemory
    const missing = Math.ceil((SEARCH_SCRATCH_AT + PIECE_BYTES) / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES
    if (missing > 0) memory.grow(missing)
    const heap = new Uint8Array(memory.buffer)
    let tables = 0
    return {
      stringScratch: heap.subarray(STRING_SCRATCH_AT, STRING_SCRATCH_AT + PIECE_BYTES),
      plainEnd: exports.plainEnd as (from: number, end: number) => number,
      searchScratch: heap.subarray(SEARCH_SCRATCH_AT, SEARCH_SCRATCH_AT + PIECE_BYTES),
      prefixAt: exports.prefixAt as (from: number, end: number, tables: number) => number,
      prefixTables(needles) {
        if (tables === MAX_TABLES) throw new Error('text-scan: no room for more needle tables')
        const at = TABLES_AT + TABLE_BYTES * tables++
        writePrefixTables(heap.subarray(at, at + TABLE_BYTES), needles)
        return at
      },
    }
  } catch {
    return null
  }
}

/**
 * One class per needle, so that its first three bytes are found exactly: class k is
 * bit k % 8 of set k >> 3, whose six tables are the low and high nibbles of each place.
 */
function writePrefixTables(tables: Uint8Array, needles: readonly string[]): void {
  if (needles.length > MAX_NEEDLES) throw new Error(`text-scan: at most ${MAX_NEEDLES} needles`)
  needles.forEach((needle, index) => {
    const set = tables.subarray((index >> 3) * 96, (index >> 3) * 96 + 96)
    const bit = 1 << (index & 7)
    for (let place = 0; place < PLACES; place++) {
      const byte = place < needle.length ? needle.charCodeAt(place) : undefined
      for (let nibble = 0; nibble < 16; nibble++) {
        if (byte === undefined || nibble === (byte & 0x0f)) set[32 * place + nibble] = (set[32 * place + nibble] as number) | bit
        if (byte === undefined || nibble === byte >> 4) set[32 * place + 16 + nibble] = (set[32 * place + 16 + nibble] as number) | bit
      }
    }
  })
}

/**
 * Each offset in bytes [start, end) where one of the needles whose tables are at
 * `tables` may start, by its first three bytes, in order, until `visit` says stop:
 * copied into the scanner's memory piece by piece and scanned sixteen bytes at a time.
 * The caller confirms each offset against the bytes themselves.
 */
export function forEachNeedleStart(scanner: TextScanner, tables: number, bytes: Uint8Array, start: number, end: number, visit: (at: number) => boolean | void): void {
  const scratch = scanner.searchScratch
  const base = scratch.byteOffset
  for (let pieceStart = start; pieceStart < end; pieceStart += PIECE_BYTES) {
    const length = Math.min(PIECE_BYTES, end - pieceStart)
    // Most files are one piece: copied whole, without a view made of them.
    scratch.set(length === bytes.length ? bytes : bytes.subarray(pieceStart, pieceStart + length))
    for (let found = scanner.prefixAt(base, base + length, tables); found < base + length; found = scanner.prefixAt(found + 1, base + length, tables)) {
      if (visit(pieceStart + found - base) === true) return
    }
  }
}

/**
 * The first offset in bytes [start, end) that ends a run of plain JSON string bytes
 * and simple escapes (see plainEnd in text-scan.wat; a backslash that is the last byte
 * of a piece stops it too), `end` when none does: through the string piece, which the
 * map reader holds only while it reads a chunk.
 */
export function plainRunEnd(scanner: TextScanner, bytes: Uint8Array, start: number, end: number): number {
  const scratch = scanner.stringScratch
  const base = scratch.byteOffset
  for (let pieceStart = start; pieceStart < end; pieceStart += PIECE_BYTES) {
    const length = Math.min(PIECE_BYTES, end - pieceStart)
    scratch.set(bytes.subarray(pieceStart, pieceStart + length))
    const stop = scanner.plainEnd(base, base + length)
    if (stop < base + length) return pieceStart + stop - base
  }
  return end
}
