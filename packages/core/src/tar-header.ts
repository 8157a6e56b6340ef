import { decompress, hasGzipMagic, type Compression } from './decompress.js'
import { startsWithAscii } from './json.js'

/** How a tar archive is stored: as it is, or in one layer of gzip or brotli. */
export type TarPacking = 'plain' | 'gzip' | 'brotli'

// POSIX (ustar) and GNU tar write this in every header; the old v7 format has no magic and is not looked for.
const MAGIC = 'ustar'
const MAGIC_AT = 257
// Enough of a compressed file for its first tar header: a 512-byte header compresses to a few
// hundred bytes, after gzip's own header with the file name it may hold.
export const TAR_HEAD_BYTES: number = 2 * 1024
// Brotli has no magic bytes: like tar itself, it is tried only under a name that says brotli.
const BROTLI_NAME = /\.(br|tbr)$/i
// A shorter start where a longer one decompresses past the limit (brotli codes a long run of zeros in a few bytes).
const PREFIX_TRIES: readonly number[] = [TAR_HEAD_BYTES, 256]
const PREFIX_OUTPUT_LIMIT = 1024 * 1024

// The first byte of the magic, tested before the call that reads the rest: most files fail it.
const MAGIC_START = 0x75

function holdsTarMagic(bytes: Uint8Array): boolean {
  return bytes[MAGIC_AT] === MAGIC_START && startsWithAscii(bytes, MAGIC_AT, MAGIC)
}

/** `.br` or `.tbr` in any case, with the regular expression run only on a name ending in `r`. */
function hasBrotliName(path: string): boolean {
  const last = path.charCodeAt(path.length - 1) | 0x20
  return last === 0x72 && BROTLI_NAME.test(path)
}

/**
 * Whether a file is a tar archive, by its content whatever its name, and how it is stored;
 * `head` is its start, TAR_HEAD_BYTES of it where it has them. Asked of every file: most
 * cost a byte comparison or two, a gzip or `.br` file the decompression of its first kilobytes.
 */
export function tarPacking(path: string, head: Uint8Array): TarPacking | undefined {
  if (holdsTarMagic(head)) return 'plain'
  if (hasGzipMagic(head)) return startsAsTar(head, 'gzip') ? 'gzip' : undefined
  if (hasBrotliName(path)) return startsAsTar(head, 'brotli') ? 'brotli' : undefined
  return undefined
}

function startsAsTar(head: Uint8Array, compression: Compression): boolean {
  for (const length of PREFIX_TRIES) {
    const result = decompress(head.subarray(0, length), compression, { partial: true, maxOutputLength: PREFIX_OUTPUT_LIMIT })
    if (result.ok) return holdsTarMagic(result.bytes)
    if (!result.tooLarge) return false
  }
  return false
}
