import { TEXT_SCAN_WASM } from './text-scan-wasm.js'

export const PIECE_BYTES: number = 256 * 1024
const PAGE_BYTES = 65_536
// The module's memory: its table of escapes at 0..255, the secret search's pair tables
// (128 bytes each) after it, then a scratch piece for each user. A piece that size stays
// in the core's cache between the copy and the scan.
const TABLES_AT = 256
const TABLE_BYTES = 128
const MAX_TABLES = 6
const STRING_SCRATCH_AT = 1024
const SEARCH_SCRATCH_AT = STRING_SCRATCH_AT + PIECE_BYTES
const MAX_PAIR_CLASSES = 16

/** text-scan.wat, ready: bytes copied into a scratch piece are scanned by offsets into memory. */
export interface TextScanner {
  /** The map reader's piece, and its scan (see text-scan.wat): the first offset in [from, end) that ends a run of plain string bytes and simple escapes. */
  readonly stringScratch: Uint8Array
  plainEnd(from: number, end: number): number
  /** The secret search's piece, and its scan: the first offset in [from, end) where one of the pairs at `tables` starts. */
  readonly searchScratch: Uint8Array
  pairAt(from: number, end: number, tables: number): number
  /** Writes the tables of a set of needles' first two bytes (one byte for a needle of one): where pairAt finds them. */
  pairTables(needles: readonly string[]): number
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
      pairAt: exports.pairAt as (from: number, end: number, tables: number) => number,
      pairTables(needles) {
        if (tables === MAX_TABLES) throw new Error('text-scan: no room for more pair tables')
        const at = TABLES_AT + TABLE_BYTES * tables++
        writePairTables(heap.subarray(at, at + TABLE_BYTES), needles)
        return at
      },
    }
  } catch {
    return null
  }
}

/**
 * One class per needle, so that a pair is found exactly: class k is bit k % 8 of the
 * tables of set k >> 3 (first byte low, high; second byte low, high).
 */
function writePairTables(tables: Uint8Array, needles: readonly string[]): void {
  if (needles.length > MAX_PAIR_CLASSES) throw new Error(`text-scan: at most ${MAX_PAIR_CLASSES} needles`)
  needles.forEach((needle, index) => {
    const set = tables.subarray((index >> 3) * 64, (index >> 3) * 64 + 64)
    const bit = 1 << (index & 7)
    const first = needle.charCodeAt(0)
    set[first & 0x0f] = (set[first & 0x0f] as number) | bit
    set[16 + (first >> 4)] = (set[16 + (first >> 4)] as number) | bit
    for (let nibble = 0; nibble < 16; nibble++) {
      const second = needle.length > 1 ? needle.charCodeAt(1) : undefined
      if (second === undefined || nibble === (second & 0x0f)) set[32 + nibble] = (set[32 + nibble] as number) | bit
      if (second === undefined || nibble === second >> 4) set[48 + nibble] = (set[48 + nibble] as number) | bit
    }
  })
}

/**
 * Each offset in bytes [start, end) where one of the needles whose tables are at
 * `tables` may start, by its first two bytes, in order, until `visit` says stop:
 * copied into the scanner's memory piece by piece and scanned sixteen bytes at a time.
 * The caller confirms each offset against the bytes themselves.
 */
export function forEachPairStart(scanner: TextScanner, tables: number, bytes: Uint8Array, start: number, end: number, visit: (at: number) => boolean | void): void {
  const scratch = scanner.searchScratch
  const base = scratch.byteOffset
  for (let pieceStart = start; pieceStart < end; pieceStart += PIECE_BYTES) {
    const length = Math.min(PIECE_BYTES, end - pieceStart)
    // Most files are one piece: copied whole, without a view made of them.
    scratch.set(length === bytes.length ? bytes : bytes.subarray(pieceStart, pieceStart + length))
    for (let found = scanner.pairAt(base, base + length, tables); found < base + length; found = scanner.pairAt(found + 1, base + length, tables)) {
      if (visit(pieceStart + found - base) === true) return
    }
  }
}
