// JSON as JSON.parse reads it. Judging always goes through JSON.parse, so escaped
// keys ("sources\u0043ontent") and duplicate keys (last one wins) mean exactly what
// they mean to every consumer of the file. The member scanner below only locates
// byte spans inside text that JSON.parse has already accepted, so it can skip
// strings with indexOf instead of validating them byte by byte.

const BOM = [0xef, 0xbb, 0xbf]
// ECMA-426 names `)]}'`; consumers also strip the shorter `)]}` line, so both are skipped.
const XSSI_PREFIX = ')]}'

/** Text before the JSON value that map consumers ignore: BOMs and a `)]}'` line. */
export function jsonPrefixLength(bytes: Uint8Array): number {
  let start = 0
  while (bytes[start] === BOM[0] && bytes[start + 1] === BOM[1] && bytes[start + 2] === BOM[2]) start += 3
  if (startsWithAscii(bytes, start, XSSI_PREFIX)) {
    const newline = bytes.indexOf(0x0a, start)
    return newline === -1 ? bytes.length : newline + 1
  }
  return start
}

/** Whether the bytes open with a UTF-16 or UTF-32 byte order mark, either way round: text that asUtf8 reads. */
export function hasUnicodeBom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || utf32Order(bytes) !== undefined
}

/** UTF-32's byte order by its mark; UTF-32LE's mark starts as UTF-16LE's does. */
export function utf32Order(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'le'
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'be'
  return undefined
}

/**
 * UTF-16 or UTF-32 text (by its BOM) as UTF-8, which every other step reads; anything
 * else as it is. A map saved by an editor in UTF-16, or by a shell in UTF-32, is still a map.
 */
export function asUtf8(bytes: Uint8Array): Uint8Array {
  const utf32 = utf32Order(bytes)
  if (utf32 !== undefined) return Buffer.from(decodeUtf32(bytes, utf32 === 'le'))
  const littleEndian = bytes[0] === 0xff && bytes[1] === 0xfe
  const bigEndian = bytes[0] === 0xfe && bytes[1] === 0xff
  if (!littleEndian && !bigEndian) return bytes
  return Buffer.from(new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes))
}

// TextDecoder knows no UTF-32; code points go to String.fromCodePoint this many at a time.
const CODE_POINTS_AT_ONCE = 8192

/** UTF-32 after its mark; what is no Unicode scalar value reads as U+FFFD, as a decoder would write it. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const pieces: string[] = []
  let codePoints: number[] = []
  for (let at = 4; at + 4 <= bytes.length; at += 4) {
    const codePoint = view.getUint32(at, littleEndian)
    codePoints.push(codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff) ? 0xfffd : codePoint)
    if (codePoints.length === CODE_POINTS_AT_ONCE) {
      pieces.push(String.fromCodePoint(...codePoints))
      codePoints = []
    }
  }
  // Bytes left over past the last whole code point.
  if (bytes.length % 4 !== 0) codePoints.push(0xfffd)
  pieces.push(String.fromCodePoint(...codePoints))
  return pieces.join('')
}

/** A view of the bytes as a Buffer, for its native searches; no copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Whether `text` (ASCII) sits in the bytes at `at`. */
export function startsWithAscii(bytes: Uint8Array, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (bytes[at + i] !== text.charCodeAt(i)) return false
  }
  return true
}

export function isJsonWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
}

/** The first byte of the JSON value after prefix and whitespace, or -1 when there is none. */
export function firstValueByte(bytes: Uint8Array): number {
  let i = jsonPrefixLength(bytes)
  while (i < bytes.length && isJsonWhitespace(bytes[i])) i++
  return i < bytes.length ? (bytes[i] as number) : -1
}

const utf8 = new TextDecoder('utf-8')

/** One `"key": value` pair of an object, as byte offsets into the text. */
export interface JsonMember {
  key: string
  start: number
  valueStart: number
  end: number
}

/** A value's extent, and for objects and arrays the spans of what they hold. */
export interface JsonSpan {
  start: number
  end: number
}

export class JsonScanner {
  constructor(readonly bytes: Uint8Array) {}

  skipWhitespace(at: number): number {
    const bytes = this.bytes
    while (at < bytes.length && isJsonWhitespace(bytes[at])) at++
    return at
  }

  /** `at` points at an opening quote; returns the offset after the closing one. */
  skipString(at: number): number {
    const bytes = this.bytes
    let quote = at
    for (;;) {
      quote = bytes.indexOf(0x22, quote + 1)
      if (quote === -1) throw new SyntaxError('unterminated string')
      let backslashes = 0
      while (bytes[quote - 1 - backslashes] === 0x5c) backslashes++
      if (backslashes % 2 === 0) return quote + 1
    }
  }

  skipValue(at: number): number {
    const byte = this.bytes[at]
    if (byte === 0x22) return this.skipString(at)
    if (byte === 0x7b || byte === 0x5b) return this.skipContainer(at)
    return this.skipLiteral(at)
  }

  // Iterative on purpose: JSON.parse accepts nesting thousands of levels deep, and a
  // recursive skip would overflow the stack on such a file.
  private skipContainer(at: number): number {
    const bytes = this.bytes
    let depth = 0
    let i = at
    while (i < bytes.length) {
      const byte = bytes[i]
      if (byte === 0x22) {
        i = this.skipString(i)
        continue
      }
      if (byte === 0x7b || byte === 0x5b) depth++
      else if (byte === 0x7d || byte === 0x5d) {
        depth--
        if (depth === 0) return i + 1
      }
      i++
    }
    throw new SyntaxError('unterminated object or array')
  }

  private skipLiteral(at: number): number {
    const bytes = this.bytes
    while (at < bytes.length) {
      const byte = bytes[at]
      if (byte === 0x2c || byte === 0x5d || byte === 0x7d || isJsonWhitespace(byte)) break
      at++
    }
    return at
  }

  /** Calls `visit` for each member of the object opening at `at`; returns the offset of its `}`. */
  forEachMember(at: number, visit: (member: JsonMember) => void): number {
    const bytes = this.bytes
    let i = this.skipWhitespace(at + 1)
    if (bytes[i] === 0x7d) return i
    for (;;) {
      const keyEnd = this.skipString(i)
      const key = JSON.parse(utf8.decode(bytes.subarray(i, keyEnd))) as string
      const colon = this.skipWhitespace(keyEnd)
      const valueStart = this.skipWhitespace(colon + 1)
      const end = this.skipValue(valueStart)
      visit({ key, start: i, valueStart, end })
      const next = this.skipWhitespace(end)
      if (bytes[next] !== 0x2c) return next
      i = this.skipWhitespace(next + 1)
    }
  }

  /** Calls `visit` for each element of the array opening at `at`; returns the offset of its `]`. */
  forEachElement(at: number, visit: (element: JsonSpan) => void): number {
    const bytes = this.bytes
    let i = this.skipWhitespace(at + 1)
    if (bytes[i] === 0x5d) return i
    for (;;) {
      const end = this.skipValue(i)
      visit({ start: i, end })
      const next = this.skipWhitespace(end)
      if (bytes[next] !== 0x2c) return next
      i = this.skipWhitespace(next + 1)
    }
  }
}

/**
 * The bytes with each span replaced by its text (removed when it has none), spans in
 * any order and not overlapping; the input itself when there is nothing to replace.
 */
export function splice(bytes: Uint8Array, edits: ReadonlyArray<JsonSpan & { text?: string }>): Uint8Array {
  if (edits.length === 0) return bytes
  const pieces: Uint8Array[] = []
  let from = 0
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    pieces.push(bytes.subarray(from, edit.start))
    if (edit.text !== undefined) pieces.push(Buffer.from(edit.text))
    from = edit.end
  }
  pieces.push(bytes.subarray(from))
  return Buffer.concat(pieces)
}

/** The string a JSON string value at `span` spells; undefined for any other value. */
export function jsonStringAt(bytes: Uint8Array, span: JsonSpan): string | undefined {
  return bytes[span.start] === 0x22 ? (JSON.parse(Buffer.from(bytes.subarray(span.start, span.end)).toString('utf8')) as string) : undefined
}
