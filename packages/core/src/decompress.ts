import type * as Zlib from 'node:zlib'

export type Compression = 'gzip' | 'brotli' | 'zlib' | 'deflate'

const COMPRESSED_SUFFIX = /\.(gz|br)$/i
// Suffixes of compressors Node cannot undo: a map behind one cannot be judged.
const UNREADABLE_SUFFIX = /\.(zst|zstd|xz|lz4|lzma|bz2|zz|deflate)$/i

/** The name a compressed file has once decompressed: `app.js.map.gz` → `app.js.map`. */
export function withoutCompressionSuffix(path: string): string {
  return path.replace(COMPRESSED_SUFFIX, '').replace(UNREADABLE_SUFFIX, '')
}

/** `app.js.map.zst` → `zst`: compressed in a way shipguard cannot read. */
export function unreadableCompression(path: string): string | undefined {
  return UNREADABLE_SUFFIX.exec(path)?.[1]?.toLowerCase()
}

// Compressors Node cannot undo, by their magic bytes: a map behind one named plain `.map` fails closed.
const UNREADABLE_MAGIC: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['lz4', [0x04, 0x22, 0x4d, 0x18]],
  ['bzip2', [0x42, 0x5a, 0x68]],
]

const MAGIC_FIRST_BYTES = new Set(UNREADABLE_MAGIC.map(([, magic]) => magic[0]))

/** `zstd`, `xz`, `lz4` or `bzip2` by the bytes a file starts with. */
export function unreadableCompressionByMagic(bytes: Uint8Array): string | undefined {
  // Asked of every file whose name says code or JSON: most are told by their first byte.
  if (!MAGIC_FIRST_BYTES.has(bytes[0] as number)) return undefined
  for (const [name, magic] of UNREADABLE_MAGIC) {
    if (magic.every((byte, index) => bytes[index] === byte) && (name !== 'bzip2' || ((bytes[3] ?? 0) >= 0x31 && (bytes[3] ?? 0) <= 0x39))) return name
  }
  return undefined
}

export function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b
}

/** A zlib header: deflate method, a window that fits, and the check bits right. */
function hasZlibHeader(bytes: Uint8Array): boolean {
  const cmf = bytes[0]
  const flg = bytes[1]
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0
}

/** Compression announced by magic bytes (gzip) or by name (brotli has no magic). */
export function detectCompression(path: string, bytes: Uint8Array): Compression | undefined {
  if (hasGzipMagic(bytes) || /\.gz$/i.test(path)) return 'gzip'
  if (/\.br$/i.test(path)) return 'brotli'
  return undefined
}

export type Decompressed = { ok: true; bytes: Uint8Array; consumed: number } | { ok: false; reason: string; tooLarge: boolean }

// Output past this is refused rather than held: eight files in flight must not exhaust memory.
export const MAX_DECOMPRESSED_BYTES: number = 1024 ** 3

// Loaded on first use: most outputs hold nothing compressed, and a CLI pays for each module it loads.
let loaded: typeof Zlib | undefined
function zlib(): typeof Zlib {
  loaded ??= process.getBuiltinModule('node:zlib')
  return loaded
}

type Decompressor = (bytes: Uint8Array, options: object) => unknown

const decompressors: Record<Compression, () => Decompressor> = {
  gzip: () => zlib().gunzipSync,
  brotli: () => zlib().brotliDecompressSync,
  zlib: () => zlib().inflateSync,
  deflate: () => zlib().inflateRawSync,
}

export interface DecompressOptions {
  maxOutputLength?: number
  /** A cut-off stream yields what it holds so far instead of failing: for reading a prefix. */
  partial?: boolean
}

/** Decompresses whole (or, `partial`, a prefix); `consumed` says how much input the stream took. */
export function decompress(bytes: Uint8Array, compression: Compression, { maxOutputLength = MAX_DECOMPRESSED_BYTES, partial = false }: DecompressOptions = {}): Decompressed {
  // Small output chunks for a prefix: Node 20 keeps some of each chunk of a call that
  // fails (about 7.5 KB a call at the default 16 KB, 2 KB at 1 KB), and most prefixes
  // tried fail.
  try {
    const { constants } = zlib()
    const flush = partial ? { finishFlush: compression === 'brotli' ? constants.BROTLI_OPERATION_FLUSH : constants.Z_SYNC_FLUSH, chunkSize: 1024 } : {}
    const { buffer, engine } = decompressors[compression]()(bytes, { maxOutputLength, info: true, ...flush }) as { buffer: Buffer; engine: { bytesWritten: number } }
    return { ok: true, bytes: buffer, consumed: engine.bytesWritten }
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined
    if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, tooLarge: true, reason: `its ${compression} data decompresses to more than ${formatLimit(maxOutputLength)}` }
    const detail = error instanceof Error ? error.message : String(error)
    return { ok: false, tooLarge: false, reason: `its ${compression} data cannot be decompressed (${detail})` }
  }
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GiB` : `${bytes / 1024 ** 2} MiB`
}

const compressors: Record<Compression, (bytes: Uint8Array) => Buffer> = {
  gzip: (bytes) => zlib().gzipSync(bytes),
  // Node's default brotli quality (11) runs at a few MB/s, too slow for a large map in a build.
  brotli: (bytes) => zlib().brotliCompressSync(bytes, { params: { [zlib().constants.BROTLI_PARAM_QUALITY]: 9 } }),
  zlib: (bytes) => zlib().deflateSync(bytes),
  deflate: (bytes) => zlib().deflateRawSync(bytes),
}

// As deep as reading goes (gzip inside gzip happens when a compression step runs twice).
const MAX_NESTED_EDIT = 3

/**
 * Applies an edit to what a compressed file holds and compresses the result the same
 * way, so that a `.js.gz` beside its `.js` gets the same edit. Returns the input
 * itself when the edit changes nothing or the content cannot be reached.
 */
export function editCompressed(bytes: Uint8Array, compression: Compression, edit: (content: Uint8Array) => Uint8Array, depth = 0): Uint8Array {
  const inner = decompress(bytes, compression)
  if (!inner.ok) return bytes
  const nested = hasGzipMagic(inner.bytes) && depth + 1 < MAX_NESTED_EDIT
  const edited = nested ? editCompressed(inner.bytes, 'gzip', edit, depth + 1) : edit(inner.bytes)
  return edited === inner.bytes ? bytes : compressors[compression](edited)
}

/** The compressions that leave no magic bytes to tell them by, in the order worth trying. */
export function unannouncedCompressions(bytes: Uint8Array): Compression[] {
  return hasZlibHeader(bytes) ? ['zlib', 'brotli', 'deflate'] : ['brotli', 'deflate']
}

/**
 * Binary content under a map's name may be a map compressed without saying so:
 * zlib (by its header), brotli or raw deflate. Returns each way it decompresses.
 */
export function* hiddenDecompressions(bytes: Uint8Array): Generator<{ compression: Compression; bytes: Uint8Array }> {
  for (const compression of unannouncedCompressions(bytes)) {
    const result = decompress(bytes, compression)
    if (result.ok && result.bytes.length > 0) yield { compression, bytes: result.bytes }
  }
}
