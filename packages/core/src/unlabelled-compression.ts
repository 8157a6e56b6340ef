import { isUtf8 } from 'node:buffer'
import { decompress, unannouncedCompressions, type Compression } from './decompress.js'
import { asUtf8, firstValueByte, jsonPrefixLength, startsWithAscii } from './json.js'

// Compressed text that nothing announces: no map name, no compressor suffix, no magic
// bytes (brotli and raw deflate have none). Text in any encoding and files of a known
// binary format are told apart first, for under a microsecond a file; the rest is
// tried on a prefix, some 70 µs a try, most of it the decoder's setup.

// Enough input for brotli's tables and the first bytes they code (measured: a 1 KB
// prefix of a brotli map at any quality already yields 10 KB of it).
const PREFIX_BYTES = 4 * 1024
// A prefix that decompresses past this is tried again shorter; past it even then (over
// 1,000 to 1) it is runs of one byte, not text anyone wrote.
const PREFIX_OUTPUT_LIMIT = 1024 * 1024
const SHORT_PREFIX_BYTES = 1024
// Bytes of the decompressed start that must read as text: random data decompresses to
// a `{` about once in 4,000 tries, and to 32 printable ASCII bytes not once in 300,000.
const TEXT_SAMPLE = 32
// Compressed data holds control bytes within its first bytes; text, in whatever encoding, does not.
const SNIFF_BYTES = 512

// Formats that are not compressed text, by magic bytes (four or more, so that few
// compressed streams start the same way) at the given offset.
const KNOWN_FORMATS: ReadonlyArray<readonly [number, string]> = [
  [0, '\x89PNG'],
  [0, 'GIF8'],
  [0, 'RIFF'],
  [0, 'wOFF'],
  [0, 'wOF2'],
  [0, 'OTTO'],
  [0, 'ttcf'],
  [0, '\x00\x01\x00\x00'],
  [0, '\x00asm'],
  [0, '\x00\x00\x01\x00'],
  [0, 'PK\x03\x04'],
  [0, '%PDF'],
  [0, '\x1aE\xdf\xa3'],
  [0, 'OggS'],
  [0, '\x7fELF'],
  [0, '\xcf\xfa\xed\xfe'],
  [0, '\xce\xfa\xed\xfe'],
  [0, '\xca\xfe\xba\xbe'],
  [0, '(\xb5/\xfd'],
  [0, 'SQLite format 3'],
  [4, 'ftyp'],
]

function isControlByte(byte: number): boolean {
  return byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f
}

function hasControlBytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (isControlByte(byte)) return true
  return false
}

/** The first `length` bytes, cut where a character starts, so that a text's prefix stays valid UTF-8. */
function headOf(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length <= length) return bytes
  let end = length
  while (end > length - 4 && ((bytes[end] as number) & 0xc0) === 0x80) end--
  return bytes.subarray(0, end)
}

/** UTF-16 text by its BOM and a first character below 256, which the map reader reads as it is. */
function isUtf16Text(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[3] === 0) || (bytes[0] === 0xfe && bytes[1] === 0xff && bytes[2] === 0)
}

/** Binary content of no format shipguard knows: the only kind that may be compressed text. */
export function isUnknownBinary(bytes: Uint8Array): boolean {
  const head = headOf(bytes, SNIFF_BYTES)
  // isUtf8 first: native, where the loop over the bytes costs some 0.7 µs a file.
  if (isUtf8(head) || !hasControlBytes(head) || isUtf16Text(bytes)) return false
  return !KNOWN_FORMATS.some(([offset, magic]) => startsWithAscii(bytes, offset, magic))
}

/** How the start of some bytes reads, decompressed one way: as JSON (a map, maybe), as other text, or not as text. */
export type PrefixReading = 'json' | 'text' | 'other'

function readDecompressedStart(output: Uint8Array, inputLength: number): PrefixReading {
  // Deflate's stored blocks and brotli's uncompressed meta-blocks copy their input, so
  // that text in an 8-bit encoding can read as one; compressed text comes out longer.
  if (output.length <= inputLength) return 'other'
  const text = asUtf8(output.subarray(0, 4 * TEXT_SAMPLE))
  const sample = headOf(text.subarray(jsonPrefixLength(text)), TEXT_SAMPLE)
  if (sample.length === 0 || !isUtf8(sample) || hasControlBytes(sample)) return 'other'
  return firstValueByte(text) === 0x7b ? 'json' : 'text'
}

export function readPrefix(bytes: Uint8Array, compression: Compression): PrefixReading {
  for (const length of [PREFIX_BYTES, SHORT_PREFIX_BYTES]) {
    const input = bytes.subarray(0, length)
    const result = decompress(input, compression, { partial: true, maxOutputLength: PREFIX_OUTPUT_LIMIT })
    if (result.ok) return readDecompressedStart(result.bytes, input.length)
    if (!result.tooLarge) return 'other'
  }
  return 'other'
}

export interface UnlabelledText {
  compression: Compression
  prefix: Exclude<PrefixReading, 'other'>
}

/** The first way binary content, compressed without saying so, starts to decompress to text. */
export function findUnlabelledText(bytes: Uint8Array): UnlabelledText | undefined {
  for (const compression of unannouncedCompressions(bytes)) {
    const prefix = readPrefix(bytes, compression)
    if (prefix !== 'other') return { compression, prefix }
  }
  return undefined
}
