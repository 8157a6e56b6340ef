import { asBuffer, firstValueByte } from './json.js'
import { decodeData, LineCounter, MAX_MEDIA_TYPE, oneJsonValue, percentDecode, readUrl } from './map-comments.js'

/**
 * A data URL in code that is not a `sourceMappingURL` comment: an asset a bundler
 * inlined (vite inlines files under `build.assetsInlineLimit`), which may be a map,
 * or a script or style that carries one.
 */
export interface DataUrlPayload {
  line: number
  /** `json`: it decodes to a JSON object, a map maybe. `code`: a script, style, page or SVG, which may embed maps of its own. */
  kind: 'json' | 'code'
  decode(): Uint8Array
}

const NEEDLE = Buffer.from('ata:')
// Types whose content is code that may carry map comments or data URLs of its own.
const CODE_TYPE = /^(?:text|application)\/(?:x-)?(?:javascript|ecmascript|css|html)\b|^image\/svg\+xml\b/i
// Types that cannot hold text a browser would read as a map.
const MEDIA_TYPE = /^(?:image|audio|video|font|model)\//i
const TYPE_AND_PARAMETERS = /^(?:[\w!#$&^.+-]+\/[\w!#$&^.+-]+)?(?:\s*;[^,;]*)*$/
// Enough of a payload's start to see whether it opens a JSON object: base64 of 18 bytes.
const SNIFF_CHARS = 24
const AFTER_MAP_COMMENT = /sourceMappingURL\s*(?:=|\\u003d|\\x3d)\s*$/i

/**
 * Every `data:` URL in the bytes that may hold a map: one whose start decodes to a JSON
 * object (whatever its declared type, since the bundler names it by file extension), or
 * one typed as code. Those after `sourceMappingURL=` are findInlineMapPayloads' own.
 */
export function findDataUrlPayloads(input: Uint8Array): DataUrlPayload[] {
  const bytes = asBuffer(input)
  const found: DataUrlPayload[] = []
  let lines: LineCounter | undefined
  for (let at = bytes.indexOf(NEEDLE, 1); at !== -1; at = bytes.indexOf(NEEDLE, at + NEEDLE.length)) {
    // `data:` in any case, as URL schemes are read.
    if (((bytes[at - 1] as number) | 0x20) !== 0x64) continue
    const typeStart = at + NEEDLE.length
    const comma = bytes.subarray(typeStart, typeStart + MAX_MEDIA_TYPE).indexOf(0x2c)
    if (comma === -1) continue
    const mediaType = percentDecode(bytes.subarray(typeStart, typeStart + comma)).toString('latin1')
    if (!TYPE_AND_PARAMETERS.test(mediaType) || MEDIA_TYPE.test(mediaType)) continue
    if (AFTER_MAP_COMMENT.test(bytes.toString('latin1', Math.max(0, at - 40), at - 1))) continue
    const base64 = /;\s*base64\s*$/i.test(mediaType)
    const dataStart = typeStart + comma + 1
    const url = readUrl(bytes, dataStart)
    const kind = CODE_TYPE.test(mediaType) ? 'code' : opensJsonObject(url.data, base64) ? 'json' : undefined
    if (kind !== undefined) {
      lines ??= new LineCounter(bytes)
      // JSON written raw (`'data:application/json,{"version":3,…}'`) runs past the quote that ends a URL.
      const raw = !base64 && bytes[dataStart] === 0x7b ? oneJsonValue(bytes, dataStart) : undefined
      found.push({ line: lines.lineAt(at), kind, decode: () => raw ?? decodeData(url.data, base64) })
    }
    // The URL's own bytes are not searched again: linear however many a file holds.
    at = Math.max(at, url.end - NEEDLE.length)
  }
  return found
}

function opensJsonObject(data: Buffer, base64: boolean): boolean {
  const start = decodeData(data.subarray(0, base64 ? SNIFF_CHARS : 3 * SNIFF_CHARS), base64)
  return firstValueByte(start) === 0x7b
}
