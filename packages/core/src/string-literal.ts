import { hexValue } from './hex.js'

/**
 * The text of a JavaScript string literal from `at` (just inside its opening quote) to
 * its closing `quote`, as UTF-8 with its escapes undone: the URL a script hands to a
 * browser. A literal that runs into a line break (or, for a template, into `${`) ends
 * there. Without escapes the bytes are used in place.
 */
export function readStringLiteral(bytes: Buffer, at: number, quote: number): { data: Buffer; end: number } {
  const pieces: Buffer[] = []
  let pieceStart = at
  let i = at
  while (i < bytes.length) {
    const byte = bytes[i] as number
    if (byte === quote || ((byte === 0x0a || byte === 0x0d) && quote !== 0x60) || (quote === 0x60 && byte === 0x24 && bytes[i + 1] === 0x7b)) break
    if (byte !== 0x5c) {
      i++
      continue
    }
    const escape = unescape(bytes, i)
    pieces.push(bytes.subarray(pieceStart, i), escape.text)
    i = escape.next
    pieceStart = i
  }
  const last = bytes.subarray(pieceStart, i)
  return { data: pieces.length === 0 ? last : Buffer.concat([...pieces, last]), end: i }
}

const SIMPLE: Record<number, string> = { 0x6e: '\n', 0x72: '\r', 0x74: '\t', 0x62: '\b', 0x66: '\f', 0x76: '\v', 0x30: '\0' }

function unescape(bytes: Buffer, at: number): { text: Buffer; next: number } {
  const next = bytes[at + 1]
  if (next === undefined) return { text: Buffer.alloc(0), next: at + 1 }
  // A line continuation stands for nothing.
  if (next === 0x0a) return { text: Buffer.alloc(0), next: at + 2 }
  if (next === 0x0d) return { text: Buffer.alloc(0), next: bytes[at + 2] === 0x0a ? at + 3 : at + 2 }
  const simple = SIMPLE[next]
  if (simple !== undefined) return { text: Buffer.from(simple), next: at + 2 }
  const code = codePointAt(bytes, at)
  if (code !== undefined) return { text: Buffer.from(String.fromCodePoint(code.value)), next: code.next }
  // Any other escaped character stands for itself, a multi-byte one whole.
  let end = at + 2
  while (end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end++
  return { text: bytes.subarray(at + 1, end), next: end }
}

/** `\xHH`, `\uHHHH` (joined with a low surrogate that follows) and `\u{…}`. */
function codePointAt(bytes: Buffer, at: number): { value: number; next: number } | undefined {
  const kind = bytes[at + 1]
  if (kind === 0x78) return hex(bytes, at + 2, 2)
  if (kind !== 0x75) return undefined
  if (bytes[at + 2] === 0x7b) {
    const close = bytes.indexOf(0x7d, at + 3)
    const value = close === -1 || close - at > 12 ? undefined : hex(bytes, at + 3, close - at - 3)
    return value && value.value <= 0x10ffff ? { value: value.value, next: close + 1 } : undefined
  }
  const unit = hex(bytes, at + 2, 4)
  if (!unit || unit.value < 0xd800 || unit.value > 0xdbff || bytes[unit.next] !== 0x5c || bytes[unit.next + 1] !== 0x75) return unit && { value: unit.value >= 0xd800 && unit.value <= 0xdfff ? 0xfffd : unit.value, next: unit.next }
  const low = hex(bytes, unit.next + 2, 4)
  if (!low || low.value < 0xdc00 || low.value > 0xdfff) return { value: 0xfffd, next: unit.next }
  return { value: 0x10000 + ((unit.value - 0xd800) << 10) + (low.value - 0xdc00), next: low.next }
}

function hex(bytes: Buffer, at: number, length: number): { value: number; next: number } | undefined {
  const value = length === 0 ? undefined : hexValue(bytes, at, length)
  return value === undefined ? undefined : { value, next: at + length }
}
