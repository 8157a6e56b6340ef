import { asBuffer, firstValueByte, hasUnicodeBom } from './json.js'
import { readStringLiteral } from './string-literal.js'
import { walkJsonValue } from './json-walk.js'
import { decodeData, isBase64MediaType, isMapCommentUrl, LineCounter, percentDecode, readUrl } from './map-comments.js'
import { SHORTEST_SECRET } from './secrets.js'

/**
 * A data URL in code that is not a `sourceMappingURL` comment: an asset a bundler
 * inlined (vite inlines files under `build.assetsInlineLimit`), which may be a map,
 * or a script or style that carries one.
 */
export interface DataUrlPayload {
  line: number
  /** The end of the last byte any reading of the URL takes. */
  end: number
  /** Where the search goes on: the end of the URL as read outside a string literal, which may hold more. */
  next: number
  /**
   * `json`: it decodes to a JSON object (or UTF-16 text), a map maybe. `code`: a script,
   * style, page or SVG, which may embed maps of its own. `text`: anything else that is not
   * media (a text file or a `.env` a bundler inlined), which may hold a secret, not a map.
   */
  kind: 'json' | 'code' | 'text'
  /** Set once the candidates are read: raw JSON outside a string literal ran to the end of the bytes unclosed. */
  rawJsonCut: boolean
  /** Decodings to try in order, produced only as far as they are asked for. */
  candidates(): Generator<Uint8Array>
}

// `data:` as code spells it, lower or upper case, found by its tail: the byte before is checked for `d` in either case.
const NEEDLES = [Buffer.from('ata:'), Buffer.from('ATA:')]
const NEEDLE_LENGTH = 4
// Types whose content is code that may carry map comments or data URLs of its own.
const CODE_TYPE = /^(?:text|application)\/(?:x-)?(?:javascript|ecmascript|css|html)\b|^image\/svg\+xml\b/i
// Types that cannot hold text a browser would read as a map.
const MEDIA_TYPE = /^(?:image|audio|video|font|model)\//i
// How a media type (perhaps percent-encoded) or its parameters start: told apart cheaply from `data:data:…`.
const TYPE_START = /^(?:[\w!#$&^.+%-]+(?:\/|%2f)|\s*;|$)/i
// Spaces before a parameter belong to the one before it: no two ways to match them, no backtracking blow-up.
const TYPE_AND_PARAMETERS = /^(?:[\w!#$&^.+-]+\/[\w!#$&^.+-]+)?\s*(?:;[^,;]*)*$/
// How far a media type with its parameters is followed to its comma.
const MAX_TYPE_BYTES = 4096
// Enough of a payload's start to see whether it opens a JSON object, grown while it decodes to whitespace only.
const SNIFF_CHARS = 24

/**
 * Every `data:` URL in the bytes but media: one whose start decodes to a JSON object
 * (whatever its declared type, since the bundler names it by file extension) may hold a
 * map, one typed as code may embed maps, the rest may hold secrets. Those after `sourceMappingURL=` are findInlineMapPayloads' own.
 * Only URLs that start within [searchStart, searchEnd) are looked for; they are read as
 * far as the bytes go.
 */
export function findDataUrlPayloads(input: Uint8Array, searchEnd: number = input.length, searchStart = 1): DataUrlPayload[] {
  const bytes = asBuffer(input)
  const found: DataUrlPayload[] = []
  let lines: LineCounter | undefined
  // Raw JSON walked past a URL's plain end shares a budget of a few times the file's length:
  // JSON's grammar stops a walk early on anything else, and the budget bounds what an
  // adversary could still make the walks re-read.
  const beyondUrls = { budget: 4 * bytes.length }
  const needles = NEEDLES.map((needle) => new Cursor((from) => bytes.indexOf(needle, from)))
  const typeEnds = new Cursor((from) => typeEndFrom(bytes, from))
  for (let at = nextOf(needles, Math.max(1, searchStart)); at !== -1 && at < searchEnd; at = nextOf(needles, at + NEEDLE_LENGTH)) {
    if (((bytes[at - 1] as number) | 0x20) !== 0x64) continue
    const typeStart = at + NEEDLE_LENGTH
    const comma = typeEnds.next(typeStart)
    if (bytes[comma] !== 0x2c) {
      // Every `data:` up to there ends its type at the same byte: none of them is a URL either.
      at = Math.max(at, comma - NEEDLE_LENGTH)
      continue
    }
    if (comma - typeStart > MAX_TYPE_BYTES || !TYPE_START.test(bytes.toString('latin1', typeStart, Math.min(comma, typeStart + 128)))) continue
    const mediaType = percentDecode(bytes.subarray(typeStart, comma)).toString('latin1')
    const code = CODE_TYPE.test(mediaType)
    if (!TYPE_AND_PARAMETERS.test(mediaType) || (MEDIA_TYPE.test(mediaType) && !code)) continue
    if (isMapCommentUrl(bytes, at - 1)) continue
    const base64 = isBase64MediaType(mediaType)
    let dataStart = comma + 1
    // Decoders skip white space before a JSON value, and forgiving base64 skips it anywhere.
    while (bytes[dataStart] === 0x20 || bytes[dataStart] === 0x09) dataStart++
    const reading = readingsOf(bytes, at, dataStart)
    const kind = code ? 'code' : mayOpenJson(reading.first.data, base64) ? 'json' : 'text'
    if (kind === 'text' && !mayHideSecret(reading.first.data, base64)) {
      at = Math.max(at, reading.url.end - NEEDLE_LENGTH)
      continue
    }
    lines ??= new LineCounter(bytes)
    const { literal, url } = reading
    const rawJson = kind === 'json' && !base64 && bytes[dataStart] === 0x7b
    const decodings: Uint8Array[] = []
    const payload: DataUrlPayload = {
      line: lines.lineAt(at),
      end: Math.max(url.end, literal?.end ?? 0),
      next: url.end,
      kind,
      rawJsonCut: false,
      *candidates() {
        const seen: Uint8Array[] = []
        const fresh = (bytes: Uint8Array) => !seen.some((other) => Buffer.compare(other, bytes) === 0) && seen.push(bytes) > 0
        const datas = literal ? [literal.data, url.data] : [url.data]
        for (let index = 0; index < datas.length; index++) {
          // Decoded once for every reader: the map search and the secret search both ask.
          const decoded = (decodings[index] ??= decodeData(datas[index] as Buffer, base64))
          if (fresh(decoded)) yield decoded
        }
        // JSON written raw (`'data:application/json,{"version":3,…}'`) may hold what ends a URL, or
        // escapes its literal cannot, or sit after a quote that opens no literal (`// see "data:…"`):
        // read from the bytes as far as JSON's grammar goes.
        if (!rawJson || beyondUrls.budget <= 0) return
        const walk = walkJsonValue(bytes, dataStart, bytes.length)
        beyondUrls.budget -= walk.end - dataStart
        payload.rawJsonCut = !walk.complete && walk.end === bytes.length
        const raw = bytes.subarray(dataStart, walk.end)
        if (walk.complete && fresh(raw)) yield raw
      },
    }
    found.push(payload)
    // Past the URL as a consumer outside a string would end it: a literal may hold more URLs after a space.
    at = Math.max(at, reading.url.end - NEEDLE_LENGTH)
  }
  return found
}

type UrlReading = { data: Buffer; end: number }

/** Text data that its own file shows as it is, or too short for a secret, hides none. */
function mayHideSecret(data: Buffer, base64: boolean): boolean {
  // Encoding only lengthens a secret.
  return data.length >= SHORTEST_SECRET && (base64 || data.includes(0x25))
}

/**
 * The ways to read a URL's data: as the whole string literal it opens, when it does (a
 * browser takes the literal's text, spaces and quotes of the other kind included), and
 * as a URL ends outside one, at white space or a quote (or `)` inside CSS's `url(…)`,
 * or the escaped quote of a string inside a string).
 */
function readingsOf(bytes: Buffer, at: number, dataStart: number): { literal: UrlReading | undefined; url: UrlReading; first: UrlReading } {
  const quote = bytes[at - 2] as number
  const isQuote = quote === 0x22 || quote === 0x27 || quote === 0x60
  const escaped = isQuote && isEscaped(bytes, at - 2)
  const inCssUrl = !isQuote && /url\(\s*$/i.test(bytes.toString('latin1', Math.max(0, at - 32), at - 1))
  const url = readUrl(bytes, dataStart, { inCssUrl, escapedQuote: escaped ? quote : undefined })
  const literal = isQuote && !escaped ? readStringLiteral(bytes, dataStart, quote) : undefined
  return { literal, url, first: literal ?? url }
}

/** Whether the byte at `at` follows an odd run of backslashes: a quote inside a string inside a string. */
function isEscaped(bytes: Buffer, at: number): boolean {
  let backslashes = 0
  for (let i = at - 1; i >= 0 && bytes[i] === 0x5c; i--) backslashes++
  return backslashes % 2 === 1
}

/**
 * The first offset at or after `from` that a search finds, remembered while it lies
 * ahead: asked with increasing offsets, each search covers new bytes only.
 */
class Cursor {
  private found = -1
  private searchedFrom = Infinity
  constructor(private readonly search: (from: number) => number) {}
  next(from: number): number {
    if (from < this.searchedFrom || (this.found !== -1 && this.found < from)) {
      this.found = this.search(from)
      this.searchedFrom = from
    }
    return this.found
  }
}

function nextOf(cursors: readonly Cursor[], from: number): number {
  let first = -1
  for (const cursor of cursors) {
    const at = cursor.next(from)
    if (at !== -1 && (first === -1 || at < first)) first = at
  }
  return first
}

/** The comma that ends a media type starting at `from`, or the line break or end that shows there is none (a parameter may be quoted, or hold parentheses). */
function typeEndFrom(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i]
    if (byte === 0x2c || byte === 0x0a || byte === 0x0d) return i
  }
  return bytes.length
}

/** Whether the data starts, past white space, with `{`, or with a UTF-16 byte order mark (text only JSON readers decode). */
function mayOpenJson(data: Buffer, base64: boolean): boolean {
  for (let chars = base64 ? SNIFF_CHARS : 3 * SNIFF_CHARS; ; chars *= 4) {
    const start = decodeData(data.subarray(0, chars), base64)
    if (hasUnicodeBom(start)) return true
    const first = firstValueByte(start)
    if (first !== -1 || chars >= data.length) return first === 0x7b
  }
}
