// Finds `sourceMappingURL` comments in shipped text: data URLs anywhere in a file
// (inline maps, including those webpack's eval-* devtools put inside eval("…")
// strings) and the trailing link that ECMA-426 honours. Works on bytes: the needle
// is found natively, and only the few bytes around each hit are decoded.

import { asBuffer, asUtf8, utf32Order } from './json.js'
import { hexValue } from './hex.js'
import { bracketedValue, oneJsonValue } from './json-walk.js'

const NEEDLE = Buffer.from('sourceMappingURL')
/** The end of the needle that code is searched by for it (see secrets.ts): `URL` is rarer in code than `sou`. */
export const SOURCE_MAPPING_URL_TAIL = 'URL'
const TAIL_AT = NEEDLE.length - SOURCE_MAPPING_URL_TAIL.length

/** Whether `sourceMappingURL` ends with the `URL` at `at`. */
export function isSourceMappingUrlTail(bytes: Buffer, at: number): boolean {
  return at >= TAIL_AT && bytes.subarray(at - TAIL_AT, at + SOURCE_MAPPING_URL_TAIL.length).equals(NEEDLE)
}

const DATA_SCHEME = 'data:'

/** A data URL behind `sourceMappingURL=`; whether it is a map is judged later. */
export interface InlineMapPayload {
  line: number
  /** The comment sits inside a string literal, as webpack's eval-* devtools write it. */
  inString: boolean
  /** Decodings to try in order, produced only as far as they are asked for. */
  candidates(): Generator<Uint8Array>
}

/** A trailing `sourceMappingURL` comment that is not a data URL. */
export interface MapLink {
  url: string
  line: number
  /** Byte offsets of the whole comment: from its `//` or `/*` through the URL, or through the end of a block comment. */
  start: number
  end: number
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c || byte === 0x0b
}

/** Space, tab, vertical tab or form feed: white space that does not end a line comment. */
function isInlineSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0b || byte === 0x0c
}

/**
 * Offset just after `=` when `sourceMappingURL` at `at` is followed by `=`, also when
 * a string escapes it as `\u003d` or `\x3d`, and past the white space around it: V8
 * skips any before the URL, and in a block comment (CSS's) a line break is white space too.
 */
function afterEquals(bytes: Buffer, at: number, block: boolean): number | undefined {
  const skipped = block ? isSpace : isInlineSpace
  let i = at + NEEDLE.length
  while (skipped(bytes[i])) i++
  if (bytes[i] === 0x3d) i++
  else if (bytes[i] === 0x5c && unescapeAt(bytes, i)?.byte === 0x3d) i = (unescapeAt(bytes, i) as { next: number }).next
  else return undefined
  while (skipped(bytes[i])) i++
  return i
}

/** Whether a `/*#` or `/*@` comment (not `//#`) holds the needle at `at`. */
function inBlockComment(bytes: Buffer, at: number): boolean {
  return /\/\*[#@][ \t]*$/.test(bytes.toString('latin1', Math.max(0, at - 8), at))
}

/**
 * Whether a data URL's media type says base64: Chromium takes any of its parameters
 * being `base64`, Firefox one in the middle too, where the fetch spec asks for the last.
 */
export function isBase64MediaType(mediaType: string): boolean {
  return mediaType.split(';').some((parameter, index) => index > 0 && parameter.trim().toLowerCase() === 'base64')
}

/** Where a data URL's media type ends: its comma, or white space, a backtick or `<`, which no URL in a comment holds (quotes may: `charset="utf-8"`). */
function mediaTypeEnd(bytes: Buffer, from: number): number {
  let i = from
  while (i < bytes.length && bytes[i] !== 0x2c && !isSpace(bytes[i]) && bytes[i] !== 0x60 && bytes[i] !== 0x3c) i++
  return i
}

function startsWithIgnoringCase(bytes: Buffer, at: number, text: string): boolean {
  return bytes.toString('latin1', at, at + text.length).toLowerCase() === text
}

// As far back from a data URL as a `sourceMappingURL` comment's needle is looked for: spaces around `=` fit.
const MAP_COMMENT_LOOK_BACK = 256

/**
 * Whether the data URL starting at `at` is the URL of a `sourceMappingURL` comment,
 * read by findInlineMapPayloads exactly where it would read one: other searches pass it.
 */
export function isMapCommentUrl(bytes: Buffer, at: number): boolean {
  const from = Math.max(0, at - MAP_COMMENT_LOOK_BACK)
  const found = bytes.subarray(from, at).lastIndexOf(NEEDLE)
  if (found === -1) return false
  const needle = from + found
  return afterEquals(bytes, needle, inBlockComment(bytes, needle)) === at
}

/** Line numbers for increasing positions, reading each byte once. */
export class LineCounter {
  private line = 1
  private nextNewline: number
  constructor(private readonly bytes: Buffer) {
    this.nextNewline = bytes.indexOf(0x0a)
  }
  lineAt(position: number): number {
    while (this.nextNewline !== -1 && this.nextNewline < position) {
      this.line++
      this.nextNewline = this.bytes.indexOf(0x0a, this.nextNewline + 1)
    }
    return this.line
  }
}

/**
 * Every `sourceMappingURL=data:…` in the bytes. The media type is whatever precedes
 * the comma (browserify writes `charset:utf-8`); only a `base64` parameter matters.
 * Bytes a URL has consumed are not searched again, nor those of a media type that
 * reached no comma, so the work stays linear however many needles a file holds.
 */
export function findInlineMapPayloads(input: Uint8Array): InlineMapPayload[] {
  const bytes = asBuffer(input)
  const found: InlineMapPayload[] = []
  const lines = new LineCounter(bytes)
  let at = bytes.indexOf(NEEDLE)
  while (at !== -1) {
    let next = at + NEEDLE.length
    const block = inBlockComment(bytes, at)
    const urlStart = afterEquals(bytes, at, block)
    if (urlStart !== undefined && startsWithIgnoringCase(bytes, urlStart, DATA_SCHEME)) {
      const typeStart = urlStart + DATA_SCHEME.length
      const typeEnd = mediaTypeEnd(bytes, typeStart)
      const mediaType = bytes[typeEnd] === 0x2c ? percentDecode(bytes.subarray(typeStart, typeEnd)).toString('latin1') : undefined
      if (mediaType !== undefined && !/[\r\n<>]/.test(mediaType)) {
        const base64 = isBase64MediaType(mediaType)
        let dataStart = typeEnd + 1
        // Forgiving base64 ignores whitespace, so `base64, eyJ…` still decodes.
        while (base64 && (bytes[dataStart] === 0x20 || bytes[dataStart] === 0x09)) dataStart++
        const payload = inlinePayload(bytes, at, dataStart, base64, block, lines.lineAt(at))
        found.push(payload.payload)
        next = Math.max(next, payload.end)
      } else {
        next = Math.max(next, typeEnd)
      }
    }
    at = bytes.indexOf(NEEDLE, next)
  }
  return found
}

function inlinePayload(bytes: Buffer, at: number, dataStart: number, base64: boolean, block: boolean, line: number): { payload: InlineMapPayload; end: number } {
  const inString = precededByEscapedNewline(bytes, at)
  // In a line comment of code, `*/`, `'` and a `<` that opens no end tag belong to the URL: encodeURI leaves a source's `*/`, encodeURIComponent its quotes.
  const url = readUrl(bytes, dataStart, { lineComment: !block && !inString })
  const blockEnd = block ? bytes.indexOf('*/', dataStart) : -1
  const payload: InlineMapPayload = {
    line,
    inString: url.endedInEscape || inString,
    *candidates() {
      const first = decodeData(url.data, base64)
      yield first
      // A block comment may wrap base64 over lines; a line comment may hold raw JSON with quotes in it.
      if (base64 && blockEnd !== -1) yield decodeData(bytes.subarray(dataStart, blockEnd), true)
      if (!base64 && first[0] === 0x7b) {
        const json = oneJsonValue(bytes, dataStart)
        if (json) yield json
        // JSON that breaks the grammar is read as far as its brackets go, up to the next comment: refused if it is a broken map.
        else yield* present(bracketedValue(bytes, dataStart, nextNeedleAt(bytes, dataStart)))
      }
    },
  }
  return { payload, end: url.end }
}

function* present(value: Buffer | undefined): Generator<Buffer> {
  if (value) yield value
}

// The next comment bounds the bracket matching, which keeps many comments in a line linear.
function nextNeedleAt(bytes: Buffer, from: number): number {
  const at = bytes.indexOf(NEEDLE, from)
  return at === -1 ? bytes.length : at
}

/** `\n//# sourceMappingURL` with a literal backslash-n: the comment lives in a string. */
function precededByEscapedNewline(bytes: Buffer, at: number): boolean {
  const before = bytes.toString('latin1', Math.max(0, at - 8), at)
  return /\\n\/\/[#@]\s*$/.test(before)
}

/**
 * The URL text starting at `at`, up to the first byte that cannot be part of it:
 * whitespace, a quote, `<`, the end of a block comment, or an escape for a line
 * break (`\n` inside an eval string). In a line comment of code, which only a line
 * break ends, a `<` ends it only as an end tag's `</`, and a `'` not at all: Firefox
 * reads a map whose JSON encodeURIComponent left a source's quotes in. JS string escapes inside are undone; without
 * any, the bytes are used in place, so a 100 MB inline map is not copied. Inside CSS's
 * `url(…)` a `)` ends it too, and inside a string that is itself escaped (`\"data:…\"`
 * in an eval string) so does that quote, escaped.
 */
export function readUrl(bytes: Buffer, at: number, { inCssUrl = false, escapedQuote, lineComment = false }: { inCssUrl?: boolean; escapedQuote?: number | undefined; lineComment?: boolean } = {}): { data: Buffer; end: number; endedInEscape: boolean } {
  const pieces: Buffer[] = []
  let pieceStart = at
  let i = at
  let endedInEscape = false
  while (i < bytes.length) {
    const byte = bytes[i] as number
    if (isSpace(byte) || byte === 0x22 || (byte === 0x27 && !lineComment) || byte === 0x60 || (inCssUrl && byte === 0x29)) break
    if (byte === 0x3c && (!lineComment || bytes[i + 1] === 0x2f)) break
    if (byte === 0x2a && bytes[i + 1] === 0x2f && !lineComment) break
    if (byte !== 0x5c) {
      i++
      continue
    }
    const escaped = bytes[i + 1] === escapedQuote ? undefined : unescapeAt(bytes, i)
    if (escaped === undefined) {
      endedInEscape = true
      break
    }
    pieces.push(bytes.subarray(pieceStart, i), Buffer.of(escaped.byte))
    i = escaped.next
    pieceStart = i
  }
  const last = bytes.subarray(pieceStart, i)
  return { data: pieces.length === 0 ? last : Buffer.concat([...pieces, last]), end: i, endedInEscape }
}

/** Undoes one JS escape that can appear inside a URL; undefined for line breaks and anything else. */
function unescapeAt(bytes: Buffer, at: number): { byte: number; next: number } | undefined {
  const next = bytes[at + 1]
  if (next === 0x22 || next === 0x27 || next === 0x5c || next === 0x2f) return { byte: next, next: at + 2 }
  const code = next === 0x75 ? hexValue(bytes, at + 2, 4) : next === 0x78 ? hexValue(bytes, at + 2, 2) : undefined
  if (code === undefined || code > 0x7e || code <= 0x20) return undefined
  return { byte: code, next: at + (next === 0x75 ? 6 : 4) }
}

export function decodeData(data: Buffer, base64: boolean): Uint8Array {
  const decoded = percentDecode(data)
  if (!base64) return decoded
  const text = decoded.toString('latin1').replace(/\s+/g, '')
  const run = /^[A-Za-z0-9+/_-]*={0,2}/.exec(text)?.[0] ?? ''
  return Buffer.from(run, run.includes('-') || run.includes('_') ? 'base64url' : 'base64')
}

/** Percent-decoding at the byte level: malformed escapes stay as they are, never throw. */
export function percentDecode(data: Buffer): Buffer {
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
  const urlStart = afterEquals(bytes, at, directive.block)
  if (urlStart === undefined) return undefined
  let urlEnd = urlStart
  while (urlEnd < bytes.length && !isSpace(bytes[urlEnd]) && !(bytes[urlEnd] === 0x2a && bytes[urlEnd + 1] === 0x2f)) urlEnd++
  if (urlEnd === urlStart || startsWithIgnoringCase(bytes, urlStart, DATA_SCHEME)) return undefined
  // Code that writes such a comment (`e+"\n//# sourceMappingURL="+u`) is no link: cutting it as
  // one would cut the code. A file name may hold a quote (`it's.js.map`), which bundlers leave as it is.
  if (isCodeAfterComment(bytes, urlStart, urlEnd)) return undefined
  let end = urlEnd
  if (directive.block) {
    const close = bytes.indexOf('*/', urlEnd)
    if (close === -1) return undefined
    end = close + 2
  }
  if (!onlyCommentsFollow(bytes, end)) return undefined
  return { url: bytes.toString('utf8', urlStart, urlEnd), line: new LineCounter(bytes).lineAt(at), start: directive.start, end }
}

function isQuote(byte: number | undefined): boolean {
  return byte === 0x22 || byte === 0x27 || byte === 0x60
}

/** A byte a file name goes on with after a quote inside it (`it's.js.map`, `students'.js.map`). */
function goesOnInName(byte: number | undefined): boolean {
  return byte !== undefined && (/[A-Za-z0-9._~/-]/.test(String.fromCharCode(byte)) || byte >= 0x80)
}

/**
 * Whether what reads as the URL is a string of code going on: it starts or ends with a
 * quote (the string holding the comment closes there), a quote inside it is followed by
 * what no file name goes on with (`"+e])`, `"===e`), or it holds a template's `${`.
 */
function isCodeAfterComment(bytes: Buffer, from: number, to: number): boolean {
  if (isQuote(bytes[from]) || isQuote(bytes[to - 1])) return true
  for (let i = from; i < to - 1; i++) {
    if (isQuote(bytes[i]) && !goesOnInName(bytes[i + 1])) return true
    if (bytes[i] === 0x24 && bytes[i + 1] === 0x7b) return true
  }
  return false
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
  const text = asUtf8(input)
  const bytes = asBuffer(text)
  let start = link.start
  if (bytes[start - 1] === 0x0a) {
    start--
    if (bytes[start - 1] === 0x0d) start--
  }
  if (text === input) return Buffer.concat([bytes.subarray(0, start), bytes.subarray(link.end)])
  // A UTF-16 file's link was found in the UTF-8 it reads as: the same cut, counted in UTF-16
  // code units (one for each U+FFFD a lone surrogate read as), so every other byte stays;
  // in a UTF-32 file, counted in code points, four bytes each after a four-byte mark.
  const original = asBuffer(input)
  const wide = utf32Order(input) !== undefined
  const at = (offset: number) => {
    const before = bytes.toString('utf8', 0, offset)
    return wide ? 4 + 4 * [...before].length : 2 + 2 * before.length
  }
  return Buffer.concat([original.subarray(0, at(start)), original.subarray(at(link.end))])
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
