// Finds `sourceMappingURL` comments in shipped text: data URLs anywhere in a file
// (inline maps, including those webpack's eval-* devtools put inside eval("…")
// strings) and the trailing link that ECMA-426 honours. Works on bytes: the needle
// is found natively, and only the few bytes around each hit are decoded.

const NEEDLE = Buffer.from('sourceMappingURL')
const DATA_SCHEME = 'data:'
const MAX_MEDIA_TYPE = 256

/** A data URL behind `sourceMappingURL=`, decoded; whether it is a map is judged later. */
export interface InlineMapPayload {
  line: number
  /** The comment sits inside a string literal, as webpack's eval-* devtools write it. */
  inString: boolean
  /** Decodings to try in order: escape-aware first, then the raw rest of the line. */
  candidates: Uint8Array[]
}

/** A trailing `sourceMappingURL` comment that is not a data URL. */
export interface MapLink {
  url: string
  line: number
  /** Byte offsets of the whole comment: from its `//` or `/*` through the URL, or through the end of a block comment. */
  start: number
  end: number
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c || byte === 0x0b
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66))
}

function hexValue(bytes: Uint8Array, at: number, length: number): number | undefined {
  let value = 0
  for (let i = at; i < at + length; i++) {
    const byte = bytes[i]
    if (!isHex(byte)) return undefined
    value = value * 16 + Number.parseInt(String.fromCharCode(byte as number), 16)
  }
  return value
}

/** Offset just after `=` when `sourceMappingURL` at `at` is followed by `=` (spaces allowed). */
function afterEquals(bytes: Buffer, at: number): number | undefined {
  let i = at + NEEDLE.length
  while (bytes[i] === 0x20 || bytes[i] === 0x09) i++
  if (bytes[i] !== 0x3d) return undefined
  i++
  while (bytes[i] === 0x20 || bytes[i] === 0x09) i++
  return i
}

function startsWithIgnoringCase(bytes: Buffer, at: number, text: string): boolean {
  return bytes.toString('latin1', at, at + text.length).toLowerCase() === text
}

class LineCounter {
  private offset = 0
  private line = 1
  constructor(private readonly bytes: Buffer) {}
  lineAt(position: number): number {
    let newline = this.bytes.indexOf(0x0a, this.offset)
    while (newline !== -1 && newline < position) {
      this.line++
      newline = this.bytes.indexOf(0x0a, newline + 1)
    }
    this.offset = position
    return this.line
  }
}

export function findInlineMapPayloads(input: Uint8Array): InlineMapPayload[] {
  const bytes = asBuffer(input)
  const found: InlineMapPayload[] = []
  const lines = new LineCounter(bytes)
  for (let at = bytes.indexOf(NEEDLE); at !== -1; at = bytes.indexOf(NEEDLE, at + NEEDLE.length)) {
    const urlStart = afterEquals(bytes, at)
    if (urlStart === undefined || !startsWithIgnoringCase(bytes, urlStart, DATA_SCHEME)) continue
    const comma = bytes.indexOf(0x2c, urlStart)
    if (comma === -1 || comma - urlStart > MAX_MEDIA_TYPE) continue
    const mediaType = bytes.toString('latin1', urlStart + DATA_SCHEME.length, comma)
    if (!/^[\w.+\-/;= ]*$/.test(mediaType)) continue
    const base64 = /;\s*base64\s*$/i.test(mediaType)
    const unescaped = readUntilEndOfUrl(bytes, comma + 1)
    const candidates = [decodeData(unescaped.bytes, base64)]
    if (!base64) {
      const rawLine = readRestOfLine(bytes, comma + 1)
      if (!rawLine.equals(unescaped.bytes)) candidates.push(decodeData(rawLine, false))
    }
    found.push({ line: lines.lineAt(at), inString: unescaped.endedInEscape || precededByEscapedNewline(bytes, at), candidates })
  }
  return found
}

/** `\n//# sourceMappingURL` with a literal backslash-n: the comment lives in a string. */
function precededByEscapedNewline(bytes: Buffer, at: number): boolean {
  const before = bytes.toString('latin1', Math.max(0, at - 8), at)
  return /\\n\/\/[#@]\s*$/.test(before)
}

/**
 * The URL text starting at `at`, with JS string escapes undone, up to the first
 * byte that cannot be part of it: whitespace, a quote, `<`, the end of a block
 * comment, or an escape for a line break (`\n` inside an eval string).
 */
function readUntilEndOfUrl(bytes: Buffer, at: number): { bytes: Buffer; endedInEscape: boolean } {
  const out: number[] = []
  let i = at
  while (i < bytes.length) {
    const byte = bytes[i] as number
    if (isSpace(byte) || byte === 0x22 || byte === 0x27 || byte === 0x60 || byte === 0x3c) break
    if (byte === 0x2a && bytes[i + 1] === 0x2f) break
    if (byte !== 0x5c) {
      out.push(byte)
      i++
      continue
    }
    const escaped = unescapeAt(bytes, i)
    if (escaped === undefined) return { bytes: Buffer.from(out), endedInEscape: true }
    out.push(escaped.byte)
    i = escaped.next
  }
  return { bytes: Buffer.from(out), endedInEscape: false }
}

/** Undoes one JS escape that can appear inside a URL; undefined for line breaks and anything else. */
function unescapeAt(bytes: Buffer, at: number): { byte: number; next: number } | undefined {
  const next = bytes[at + 1]
  if (next === 0x22 || next === 0x27 || next === 0x5c || next === 0x2f) return { byte: next, next: at + 2 }
  const code = next === 0x75 ? hexValue(bytes, at + 2, 4) : next === 0x78 ? hexValue(bytes, at + 2, 2) : undefined
  if (code === undefined || code > 0x7e || code <= 0x20) return undefined
  return { byte: code, next: at + (next === 0x75 ? 6 : 4) }
}

/** Raw bytes from `at` to the end of the line, without trailing whitespace or a block comment end. */
function readRestOfLine(bytes: Buffer, at: number): Buffer {
  let end = at
  while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++
  let text = bytes.subarray(at, end)
  let trimmed = text.length
  while (trimmed > 0 && isSpace(text[trimmed - 1])) trimmed--
  if (text[trimmed - 2] === 0x2a && text[trimmed - 1] === 0x2f) trimmed -= 2
  while (trimmed > 0 && isSpace(text[trimmed - 1])) trimmed--
  text = text.subarray(0, trimmed)
  return text
}

const BASE64_RUN = /^[A-Za-z0-9+/_-]*={0,2}/

function decodeData(data: Buffer, base64: boolean): Uint8Array {
  if (base64) {
    const run = BASE64_RUN.exec(data.toString('latin1'))?.[0] ?? ''
    return Buffer.from(run, run.includes('-') || run.includes('_') ? 'base64url' : 'base64')
  }
  return percentDecode(data)
}

/** Percent-decoding at the byte level: malformed escapes stay as they are, never throw. */
function percentDecode(data: Buffer): Buffer {
  if (!data.includes(0x25)) return data
  const out = Buffer.alloc(data.length)
  let length = 0
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] as number
    const value = byte === 0x25 ? hexValue(data, i + 1, 2) : undefined
    if (value === undefined) {
      out[length++] = byte
    } else {
      out[length++] = value
      i += 2
    }
  }
  return out.subarray(0, length)
}

/**
 * The trailing `sourceMappingURL` link, read from the end of the file: the last
 * such comment counts only if nothing but whitespace and comments follows it.
 */
export function findTrailingMapLink(input: Uint8Array): MapLink | undefined {
  const bytes = asBuffer(input)
  const at = bytes.lastIndexOf(NEEDLE)
  if (at === -1) return undefined
  const directive = commentDirectiveBefore(bytes, at)
  if (directive === undefined) return undefined
  const urlStart = afterEquals(bytes, at)
  if (urlStart === undefined) return undefined
  let urlEnd = urlStart
  while (urlEnd < bytes.length && !isSpace(bytes[urlEnd]) && !(bytes[urlEnd] === 0x2a && bytes[urlEnd + 1] === 0x2f)) urlEnd++
  if (urlEnd === urlStart || startsWithIgnoringCase(bytes, urlStart, DATA_SCHEME)) return undefined
  let end = urlEnd
  if (directive.block) {
    const close = bytes.indexOf('*/', urlEnd)
    if (close === -1) return undefined
    end = close + 2
  }
  if (!onlyCommentsFollow(bytes, end)) return undefined
  return { url: bytes.toString('utf8', urlStart, urlEnd), line: new LineCounter(bytes).lineAt(at), start: directive.start, end }
}

/** Where `//# `, `//@ `, `/*# ` or `/*@ ` right before the needle starts. */
function commentDirectiveBefore(bytes: Buffer, at: number): { start: number; block: boolean } | undefined {
  const from = Math.max(0, at - 8)
  const match = /\/([/*])[#@][ \t]*$/.exec(bytes.toString('latin1', from, at))
  return match ? { start: from + match.index, block: match[1] === '*' } : undefined
}

/**
 * The bytes without the trailing link comment. A comment on a line of its own goes
 * with the line break before it, so `code\n//# sourceMappingURL=a.js.map\n`
 * becomes `code\n`; code before it and everything after it stay as they were.
 */
export function withoutMapLink(input: Uint8Array, link: MapLink): Uint8Array {
  const bytes = asBuffer(input)
  let start = link.start
  if (bytes[start - 1] === 0x0a) {
    start--
    if (bytes[start - 1] === 0x0d) start--
  }
  return Buffer.concat([bytes.subarray(0, start), bytes.subarray(link.end)])
}

function onlyCommentsFollow(bytes: Buffer, at: number): boolean {
  let i = at
  while (i < bytes.length) {
    const byte = bytes[i]
    if (isSpace(byte)) {
      i++
    } else if (byte === 0x2f && bytes[i + 1] === 0x2f) {
      const newline = bytes.indexOf(0x0a, i)
      i = newline === -1 ? bytes.length : newline + 1
    } else if (byte === 0x2f && bytes[i + 1] === 0x2a) {
      const close = bytes.indexOf('*/', i + 2)
      if (close === -1) return false
      i = close + 2
    } else {
      return false
    }
  }
  return true
}
