import { constants as bufferConstants } from 'node:buffer'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'

export type Compression = 'gzip' | 'brotli'

const COMPRESSED_SUFFIX = /\.(gz|br)$/i

/** The name a compressed file has once decompressed: `app.js.map.gz` → `app.js.map`. */
export function withoutCompressionSuffix(path: string): string {
  return path.replace(COMPRESSED_SUFFIX, '')
}

function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b
}

/** Compression announced by magic bytes (gzip) or by name (brotli has no magic). */
export function detectCompression(path: string, bytes: Uint8Array): Compression | undefined {
  if (hasGzipMagic(bytes) || /\.gz$/i.test(path)) return 'gzip'
  if (/\.br$/i.test(path)) return 'brotli'
  return undefined
}

export type Decompressed = { ok: true; bytes: Uint8Array } | { ok: false; reason: string }

// Anything past the largest Buffer could not be judged, so it is refused rather than truncated.
const limit = { maxOutputLength: bufferConstants.MAX_LENGTH }

export function decompress(bytes: Uint8Array, compression: Compression): Decompressed {
  try {
    const output = compression === 'gzip' ? gunzipSync(bytes, limit) : brotliDecompressSync(bytes, limit)
    return { ok: true, bytes: output }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return { ok: false, reason: `its ${compression} data cannot be decompressed (${detail})` }
  }
}

/** A brotli stream hidden behind a plain name; undefined when the bytes are not brotli. */
export function tryBrotli(bytes: Uint8Array): Uint8Array | undefined {
  const result = decompress(bytes, 'brotli')
  return result.ok && result.bytes.length > 0 ? result.bytes : undefined
}
