const encoder = new TextEncoder()

/**
 * The UTF-8 bytes of a text. Buffer.from measures the text in one pass and writes it
 * in another; a bundle's code is mostly ASCII, whose bytes number its length, so
 * encoding straight into memory of that size takes half the time (6 ms against 12 for
 * 13 MB of a vite build's output). Past the first character that needs more bytes,
 * the rest is encoded apart.
 */
export function utf8Bytes(text: string): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(text.length)
  const { read, written } = encoder.encodeInto(text, bytes)
  if (read === text.length) return bytes.subarray(0, written)
  return Buffer.concat([bytes.subarray(0, written), Buffer.from(text.slice(read))])
}
