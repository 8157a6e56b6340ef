import { hexDigit } from './hex.js'

// Raw JSON written straight into code (`data:application/json,{"version":3,…}` in a
// comment or a CSS url()) has no delimiter of its own: where it ends is where JSON's
// grammar says. The walk follows that grammar byte by byte and stops at the first
// byte JSON does not allow there, so text that is no JSON (the usual case, and any
// number of `data:,{` in a line) costs a byte or two, not the rest of the line.

const enum Expect {
  Value,
  FirstKeyOrEnd,
  Key,
  Colon,
  FirstValueOrEnd,
  CommaOrEnd,
}

/**
 * Where one JSON value from `at` ends: `complete` when it closed, else where the walk
 * stopped (a byte JSON does not allow there, a line break, `limit`). A value spans one
 * line: raw JSON in a line comment ends with it.
 */
export function walkJsonValue(bytes: Uint8Array, at: number, limit: number): { end: number; complete: boolean } {
  // Open containers, innermost last: 1 for an object, 2 for an array.
  const open: number[] = []
  let expect = Expect.Value
  let i = at
  while (i < limit) {
    const byte = bytes[i] as number
    if (byte === 0x20 || byte === 0x09 || byte === 0x0d) {
      i++
      continue
    }
    if ((byte === 0x7d && expect === Expect.FirstKeyOrEnd) || (byte === 0x5d && expect === Expect.FirstValueOrEnd)) {
      // An empty object or array closes at once.
      open.pop()
      i++
      expect = Expect.CommaOrEnd
    } else if (expect === Expect.Colon) {
      if (byte !== 0x3a) return { end: i, complete: false }
      i++
      expect = Expect.Value
    } else if (expect === Expect.CommaOrEnd) {
      const inner = open[open.length - 1]
      if (byte === 0x2c && inner !== undefined) expect = inner === 1 ? Expect.Key : Expect.Value
      else if ((byte === 0x7d && inner === 1) || (byte === 0x5d && inner === 2)) open.pop()
      else return { end: i, complete: false }
      i++
    } else if (byte === 0x7b || byte === 0x5b) {
      if (expect === Expect.FirstKeyOrEnd || expect === Expect.Key) return { end: i, complete: false }
      open.push(byte === 0x7b ? 1 : 2)
      i++
      expect = byte === 0x7b ? Expect.FirstKeyOrEnd : Expect.FirstValueOrEnd
    } else {
      // A key is a string; a value may be any scalar.
      const isKey: boolean = expect === Expect.FirstKeyOrEnd || expect === Expect.Key
      const end = isKey ? (byte === 0x22 ? stringEnd(bytes, i, limit) : INVALID) : scalarEnd(bytes, i, limit)
      if (end < 0) return { end: end === CUT ? limit : i, complete: false }
      i = end
      expect = isKey ? Expect.Colon : Expect.CommaOrEnd
    }
    if (expect === Expect.CommaOrEnd && open.length === 0) return { end: i, complete: true }
  }
  return { end: Math.min(i, limit), complete: false }
}

/** One JSON value from `at` on its line, or undefined where there is none. */
export function oneJsonValue(bytes: Buffer, at: number): Buffer | undefined {
  const walk = walkJsonValue(bytes, at, bytes.length)
  return walk.complete ? bytes.subarray(at, walk.end) : undefined
}

/**
 * What was meant as one JSON value from `at`, by bracket matching that skips strings,
 * up to `limit` and within the line: JSON that breaks the grammar (a stray escape, a
 * trailing comma, the escaped quotes of a string it sits in) still reads as the broken
 * map it may be, and is refused for it rather than passed.
 */
export function bracketedValue(bytes: Buffer, at: number, limit: number): Buffer | undefined {
  let depth = 0
  let inString = false
  for (let i = at; i < limit; i++) {
    const byte = bytes[i]
    if (byte === 0x0a) return undefined
    if (inString) {
      if (byte === 0x5c) i++
      else if (byte === 0x22) inString = false
    } else if (byte === 0x22) {
      inString = true
    } else if (byte === 0x7b || byte === 0x5b) {
      depth++
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--
      if (depth === 0) return bytes.subarray(at, i + 1)
    }
  }
  return undefined
}

// What a token's end is when there is none: a byte JSON does not allow, or `limit` reached
// inside the token, which may go on past it (a map cut by a window is no map that ended).
const INVALID = -1
const CUT = -2

/** The end of a string, number or literal at `at`; INVALID where JSON allows none, CUT where `limit` falls inside it. */
function scalarEnd(bytes: Uint8Array, at: number, limit: number): number {
  const byte = bytes[at] as number
  if (byte === 0x22) return stringEnd(bytes, at, limit)
  if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) {
    let i = at + 1
    while (i < limit && isNumberByte(bytes[i] as number)) i++
    return i
  }
  for (const literal of LITERALS) {
    const fits = literal.every((expected, offset) => at + offset >= limit || bytes[at + offset] === expected)
    if (fits) return at + literal.length > limit ? CUT : at + literal.length
  }
  return INVALID
}

const LITERALS = ['true', 'false', 'null'].map((text) => [...Buffer.from(text)])

function isNumberByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || byte === 0x2e || byte === 0x65 || byte === 0x45 || byte === 0x2b || byte === 0x2d
}

/** The end of the string whose quote is at `at`, past its closing quote; INVALID at a control byte (a line break among them) or a bad escape, CUT at `limit`. */
function stringEnd(bytes: Uint8Array, at: number, limit: number): number {
  for (let i = at + 1; i < limit; i++) {
    const byte = bytes[i] as number
    if (byte === 0x22) return i + 1
    if (byte < 0x20) return INVALID
    if (byte !== 0x5c) continue
    if (i + 1 >= limit) return CUT
    const escaped = bytes[i + 1] as number
    if (escaped === 0x75) {
      for (let digit = i + 2; digit < i + 6; digit++) {
        if (digit >= limit) return CUT
        if (hexDigit(bytes[digit]) === -1) return INVALID
      }
      i += 5
    } else if (SIMPLE_ESCAPES.has(escaped)) {
      i++
    } else {
      return INVALID
    }
  }
  return CUT
}

const SIMPLE_ESCAPES = new Set(Buffer.from('"\\/bfnrt'))
