import * as nodeCrypto from 'node:crypto'
import { decompress, detectCompression, hasGzipMagic, hiddenDecompressions, unreadableCompression, unreadableCompressionByMagic, withoutCompressionSuffix, type Compression } from './decompress.js'
import { findDataUrlPayloads, type DataUrlPayload } from './data-urls.js'
import { asBuffer, asUtf8, firstValueByte, hasUnicodeBom } from './json.js'
import { findMapsInCode } from './code-embedded-maps.js'
import { coveredSourceOf } from './coverage-report.js'
import { findEvalModules, type EvalModules } from './eval-modules.js'
import { findMapsInJsonData } from './json-embedded-maps.js'
import { findInlineMapPayloads, findTrailingMapLink, type MapLink } from './map-comments.js'
import { holdsPublicPemOnly } from './pem.js'
import { sourceNameOf } from './source-names.js'
import { holdsSshPublicKeyOnly } from './ssh-public-key.js'
import { findSecrets, searchCode, type SecretHit } from './secrets.js'
import { isKnownBinaryFormat, isUnknownBinary, readPrefix, unlabelledTexts } from './unlabelled-compression.js'
import { hasMapName, readSourceMap, SOURCES_CONTENT, type MapReading, type SourceMapFacts } from './sourcemap.js'

export type FileKind = 'script' | 'style' | 'html' | 'sourcemap' | 'asset'

export interface InlineMap {
  line: number
  /** Inside a string literal, as in `eval("…")` from webpack's eval-* devtools. */
  inString: boolean
  /** In a data URL that is no `sourceMappingURL` comment: an inlined asset, or a script or style inlined with its map. */
  inDataUrl?: boolean
  /** Inside JSON data that is no map itself (a build cache's `{ code, map }`): reported for the source it carries only. */
  inJsonData?: boolean
  /** Written into code as an object or a string (css-loader's maps under style-loader): reported for the source it carries only. */
  inCode?: boolean
  map: SourceMapFacts | undefined
  /** Set when the data URL decodes to something map-shaped that cannot be read. */
  unreadable: string | undefined
  /** sha256 of the decoded bytes: the same URL found by two searches is one map. */
  decodedSha256?: string
}

/** Everything the rules need to know about one shipped file; its bytes are not kept. */
export interface FileFacts {
  path: string
  bytes: number
  sha256: string
  kind: FileKind
  compression: Compression | undefined
  /** Set when the file (once decompressed) is a source map. */
  map: SourceMapFacts | undefined
  /** Set when the file might be a source map but cannot be read as one: fail closed. */
  unreadable: string | undefined
  /** Set when `unreadable` says the file is an archive that cannot be read through, whose fix is about the archive. */
  unreadableArchive?: 'tar' | 'asar'
  inlineMaps: InlineMap[]
  link: MapLink | undefined
  /** Secrets in its text: code, JSON, other text, and maps with the sources they carry. */
  secrets: SecretHit[]
  /** Set for a `.pem` that holds public blocks only (certificates, public keys): not a key that must never ship. */
  publicPem?: true
  /** Set for a `.pub` that holds an ssh public key and nothing else: an ssh key's public half, which ships. */
  publicSshKey?: true
  /** Set when the map lies under more compression than an edit reaches (brotli inside gzip): it ships as it is, and is refused if it must change. */
  mapBeyondEdit?: true
  /** Set for a `.ts` or `.mts` that is an MPEG transport stream (an HLS segment, a camera's clip), not TypeScript. */
  videoSegment?: true
  /** Set for a `.ts` that is a Qt Linguist translation (XML), not TypeScript. */
  translation?: true
  /** For a page of an istanbul coverage report: the original source file it shows whole. */
  coverageOf?: string
  /** Set for code that ships modules as text in eval() strings, as webpack's and rspack's devtool 'eval' writes them. */
  evalModules?: EvalModules
}

const KIND_BY_EXTENSION: Record<string, FileKind> = {
  js: 'script',
  mjs: 'script',
  cjs: 'script',
  jsx: 'script',
  css: 'style',
  html: 'html',
  htm: 'html',
}

// Files a browser or a runtime executes or renders, where a sourceMappingURL comment
// means something: pages a server renders from templates, React Native's bundles too.
// Documentation that shows such a comment (a README) is not code.
const CODE_EXTENSION = /\.(m?js|cjs|jsx|ts|tsx|mts|cts|es6|jsm|css|html?|xhtml|svg|vue|svelte|astro|hbs|handlebars|mustache|ejs|eta|edge|njk|nunjucks|liquid|erb|rhtml|twig|tera|php|phtml|shtml|jspx?|jspf|gsp|cfm|asp|aspx|ascx|cshtml|vbhtml|razor|gohtml|gotmpl|templ|tmpl|tpl|pug|jade|j2|jinja2?|ftl[hx]?|vm|vtl|[hl]?eex|marko|slim|haml|dust|jsbundle|(?:android|ios)\.bundle)$/i

export function extensionOf(path: string): string {
  return /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? ''
}

export function kindByName(path: string): FileKind {
  return KIND_BY_EXTENSION[extensionOf(path)] ?? 'asset'
}

/** Code by name, or an extensionless executable script (`bin/cli` with a shebang). */
export function isCode(path: string, content: Uint8Array): boolean {
  if (CODE_EXTENSION.test(path)) return true
  return extensionOf(path.replace(/^.*\//, '')) === '' && content[0] === 0x23 && content[1] === 0x21
}

// One call without a Hash object: on 10,000 small files, half the time of createHash.
// Read off the namespace, so that a runtime without it (older Bun) still loads this file.
const hashOnce = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash

export function sha256Hex(bytes: Uint8Array): string {
  return hashOnce ? hashOnce('sha256', bytes, 'hex') : nodeCrypto.createHash('sha256').update(bytes).digest('hex')
}

type Unpacked = { ok: true; content: Uint8Array; compression: Compression | undefined } | { ok: false; reason: string; mayBeMap?: boolean }

// gzip inside gzip happens (a compression step run twice); deeper nesting is refused below.
const MAX_NESTED_COMPRESSION = 3
const GZIP_TRAILER_BYTES = 8

/** The content a file holds once decompressed: gzip by magic or name (nested too), brotli by name or by what it decompresses to. */
function unpack(path: string, logicalPath: string, raw: Uint8Array, mapNamed: boolean): Unpacked {
  const unsupported = unreadableCompression(path)
  if (unsupported !== undefined) return mapNamed ? { ok: false, reason: `it is compressed with ${unsupported}, which shipguard cannot read` } : { ok: true, content: raw, compression: undefined }
  // Compressed in place under its plain name, as files uploaded with a Content-Encoding are: no text starts with these bytes.
  const compressedInPlace = mapNamed ? undefined : unreadableCompressionByMagic(raw)
  if (compressedInPlace !== undefined && (CODE_EXTENSION.test(logicalPath) || /\.json$/i.test(logicalPath))) {
    return { ok: false, reason: `it is compressed with ${compressedInPlace} under its plain name, which shipguard cannot read: ship it uncompressed, or compressed with gzip or brotli, which shipguard reads` }
  }
  let content = raw
  let compression: Compression | undefined
  for (let depth = 0; ; depth++) {
    const kind = depth === 0 ? detectCompression(path, content) : hasGzipMagic(content) ? 'gzip' : undefined
    if (kind === undefined) break
    if (depth === MAX_NESTED_COMPRESSION) return { ok: false, reason: `it is compressed more than ${MAX_NESTED_COMPRESSION} times over` }
    const result = decompress(content, kind)
    // What starts as a JSON object may be a map that gunzip would still mostly read: refused,
    // whatever the name. Its start is read without the gzip trailer, whose checksum may be what broke.
    if (!result.ok) return { ...result, mayBeMap: readPrefix(content.subarray(0, Math.max(1, content.length - GZIP_TRAILER_BYTES)), kind)?.json === true }
    compression ??= kind
    content = result.bytes
  }
  if (compression === undefined && !mapNamed && isUnknownBinary(raw)) return unpackUnlabelled(logicalPath, raw)
  return { ok: true, content, compression }
}

/**
 * Binary content that decompresses, though nothing says so, to text is judged as that
 * text: a brotli map or script keeps no magic bytes to tell it by. Text must decompress
 * to the file's last byte; text that no rule reads (not JSON, not code by its name) is
 * left alone. One that starts as JSON but does not decompress is refused: it may be a map.
 */
function unpackUnlabelled(path: string, raw: Uint8Array): Unpacked {
  let refusal: string | undefined
  for (const found of unlabelledTexts(raw)) {
    if (!found.json && !carriesText(path, found.start)) continue
    const { compression } = found
    const whole = decompress(raw, compression)
    // JSON is judged even with bytes after its stream (a newline, say), as a reader would see it.
    if (whole.ok && (whole.consumed === raw.length || found.json)) return { ok: true, content: whole.bytes, compression }
    if (!whole.ok && found.json && !found.stored) refusal ??= `it starts as ${compression}-compressed JSON that may be a source map, but ${whole.reason}`
  }
  return refusal === undefined ? { ok: true, content: raw, compression: undefined } : { ok: false, reason: refusal, mayBeMap: true }
}

/**
 * A file under a map's name that does not read as one may be a map compressed
 * without saying so, or compressed twice in different ways; the first decompression
 * that reads as a map (or as a broken one) is what the file holds. `nested` says it
 * lay more than one compression deep, past where an edit reaches.
 */
function readHiddenMap(content: Uint8Array, depth = 0): { reading: MapReading; compression: Compression; bytes: Uint8Array; nested: boolean } | undefined {
  if (depth === MAX_NESTED_COMPRESSION) return undefined
  for (const hidden of hiddenOrGzipped(content)) {
    const reading = readSourceMap(hidden.bytes, true)
    if (reading.type !== 'not-a-map') return { ...hidden, reading, nested: depth > 0 }
    const deeper = readHiddenMap(hidden.bytes, depth + 1)
    if (deeper) return { ...deeper, nested: true }
  }
  return undefined
}

function* hiddenOrGzipped(content: Uint8Array): Generator<{ compression: Compression; bytes: Uint8Array }> {
  if (hasGzipMagic(content)) {
    const result = decompress(content, 'gzip')
    if (result.ok) yield { compression: 'gzip', bytes: result.bytes }
    return
  }
  yield* hiddenDecompressions(content)
}

/** Why binary data under a map's name that spells `sourcesContent` is refused. */
export const BINARY_AROUND_SOURCES: string = "it holds binary data around a source map's sourcesContent"

/**
 * Binary data under a map's name (a game's level map, say) is no source map, unless
 * it is compressed in a way Node cannot undo or still spells `sourcesContent`
 * somewhere: then it fails closed.
 */
function unreadableBinaryMap(content: Uint8Array): MapReading | undefined {
  const compressor = unreadableCompressionByMagic(content)
  if (compressor !== undefined) return { type: 'unreadable', reason: `it is compressed with ${compressor}, which shipguard cannot read` }
  if (asBuffer(content).includes(SOURCES_CONTENT)) return { type: 'unreadable', reason: BINARY_AROUND_SOURCES }
  return undefined
}

export interface AnalyzeOptions {
  /**
   * The caller removes a trailing link found in code and judges the text of what is
   * left: the code's text (inline maps, secrets) is not read here, only its link.
   */
  unlinking?: boolean
  /** The caller hashes the bytes (on another thread) and fills in `sha256`. */
  hashedApart?: boolean
}

/** Judges one file's bytes as shipped; `path` is posix and relative to the root of the set. */
export function analyzeFile(path: string, raw: Uint8Array, options: AnalyzeOptions = {}): FileFacts {
  const logicalPath = withoutCompressionSuffix(path)
  const facts: FileFacts = {
    path,
    bytes: raw.length,
    sha256: options.hashedApart ? '' : sha256Hex(raw),
    kind: kindByName(logicalPath),
    compression: undefined,
    map: undefined,
    unreadable: undefined,
    inlineMaps: [],
    link: undefined,
    secrets: [],
  }
  const mapNamed = hasMapName(logicalPath)
  const unpacked = unpack(path, logicalPath, raw, mapNamed)
  if (!unpacked.ok) {
    // Fail closed where a map or code could hide; a broken font archive is not our business.
    if (mapNamed || unpacked.mayBeMap || facts.kind !== 'asset' || /\.json$/i.test(logicalPath)) {
      facts.unreadable = unpacked.reason
      if (mapNamed || unpacked.mayBeMap) facts.kind = 'sourcemap'
    }
    return facts
  }
  const { content } = unpacked
  facts.compression = unpacked.compression
  if (/\.pem$/i.test(logicalPath) && holdsPublicPemOnly(content)) facts.publicPem = true
  if (/\.pub$/i.test(logicalPath) && holdsSshPublicKeyOnly(content)) facts.publicSshKey = true
  if (isVideoSegment(logicalPath, content)) {
    facts.videoSegment = true
    return facts
  }
  if (isQtTranslation(logicalPath, content)) facts.translation = true
  let reading = readSourceMap(content, mapNamed)
  let mapBytes = content
  if (reading.type !== 'map' && mapNamed) {
    const hidden = readHiddenMap(content)
    if (hidden) {
      reading = hidden.reading
      // Edits reach one compression (or gzip in gzip) deep; a map deeper in stays as it is, and is refused if it must change.
      if (facts.compression === undefined && !hidden.nested) facts.compression = hidden.compression
      else facts.mapBeyondEdit = true
      mapBytes = hidden.bytes
    } else if (reading.type === 'not-a-map') {
      reading = unreadableBinaryMap(content) ?? reading
    }
  }
  if (reading.type === 'map') {
    facts.kind = 'sourcemap'
    const { mappingsAt, ...map } = reading.map
    facts.map = map
    // Secrets are ASCII: a UTF-16 or UTF-32 text is searched as the UTF-8 it reads as.
    facts.secrets = findSecrets(asUtf8(mapBytes), { inMap: true, mappingsAt })
    return facts
  }
  if (reading.type === 'unreadable') {
    facts.kind = 'sourcemap'
    facts.unreadable = reading.reason
    return facts
  }
  if (isCode(logicalPath, content)) {
    // A UTF-16 script (by its BOM) is read as the UTF-8 it reads as, as a browser decodes it,
    // and a UTF-32 one as its mark says: its secrets, inline maps and link (whose offsets
    // withoutMapLink reads the same way).
    const text = asUtf8(content)
    const coverageOf = facts.kind === 'html' ? coveredSourceOf(asBuffer(text)) : undefined
    if (coverageOf !== undefined) facts.coverageOf = coverageOf
    const search = searchCode(text)
    if (search.mentionsSourceMappingUrl) {
      facts.link = findTrailingMapLink(text)
      if (facts.link && options.unlinking) return facts
      facts.inlineMaps = findInlineMaps(text)
    }
    facts.secrets = search.secrets
    const evalModules = search.mentionsSourceUrl ? findEvalModules(asBuffer(text)) : undefined
    if (evalModules) facts.evalModules = evalModules
    if (search.mentionsDataUrl) {
      const payloads = findDataUrlPayloads(text)
      const inDataUrls = mapsInDataUrls(payloads)
      facts.inlineMaps = withoutRepeats([...facts.inlineMaps, ...inDataUrls.direct], inDataUrls.nested)
      facts.secrets = withoutRepeatedSecrets([...search.secrets, ...secretsInDataUrls(payloads)])
    }
    // A map the searches above found (or could not read) as a data URL on a line is that line's map, not one more.
    const inCode = (search.mentionsSourcesContent ? findMapsInCode(asBuffer(text)) : []).filter(({ line }) => !facts.inlineMaps.some((inline) => inline.line === line && (inline.map !== undefined || inline.unreadable !== undefined)))
    if (inCode.length > 0) facts.inlineMaps = [...facts.inlineMaps, ...inCode.map(({ line, map }) => ({ line, inString: false, inCode: true, map, unreadable: undefined }))]
    return facts
  }
  const value = firstValueByte(asUtf8(content))
  // Data that is a JSON string may hold a whole map written as one.
  const jsonData = value === 0x7b || value === 0x5b || value === 0x22
  if (jsonData) {
    const found = findMapsInJsonData(content)
    facts.inlineMaps = found.maps.map(({ line, map }) => ({ line, inString: false, inJsonData: true, map, unreadable: undefined }))
    facts.unreadable = found.unreadable
  }
  if (searchedForSecrets(logicalPath, content)) {
    const text = asUtf8(content)
    // The search for secrets says in the same pass whether the text holds a data URL.
    const search = searchCode(text)
    facts.secrets = search.secrets
    // JSON data and other text inline files as data URLs too (a web manifest's icons, a config's certificates).
    const payloads = search.mentionsDataUrl ? findDataUrlPayloads(text) : []
    if (payloads.length > 0) facts.secrets = withoutRepeatedSecrets([...facts.secrets, ...secretsInDataUrls(payloads)])
    if (jsonData) facts.inlineMaps = withoutRepeats(facts.inlineMaps, mapsInJsonStrings(text, search.mentionsSourceMappingUrl, payloads))
  } else if (mayHoldKey(logicalPath, content)) {
    facts.secrets = findSecrets(asUtf8(content), { keysOnly: true })
  }
  return facts
}

// Names TypeScript shares with video: HLS names its segments `.ts`, AVCHD cameras their clips `.mts`.
const VIDEO_NAME = /\.m?ts$/i
// MPEG-TS: 188-byte packets, each opening with the sync byte 0x47. M2TS (AVCHD, Blu-ray)
// puts a 4-byte timestamp before each, so its packets are 192 bytes, the sync byte 4 in.
const TS_LAYOUTS = [
  { packet: 188, sync: 0 },
  { packet: 192, sync: 4 },
] as const
const TS_SYNC = 0x47

/** A transport stream under a name TypeScript uses too; the stream's start decides, so a chunked file gets the same answer. */
export function isVideoSegment(path: string, content: Uint8Array): boolean {
  return VIDEO_NAME.test(sourceNameOf(path)) && TS_LAYOUTS.some((layout) => syncsAt(content, layout)) && holdsControlBytes(content)
}

/**
 * Whether the first three packets of this layout open with the sync byte. A segment holds
 * thousands; three whole ones at least, so that a short script whose fifth byte is a `G`
 * (`let G = …`) is not taken for one.
 */
function syncsAt(content: Uint8Array, { packet, sync }: (typeof TS_LAYOUTS)[number]): boolean {
  if (content.length < 3 * packet) return false
  for (let at = sync; at < 3 * packet; at += packet) if (content[at] !== TS_SYNC) return false
  return true
}

/** Source text that happens to repeat a `G` where sync bytes go still has tabs and line ends only, never other control bytes. */
function holdsControlBytes(content: Uint8Array): boolean {
  return content.subarray(0, TEXT_PROBE).some((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
}

// Qt Linguist's translations are XML named `.ts`: `<?xml …?>` then `<!DOCTYPE TS>` or `<TS …>`.
// No TypeScript starts with `<?`.
const QT_TRANSLATION = /^\uFEFF?\s*<\?xml[^>]*\?>\s*(?:<!--[^]*?-->\s*)*<(?:!DOCTYPE TS>|TS[\s>])/

function isQtTranslation(path: string, content: Uint8Array): boolean {
  return /\.ts$/i.test(sourceNameOf(path)) && QT_TRANSLATION.test(Buffer.from(content.buffer, content.byteOffset, Math.min(content.byteLength, TEXT_PROBE)).toString('utf8'))
}

// Past this a file named like a key is no key file; and text has no NUL bytes near its start.
const MAX_KEY_FILE = 1024 * 1024
const TEXT_PROBE = 1024

/**
 * A key file by its name (`server.key`, or one without an extension: `ssh_host_rsa_key`,
 * `id_rsa`) whose first kilobyte reads as text, though a NUL byte after it says the file
 * is no text (readsAsText): searched for private keys only, which no name rule covers.
 */
function mayHoldKey(path: string, content: Uint8Array): boolean {
  const name = path.replace(/^.*\//, '')
  if (!/\.key$/i.test(name) && extensionOf(name) !== '') return false
  // UTF-16 or UTF-32 text (with its byte order mark) is text too: searched as the UTF-8 it reads as.
  return content.length <= MAX_KEY_FILE && (hasUnicodeBom(content) || !content.subarray(0, TEXT_PROBE).includes(0))
}

// git's test for binary content: a NUL byte within the first 8,000 bytes.
const BINARY_PROBE = 8000

/**
 * Text by its content, whatever its name (notes, configs, feeds, logs, scripts, a file
 * named like a map that is none): UTF-16 or UTF-32 by its byte order mark, or no NUL byte near
 * its start and no magic of a known binary format. Searched for every secret shape: in
 * binary data a chance run of bytes could take a shape, in text one that does was written.
 */
function readsAsText(content: Uint8Array): boolean {
  if (hasUnicodeBom(content)) return true
  return !content.subarray(0, BINARY_PROBE).includes(0) && !isKnownBinaryFormat(content)
}

/** Text searched for every secret shape: by its name, or by its content. */
export function searchedForSecrets(path: string, content: Uint8Array): boolean {
  return carriesText(path, content) || readsAsText(content)
}

/** Where a secret would be read by anyone by the file's name: code, styles, pages, JSON data. */
function carriesText(path: string, content: Uint8Array): boolean {
  return isCode(path, content) || /\.(json|jsonc|json5|webmanifest)$/i.test(path)
}

// A data URL of a script that holds a data URL of a style that holds a map: deep enough.
const MAX_DATA_URL_DEPTH = 3

/**
 * Secrets a data URL would show anyone who decodes it (a `.env` or a worker a bundler
 * inlined as base64), in the scripts it inlines too, reported on the line of the outer URL.
 */
export function secretsInDataUrls(payloads: readonly DataUrlPayload[], depth = 0): SecretHit[] {
  const hits: SecretHit[] = []
  for (const payload of payloads) {
    const decoded = payload.candidates().next().value
    if (decoded === undefined) continue
    for (const hit of findSecrets(decoded)) hits.push({ ...hit, line: payload.line })
    if (depth + 1 >= MAX_DATA_URL_DEPTH) continue
    for (const hit of secretsInDataUrls(findDataUrlPayloads(decoded), depth + 1)) hits.push({ ...hit, line: payload.line })
  }
  return hits
}

/** A secret shown as it is and again inside a data URL that spells it out is one secret. */
function withoutRepeatedSecrets(hits: readonly SecretHit[]): SecretHit[] {
  const seen = new Set<string>()
  return hits.filter((hit) => !seen.has(hit.fingerprint) && seen.add(hit.fingerprint) !== undefined)
}

/**
 * The maps the data URLs found hold: `direct`ly, or `nested` in the scripts, styles and
 * pages they inline, which the file's own search may have found already where the
 * inlined text shows as it is (see withoutRepeats).
 */
export interface DataUrlMaps {
  direct: InlineMap[]
  nested: InlineMap[]
}

export function mapsInDataUrls(payloads: readonly DataUrlPayload[], depth = 0): DataUrlMaps {
  const found: DataUrlMaps = { direct: [], nested: [] }
  for (const payload of payloads) {
    if (payload.kind === 'text') continue
    if (payload.kind === 'json') {
      const map = firstMapOf(payload.candidates(), payload.line, false)
      if (map) found.direct.push({ ...map, inDataUrl: true })
      continue
    }
    if (depth + 1 >= MAX_DATA_URL_DEPTH) continue
    // The first reading of the code that holds any map stands for the URL.
    for (const decoded of payload.candidates()) {
      const inner = mapsInDataUrls(findDataUrlPayloads(decoded), depth + 1)
      const maps = [...findInlineMaps(decoded), ...inner.direct, ...inner.nested]
      for (const map of maps) found.nested.push({ ...map, line: payload.line, inDataUrl: true })
      if (maps.length > 0) break
    }
  }
  return found
}

/**
 * Maps that JSON data holds inside its strings as data URLs: code kept with its inline
 * map (a build cache's `{ code }`), or a map kept as a data URL. Shipped as data, not
 * loaded as code, they are maps with sources inside JSON data, not inline maps.
 */
function mapsInJsonStrings(text: Uint8Array, mentionsSourceMappingUrl: boolean, payloads: readonly DataUrlPayload[]): InlineMap[] {
  const inDataUrls = mapsInDataUrls(payloads)
  const found = withoutRepeats([...(mentionsSourceMappingUrl ? findInlineMaps(text) : []), ...inDataUrls.direct], inDataUrls.nested)
  return found.map(({ inDataUrl: _asData, ...map }) => ({ ...map, inString: false, inJsonData: true }))
}

function findInlineMaps(content: Uint8Array): InlineMap[] {
  const maps: InlineMap[] = []
  for (const payload of findInlineMapPayloads(content)) {
    const found = firstMapOf(payload.candidates(), payload.line, payload.inString)
    if (found) maps.push(found)
  }
  return maps
}

/**
 * A map inside a script or page that a data URL inlines is found twice where the inlined
 * text shows as it is: by the file's own search, and again in the decoded script (on the
 * line where the URL starts). Such a second finding of a map the file's own search found
 * is left out; two URLs that each carry the same map are both reported.
 */
export function withoutRepeats(found: readonly InlineMap[], nested: readonly InlineMap[]): InlineMap[] {
  const carried = new Set(found.map(identityOf))
  return [...found, ...nested.filter((map) => !carried.has(identityOf(map)))]
}

function identityOf(found: InlineMap): string {
  return found.decodedSha256 ?? JSON.stringify(found.map ?? found.unreadable)
}

/** The first decoding that reads as a map; failing that, the first that might be one but cannot be read. */
function firstMapOf(candidates: Iterable<Uint8Array>, line: number, inString: boolean): InlineMap | undefined {
  let found: InlineMap | undefined
  for (const candidate of candidates) {
    const reading = readSourceMap(candidate, false)
    if (reading.type === 'map' && mapsNothing(reading.map)) continue
    if (reading.type === 'map') return { line, inString, map: reading.map, unreadable: undefined, decodedSha256: sha256Hex(candidate) }
    if (reading.type === 'unreadable') found ??= { line, inString, map: undefined, unreadable: reading.reason, decodedSha256: sha256Hex(candidate) }
  }
  return found
}

/**
 * A map of nothing (`{"version":3,"sources":[],"names":[],"mappings":""}`): no source named
 * or carried, no section. A minifier writes one into its own code as a template for its
 * output; bundled into an app, it is no map of the app's and leaks nothing.
 */
function mapsNothing(map: SourceMapFacts): boolean {
  return map.sources.length === 0 && map.sourcesWithText === 0 && map.sections.length === 0
}
