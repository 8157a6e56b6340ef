import { isUtf8 } from 'node:buffer'
import { decompress, unannouncedCompressions, type Compression } from './decompress.js'
import { asUtf8, isJsonWhitespace, jsonPrefixLength, startsWithAscii } from './json.js'

// Compressed text that nothing announces: no map name, no compressor suffix, no magic
// bytes (brotli and raw deflate have none). Text in any encoding and files of a known
// binary format are told apart first, for under a microsecond a file; the rest is
// tried on a prefix, some 70 µs a try, most of it the decoder's setup.

// Enough input for brotli's tables and the first bytes they code (measured: a 1 KB
// prefix of a brotli map at any quality already yields 10 KB of it).
const PREFIX_BYTES = 4 * 1024
// A prefix that decompresses past this is tried again shorter (PREFIX_TRIES below).
const PREFIX_OUTPUT_LIMIT = 1024 * 1024
// Bytes of the decompressed start that must read as text: no control bytes, and many
// different ones.
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

/** Binary content that starts to decompress, one way, to text. */
export interface UnlabelledText {
  compression: Compression
  /** The decompressed start, to tell what kind of text it is. */
  start: Uint8Array
  /** It starts as a JSON object: a map, maybe. */
  json: boolean
  /**
   * It came out no longer than it went in: a stored block (deflate level 0, brotli on
   * tiny input) copies its input, so that a byte of binary data can pass for one.
   * Such a start is trusted only if the whole decompresses to its last byte.
   */
  stored: boolean
}

// Garbage that decompresses at all mostly repeats a byte or two (`{{{{{{…X` from nine
// random bytes); text, let alone a map, uses many.
const DISTINCT_BYTES = 8

function isVaried(sample: Uint8Array): boolean {
  return new Set(sample).size >= Math.min(DISTINCT_BYTES, Math.ceil(sample.length / 2))
}

/** `{` and then a key's quote or the closing brace: the start of a JSON object, not of text with a brace. */
function startsJsonObject(sample: Uint8Array): boolean {
  let at = 0
  while (isJsonWhitespace(sample[at])) at++
  if (sample[at++] !== 0x7b) return false
  while (isJsonWhitespace(sample[at])) at++
  return sample[at] === 0x22 || sample[at] === 0x7d || at >= sample.length
}

function readStart(compression: Compression, output: Uint8Array, inputLength: number): UnlabelledText | undefined {
  // Text in any 8-bit encoding, as a script may be; read as UTF-8 past a UTF-16 BOM.
  const text = asUtf8(output.subarray(0, 4 * TEXT_SAMPLE))
  const sample = text.subarray(jsonPrefixLength(text), jsonPrefixLength(text) + TEXT_SAMPLE)
  if (sample.length === 0 || hasControlBytes(sample) || !isVaried(sample)) return undefined
  return { compression, start: output.subarray(0, 4 * TEXT_SAMPLE), json: startsJsonObject(sample), stored: output.length <= inputLength }
}

// Shorter prefixes with more room for output: a map of repeated lines can decompress
// past 1,000 to 1 from its first bytes (measured: 133 bytes of brotli to 4.4 MB).
const PREFIX_TRIES: ReadonlyArray<readonly [inputBytes: number, maxOutputLength: number]> = [
  [PREFIX_BYTES, PREFIX_OUTPUT_LIMIT],
  [256, 16 * PREFIX_OUTPUT_LIMIT],
  [64, 16 * PREFIX_OUTPUT_LIMIT],
]

/** How the start of `bytes` reads decompressed one way: as text, or (undefined) not. */
export function readPrefix(bytes: Uint8Array, compression: Compression): UnlabelledText | undefined {
  for (const [length, maxOutputLength] of PREFIX_TRIES) {
    const input = bytes.subarray(0, length)
    const result = decompress(input, compression, { partial: true, maxOutputLength })
    if (result.ok) return readStart(compression, result.bytes, input.length)
    if (!result.tooLarge) return undefined
  }
  return undefined
}

/** The first way binary content, compressed without saying so, starts to decompress to text. */
export function findUnlabelledText(bytes: Uint8Array): UnlabelledText | undefined {
  for (const compression of unannouncedCompressions(bytes)) {
    const found = readPrefix(bytes, compression)
    if (found !== undefined) return found
  }
  return undefined
}
