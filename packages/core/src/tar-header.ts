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
// Names a tar archive goes by, compressed or not, and as a backup.
const ARCHIVE_NAME = /\.(?:tar|tgz|tbr|taz|tbz2?|txz)(?:\.(?:gz|br|bz2|xz|zst|bak|backup|old|orig|\d+))*$/i
// Brotli has no magic bytes: like tar itself, it is tried only under a name that says brotli.
const BROTLI_NAME = /\.(br|tbr)$/i
// A shorter start where a longer one decompresses past the limit (brotli codes a long run of zeros in a few bytes).
const PREFIX_TRIES: readonly number[] = [TAR_HEAD_BYTES, 256]
const PREFIX_OUTPUT_LIMIT = 1024 * 1024

// The first byte of the magic, tested before the call that reads the rest: most files fail it.
const MAGIC_START = 0x75
const HEADER_BYTES = 512
// The header's checksum: octal digits in these 8 bytes, summing the header with them read as spaces.
const CHECKSUM_AT = 148
const CHECKSUM_BYTES = 8

/**
 * A tar header at the start: its magic, and a checksum that adds up. The magic alone is five
 * bytes that text can hold at that place (a tar library's own code spells `ustar`), and a
 * file taken for an archive that then cannot be read is refused. Under an archive's name the
 * magic is enough: tar skips a first header that fails its checksum and extracts the rest,
 * so such an archive is opened, and refused where it cannot be read through.
 */
function holdsTarHeader(bytes: Uint8Array, archiveNamed: () => boolean): boolean {
  if (bytes[MAGIC_AT] !== MAGIC_START || !startsWithAscii(bytes, MAGIC_AT, MAGIC)) return false
  if (archiveNamed()) return true
  if (bytes.length < HEADER_BYTES) return false
  const field = Buffer.from(bytes.buffer, bytes.byteOffset + CHECKSUM_AT, CHECKSUM_BYTES).toString('latin1')
  const stored = /^[ \0]*([0-7]{1,7})[ \0]*$/.exec(field)?.[1]
  if (stored === undefined) return false
  let unsigned = 0
  let signed = 0
  for (let i = 0; i < HEADER_BYTES; i++) {
    const byte = i >= CHECKSUM_AT && i < CHECKSUM_AT + CHECKSUM_BYTES ? 0x20 : (bytes[i] as number)
    unsigned += byte
    // Some old tars summed the bytes as signed.
    signed += byte > 0x7f ? byte - 0x100 : byte
  }
  const expected = Number.parseInt(stored, 8)
  return expected === unsigned || expected === signed
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
  // Asked only of a file with the magic: most have none.
  const archiveNamed = () => ARCHIVE_NAME.test(path)
  if (holdsTarHeader(head, archiveNamed)) return 'plain'
  if (hasGzipMagic(head)) return startsAsTar(head, 'gzip', archiveNamed) ? 'gzip' : undefined
  if (hasBrotliName(path)) return startsAsTar(head, 'brotli', archiveNamed) ? 'brotli' : undefined
  return undefined
}

function startsAsTar(head: Uint8Array, compression: Compression, archiveNamed: () => boolean): boolean {
  for (const length of PREFIX_TRIES) {
    const result = decompress(head.subarray(0, length), compression, { partial: true, maxOutputLength: PREFIX_OUTPUT_LIMIT })
    if (result.ok) return holdsTarHeader(result.bytes, archiveNamed)
    if (!result.tooLarge) return false
  }
  return false
}
