import { PLAIN_RUN_WASM } from './plain-run-wasm.js'

/**
 * Where bytes to scan go in the module's memory, past the table of escapes it keeps
 * at 0..255. A piece that size stays in the core's cache between the copy and the scan.
 */
const SCRATCH_AT = 1024
export const PIECE_BYTES: number = 256 * 1024
const PAGE_BYTES = 65_536

/** plain-run.wat, ready: bytes copied into `scratch` are scanned by offsets into memory. */
export interface PlainRunScanner {
  readonly scratch: Uint8Array
  /** See plain-run.wat: the first offset in [from, end) that ends a run of plain string bytes and simple escapes. */
  plainEnd(from: number, end: number): number
}

let scanner: PlainRunScanner | null | undefined

// The little of WebAssembly used here: its types come with the DOM library, which this package leaves out.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: Record<string, unknown> }
}
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

/** The scanner, or undefined where WebAssembly SIMD is not available (the reader's JavaScript loop does the same). */
export function plainRunScanner(): PlainRunScanner | undefined {
  if (scanner === undefined) scanner = instantiate()
  return scanner ?? undefined
}

function instantiate(): PlainRunScanner | null {
  try {
    const bytes = Uint8Array.from(atob(PLAIN_RUN_WASM), (char) => char.charCodeAt(0))
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes))
    const memory = exports.memory as WasmMemory
    const missing = Math.ceil((SCRATCH_AT + PIECE_BYTES) / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES
    if (missing > 0) memory.grow(missing)
    return { scratch: new Uint8Array(memory.buffer, SCRATCH_AT, PIECE_BYTES), plainEnd: exports.plainEnd as (from: number, end: number) => number }
  } catch {
    return null
  }
}
