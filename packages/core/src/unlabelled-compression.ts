import { isUtf8 } from 'node:buffer'
import { decompress, unannouncedCompressions, type Compression } from './decompress.js'
import { asUtf8, isJsonWhitespace, jsonPrefixLength, startsWithAscii } from './json.js'

// Compressed text that nothing announces: no map name, no compressor suffix, no magic
// bytes (brotli and raw deflate have none). UTF-8 text and files of a known binary
// format are told apart first, for under a microsecond a file; the rest is tried on a
// prefix, some 70 µs a try, most of it the decoder's setup.

// Enough input for brotli's tables and the first bytes they code (measured: a 1 KB
// prefix of a brotli map at any quality already yields 10 KB of it).
const PREFIX_BYTES = 4 * 1024
// A prefix that decompresses past this is tried again shorter (PREFIX_TRIES below).
const PREFIX_OUTPUT_LIMIT = 1024 * 1024
// The decompressed start that must read as text: at least this long, and within its
// first TEXT_WINDOW bytes no control bytes and many different ones.
const MIN_TEXT_BYTES = 32
const TEXT_WINDOW = 256
// Compressed data holds control bytes within its first bytes (256 random bytes hold
// none about once in 10^12); text, in whatever encoding, does not.
const SNIFF_BYTES = 256

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
  [0, 'glTF'],
  [0, '\xabKTX'],
  [4, 'ftyp'],
]

// A table rather than comparisons: the gate runs on every file (0.3 µs on 256 bytes).
const CONTROL_BYTES = new Uint8Array(256)
// Tab, line feed, form feed and carriage return are text; a vertical tab hardly ever is.
for (let byte = 0; byte < 0x20; byte++) if (byte < 0x09 || byte === 0x0b || byte > 0x0d) CONTROL_BYTES[byte] = 1
CONTROL_BYTES[0x7f] = 1

function hasControlBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (CONTROL_BYTES[bytes[i] as number] === 1) return true
  return false
}

/** UTF-16 text by its BOM and a first character below 256, which the map reader reads as it is. */
function isUtf16Text(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[3] === 0) || (bytes[0] === 0xfe && bytes[1] === 0xff && bytes[2] === 0)
}

/** The first `length` bytes, cut where a character starts, so that a text's prefix stays valid UTF-8. */
function headOf(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length <= length) return bytes
  let end = length
  while (end > length - 4 && ((bytes[end] as number) & 0xc0) === 0x80) end--
  return bytes.subarray(0, end)
}

/** A file of a known binary format by its magic bytes: an image, a font, wasm, an archive, media, an executable. */
export function isKnownBinaryFormat(bytes: Uint8Array): boolean {
  return KNOWN_FORMATS.some(([offset, magic]) => startsWithAscii(bytes, offset, magic))
}

/**
 * Binary content of no format shipguard knows: the only kind that may be compressed
 * text. Only UTF-8 without control bytes is text for sure: a stored block's header
 * can be valid UTF-8 (`78 01 01 25 46 da b9`), or free of control bytes (`8b 99 80`),
 * so text in an 8-bit encoding is tried too.
 */
export function isUnknownBinary(bytes: Uint8Array): boolean {
  const head = headOf(bytes, SNIFF_BYTES)
  if ((isUtf8(head) && !hasControlBytes(head)) || isUtf16Text(bytes)) return false
  return !isKnownBinaryFormat(bytes)
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
// random bytes); text uses many, even after a banner of asterisks or blank lines.
const DISTINCT_BYTES = 8

function isVaried(window: Uint8Array): boolean {
  return new Set(window).size >= DISTINCT_BYTES
}

/** `{` and then a key's quote or the closing brace: the start of a JSON object, not of text with a brace. */
function startsJsonObject(text: Uint8Array): boolean {
  let at = 0
  while (isJsonWhitespace(text[at])) at++
  if (text[at++] !== 0x7b) return false
  while (isJsonWhitespace(text[at])) at++
  return text[at] === 0x22 || text[at] === 0x7d || at >= text.length
}

function readStart(compression: Compression, output: Uint8Array, inputLength: number): UnlabelledText | undefined {
  // Text in any 8-bit encoding, as a script may be; read as UTF-8 past a UTF-16 BOM.
  const text = asUtf8(output.subarray(0, 2 * TEXT_WINDOW))
  const prefix = jsonPrefixLength(text)
  const window = text.subarray(prefix, prefix + TEXT_WINDOW)
  if (window.length < MIN_TEXT_BYTES || hasControlBytes(window) || !isVaried(window)) return undefined
  return { compression, start: window, json: startsJsonObject(window), stored: output.length <= inputLength }
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

/** Each way binary content, compressed without saying so, starts to decompress to text. */
export function* unlabelledTexts(bytes: Uint8Array): Generator<UnlabelledText> {
  for (const compression of unannouncedCompressions(bytes)) {
    const found = readPrefix(bytes, compression)
    if (found !== undefined) yield found
  }
}
