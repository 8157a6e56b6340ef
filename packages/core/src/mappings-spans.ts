import { asBuffer, JsonScanner, type JsonSpan } from './json.js'
import { plainRunEnd, textScanner } from './text-scan.js'

const MAPPINGS_KEY = Buffer.from('"mappings"')

/**
 * The bodies of the string values of `mappings` keys, found by their bytes. In valid
 * JSON an unescaped `"mappings"` followed by a colon is a key wherever it sits: inside
 * a string its quotes would be escaped. Each body runs to the next quote, so a body
 * holding an escaped quote is cut short: callers check what a body holds.
 */
export function mappingsValues(bytes: Buffer): JsonSpan[] {
  const scanner = new JsonScanner(bytes)
  const spans: JsonSpan[] = []
  for (let at = bytes.indexOf(MAPPINGS_KEY); at !== -1; at = bytes.indexOf(MAPPINGS_KEY, at + 1)) {
    let backslashes = 0
    while (bytes[at - 1 - backslashes] === 0x5c) backslashes++
    if (backslashes % 2 === 1) continue
    let i = scanner.skipWhitespace(at + MAPPINGS_KEY.length)
    if (bytes[i] !== 0x3a) continue
    i = scanner.skipWhitespace(i + 1)
    if (bytes[i] !== 0x22) continue
    const close = bytes.indexOf(0x22, i + 1)
    if (close === -1) break
    spans.push({ start: i + 1, end: close })
    at = close
  }
  return spans
}

// Below this a body is read byte by byte: copying it for the scanner costs more.
const SCAN_FROM = 1024

/** Whether a body is a whole JSON string by itself: no escape, no raw control character. */
export function isPlainStringBody(bytes: Uint8Array, { start, end }: JsonSpan): boolean {
  const scanner = end - start >= SCAN_FROM ? textScanner() : undefined
  // Without a backslash the scanner stops at nothing but a control character (a body holds no quote).
  if (scanner) return !asBuffer(bytes).subarray(start, end).includes(0x5c) && plainRunEnd(scanner, bytes, start, end) === end
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number
    if (byte < 0x20 || byte === 0x5c) return false
  }
  return true
}
