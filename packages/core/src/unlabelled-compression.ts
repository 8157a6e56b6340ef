import { isUtf8 } from 'node:buffer'
import { brotliDecompressSync, constants, inflateRawSync, inflateSync } from 'node:zlib'
import { hasZlibHeader, type Compression } from './decompress.js'
import { firstValueByte, jsonPrefixLength } from './json.js'

// Compressed data that nothing announces: no map name, no compressor suffix, no magic
// (brotli and raw deflate have none). Every binary file of an unknown format is a
// candidate, so each is first tried on a prefix: a few microseconds, where
// decompressing whole files would cost as much as reading them.

// Enough input for brotli's tables and the first bytes they code (measured: a 1 KB
// prefix of a brotli map at any quality already yields 10 KB of it).
const PREFIX_BYTES = 16 * 1024
const PREFIX_OUTPUT_LIMIT = 1024 * 1024
// Printable ASCII bytes a prefix must decompress to before it counts as text. Random
// data decompresses without error about once in 20 tries (brotli, with a flush), to a
// `{` once in 4,000, and to 32 printable ASCII bytes not once in 300,000 (measured).
const PRINTABLE_RUN = 32
// Text files are never judged this way: compressed data is not valid UTF-8 for long
// (a native check, some 0.1 µs a file, where a loop over the bytes took 0.7).
const SNIFF_BYTES = 512

// Formats that are not compressed JSON, by their magic bytes at the given offset.
const KNOWN_FORMATS: ReadonlyArray<readonly [number, string]> = [
  [0, '\x89PNG'],
  [0, '\xff\xd8\xff'],
  [0, 'GIF8'],
  [0, 'RIFF'],
  [0, 'wOFF'],
  [0, 'wOF2'],
  [0, 'OTTO'],
  [0, '\x00\x01\x00\x00'],
  [0, '\x00asm'],
  [0, '\x00\x00\x01\x00'],
  [0, 'PK\x03\x04'],
  [0, '%PDF'],
  [0, '\x1aE\xdf\xa3'],
  [0, 'OggS'],
  [0, 'ID3'],
  [4, 'ftyp'],
  // UTF-16 text, which the map reader reads as it is.
  [0, '\xff\xfe'],
  [0, '\xfe\xff'],
]

function startsWith(bytes: Uint8Array, offset: number, magic: string): boolean {
  if (bytes.length < offset + magic.length) return false
  for (let i = 0; i < magic.length; i++) if (bytes[offset + i] !== magic.charCodeAt(i)) return false
  return true
}

function isPrintableAscii(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d
}

/** The first bytes, cut where a character starts, so that a text's prefix stays valid UTF-8. */
function headOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= SNIFF_BYTES) return bytes
  let end = SNIFF_BYTES
  while (end > SNIFF_BYTES - 4 && ((bytes[end] as number) & 0xc0) === 0x80) end--
  return bytes.subarray(0, end)
}

/** Binary content of no format shipguard knows: the only kind that may be compressed text. */
export function isUnknownBinary(bytes: Uint8Array): boolean {
  if (isUtf8(headOf(bytes))) return false
  return !KNOWN_FORMATS.some(([offset, magic]) => startsWith(bytes, offset, magic))
}

type UnlabelledCompression = Exclude<Compression, 'gzip'>

const prefixDecompressors: Record<UnlabelledCompression, (bytes: Uint8Array) => Buffer> = {
  // A flush instead of an end: a cut-off stream yields what it holds so far.
  brotli: (bytes) => brotliDecompressSync(bytes, { finishFlush: constants.BROTLI_OPERATION_FLUSH, maxOutputLength: PREFIX_OUTPUT_LIMIT }),
  zlib: (bytes) => inflateSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: PREFIX_OUTPUT_LIMIT }),
  deflate: (bytes) => inflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: PREFIX_OUTPUT_LIMIT }),
}

/**
 * How the start of `bytes` reads once decompressed one way: as JSON (a map, maybe),
 * as other text, as more than a prefix should yield (read it whole to know), or as
 * nothing that text would be.
 */
export type PrefixReading = 'json' | 'text' | 'too-large' | 'other'

export function readPrefix(bytes: Uint8Array, compression: UnlabelledCompression): PrefixReading {
  let output: Buffer
  try {
    output = prefixDecompressors[compression](bytes.subarray(0, PREFIX_BYTES))
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'other'
  }
  const start = jsonPrefixLength(output)
  const end = Math.min(output.length, start + PRINTABLE_RUN)
  // Short of a full run only where the whole file was read: real compressed text yields
  // its first bytes within the prefix.
  if (end === start || (end - start < PRINTABLE_RUN && bytes.length > PREFIX_BYTES)) return 'other'
  for (let i = start; i < end; i++) if (!isPrintableAscii(output[i] as number)) return 'other'
  return firstValueByte(output) === 0x7b ? 'json' : 'text'
}

export interface UnlabelledContent {
  compression: UnlabelledCompression
  prefix: PrefixReading
}

/** The ways binary content may be compressed without saying so, where its start says it might be. */
export function unlabelledCandidates(bytes: Uint8Array): UnlabelledContent[] {
  const kinds: UnlabelledCompression[] = hasZlibHeader(bytes) ? ['zlib', 'brotli', 'deflate'] : ['brotli', 'deflate']
  return kinds.map((compression) => ({ compression, prefix: readPrefix(bytes, compression) })).filter((candidate) => candidate.prefix !== 'other')
}
