import { JsonScanner, asBuffer, asUtf8, firstValueByte, jsonPrefixLength, jsonStringAt, splice, type JsonMember, type JsonSpan } from './json.js'
import { describeSourceMap, isJsonObject, isSourceMapObject, jsonTypeName, unreadableSectionString } from './map-object.js'
import { isPlainStringBody, mappingsValues } from './mappings-spans.js'
import { MAX_SECTION_DEPTH, MapReader, type MapModel, type ReaderResult, type SectionModel, type ShallowValue } from './map-reader.js'

/** What shipguard knows about one source map, read field by field and tolerant of broken ones. */
export interface SourceMapFacts {
  /** `sources` entries that are strings, as written. */
  sources: string[]
  sourceRoot: string | undefined
  file: string | undefined
  /** How many entries of this map's own `sourcesContent` hold text. */
  sourcesWithText: number
  /** Index maps (ECMA-426 `sections`): the map of each section, in order. */
  sections: SectionFacts[]
  /** Where the bodies of the map's own `mappings` strings lie in the bytes read, where reading them told. */
  mappingsAt?: readonly JsonSpan[] | undefined
}

export interface SectionFacts {
  map: SourceMapFacts | undefined
  /** Legacy sections that point at a map by URL instead of embedding it. */
  url: string | undefined
}

/** Outcome of reading some bytes as a possible source map. */
export type MapReading =
  | { type: 'map'; map: SourceMapFacts }
  | { type: 'unreadable'; reason: string }
  | { type: 'not-a-map' }

function isVersion3(value: ShallowValue | undefined): boolean {
  return (value?.type === 'number' && value.value === 3) || (value?.type === 'string' && value.value === '3')
}

/**
 * Decides by content whether a JSON object is a source map. Deliberately wider than
 * ECMA-426 (a broken map still carries source) yet narrow enough that data which
 * merely has a `sourcesContent` or `version` field is not a map.
 */
export function isMapModel(map: MapModel, depth = 0): boolean {
  const version3 = isVersion3(map.version)
  if (map.sections !== undefined) {
    return (
      version3 ||
      map.sections.some((section) => {
        if (section.keys.has('offset') && (section.keys.has('map') || section.keys.has('url'))) return true
        if (depth >= MAX_SECTION_DEPTH) return false
        // A section's map written as a JSON string is read the same, or stripping the root's
        // sourcesContent could leave an object nobody takes for a map, with the string's source in it.
        const inner = section.map ?? (section.embedded === undefined ? undefined : embeddedModel(section.embedded))
        return inner !== undefined && isMapModel(inner, depth + 1)
      })
    )
  }
  // Data has a version 3 too (a search index template's `"mappings": { "properties": … }`):
  // one field must hold what a map's holds, or text where its sources' would be.
  if (version3) return map.mappings?.type === 'string' || map.sources?.type === 'array' || map.sourcesContent?.type === 'array' || map.sourcesContent?.type === 'string' || map.texts > 0
  if (map.mappings?.type === 'string' && map.sources?.type === 'array') return true
  // A JSON Schema of a map describes each field with an object: no map written that way holds its texts in one.
  const describesFields = map.mappings?.type === 'object' && map.sourcesContent?.type !== 'array' && map.sourcesContent?.type !== 'string'
  return map.keys.has('mappings') && map.keys.has('sourcesContent') && !describesFields
}

function stringValue(value: ShallowValue | undefined): string | undefined {
  return value?.type === 'string' ? value.value : undefined
}

/** `read.everySourceText` gathers the texts the readers of sections' maps written as strings read (see ReaderResult). */
function describeMap(map: MapModel, read: { everySourceText: number }): SourceMapFacts | string {
  const sections: SectionFacts[] = []
  for (const section of map.sections ?? []) {
    const inner = sectionMap(section, read)
    if (typeof inner === 'string') return inner
    sections.push({ map: inner, url: stringValue(section.url) })
  }
  return {
    sources: map.sources?.type === 'array' ? map.sourceList : [],
    sourceRoot: stringValue(map.sourceRoot),
    file: stringValue(map.file),
    sourcesWithText: map.texts,
    sections,
  }
}

/** The model of a map written as a JSON string, when the string reads as JSON. */
function embeddedModel(text: string): MapModel | undefined {
  const reader = new MapReader()
  reader.push(Buffer.from(text))
  const result = reader.end()
  return result.ok ? result.map : undefined
}

/**
 * A section's map, or one written as a JSON string there: not what the spec allows,
 * but it still carries source, so a string there that cannot be read fails closed.
 */
function sectionMap(section: SectionModel, read: { everySourceText: number }): SourceMapFacts | undefined | string {
  if (section.map) return describeMap(section.map, read)
  if (section.embedded === undefined) return undefined
  const reader = new MapReader()
  reader.push(Buffer.from(section.embedded))
  const result = reader.end()
  if (!result.ok) return unreadableSectionString(result.reason)
  read.everySourceText += result.everySourceText
  return result.map ? describeMap(result.map, read) : undefined
}

/** The map and every map nested in its sections, depth first. */
export function* eachMap(map: SourceMapFacts): Generator<{ map: SourceMapFacts; section: number[] }> {
  const pending: Array<{ map: SourceMapFacts; section: number[] }> = [{ map, section: [] }]
  while (pending.length > 0) {
    const current = pending.shift() as { map: SourceMapFacts; section: number[] }
    yield current
    current.map.sections.forEach((section, index) => {
      if (section.map) pending.push({ map: section.map, section: [...current.section, index] })
    })
  }
}

export function totalSourcesWithText(map: SourceMapFacts): number {
  let total = 0
  for (const { map: each } of eachMap(map)) total += each.sourcesWithText
  return total
}

export function totalSources(map: SourceMapFacts): number {
  let total = 0
  for (const { map: each } of eachMap(map)) total += each.sources.length
  return total
}

/**
 * Source module names of a map: each source joined to `sourceRoot`, with the
 * bundler-specific `webpack://<name>/` style prefixes left as written.
 */
export function mapModules(map: SourceMapFacts): string[] {
  const modules = new Set<string>()
  for (const { map: each } of eachMap(map)) {
    const root = each.sourceRoot ? each.sourceRoot.replace(/\/?$/, '/') : ''
    for (const source of each.sources) modules.add(root + source)
  }
  return [...modules].sort()
}

const MAP_NAME = /\.map$/i

/** Names that announce a source map; only used to fail closed on unreadable content. */
export function hasMapName(path: string): boolean {
  return MAP_NAME.test(path)
}

const QUOTED_MAP_KEYS = ['"version"', '"mappings"', '"sources"', '"sourcesContent"', '"sections"', '"names"'].map((text) => Buffer.from(text))
const AFTER_KEY = /[ \t\r\n]*:/y
const QUOTED_MAP_KEY_TEXTS = new Set(QUOTED_MAP_KEYS.map((key) => key.toString()))
const SNIFF_BYTES = 1024 * 1024
const SOURCES_CONTENT_KEY = Buffer.from('"sourcesContent"')
/** The key's name, quoted or not, as searches for it in any text spell it. */
export const SOURCES_CONTENT: Buffer = Buffer.from('sourcesContent')
/** Why a file named as a map that holds a map's keys but no JSON is refused. */
export const BROKEN_MAP_TEXT: string = "it holds text with a source map's keys that is not JSON"
const ESCAPE = Buffer.from('\\u')
const ESCAPE_BELOW_0100 = Buffer.from('\\u00')

// A map's keys as JSON writes them, in a JSON text or in a string literal that holds one (`\"sources\"`).
const MAP_KEYS_IN_TEXT = ['sources', 'mappings', 'sections'].flatMap((key) => [`"${key}"`, `"${key}\\"`]).map((text) => Buffer.from(text))

/**
 * Whether text under a map's name that does not start as JSON may still be a map: one
 * after a prefix, wrapped in a script, or cut off at its start. Bare words will not do:
 * linker maps (GNU ld's lists input sections), keymaps and game levels use them too.
 * `sourcesContent` is no word any other format uses, and is what carries source, so
 * it counts however written; an escape may spell any key.
 */
export function textSpellsMapKeys(bytes: Uint8Array): boolean {
  const buffer = asBuffer(bytes)
  return buffer.includes(SOURCES_CONTENT) || MAP_KEYS_IN_TEXT.some((key) => buffer.includes(key)) || buffer.includes(ESCAPE_BELOW_0100)
}

/**
 * Whether JSON that does not parse, under no map's name, was meant to be a map: it
 * must read as a JSON object with two of a map's keys (or a key spelled with escapes),
 * so that templates, JSON lines and scripts that start with `{` are not taken for one.
 */
export function looksLikeBrokenMap(bytes: Uint8Array): boolean {
  const buffer = asBuffer(bytes)
  if (!/^\s*\{\s*"/.test(buffer.toString('latin1', jsonPrefixLength(buffer), jsonPrefixLength(buffer) + 64))) return false
  // Two of a map's keys, not one, and one of them a key only maps use: JSON lines with a
  // "sources" field, or data with a "version" and "names" (Python writes NaN), are not a broken map.
  // A map cut off before its `mappings` and `sourcesContent` carries no source text.
  const found = new Set(QUOTED_MAP_KEYS.filter((key) => buffer.includes(key)).map((key) => key.toString()))
  const mapOnly = () => found.size >= 2 && [...found].some((key) => MAP_ONLY_KEYS.has(key))
  if (mapOnly()) return true
  // Keys spelled with escapes count as what they spell: JSON lines written by `ensure_ascii` are not a map.
  for (const spelled of escapedKeys(buffer.toString('utf8', 0, SNIFF_BYTES))) {
    if (QUOTED_MAP_KEY_TEXTS.has(spelled)) found.add(spelled)
    if (mapOnly()) return true
  }
  return false
}

const MAP_ONLY_KEYS = new Set(['"mappings"', '"sourcesContent"', '"sections"'])

/**
 * Each key in the text spelled with a `\u` escape (as in `"sources\u0043ontent"`), as
 * the key it spells, in quotes. Each escape is read in the string around it (from the
 * unescaped quote before it to the one after, on its line), whatever came earlier: a
 * stray quote in broken JSON throws nothing after it off. Strings read once are not
 * read again, so text full of escapes stays linear.
 */
export function* escapedKeys(text: string): Generator<string> {
  let readUpTo = 0
  for (let escape = text.indexOf('\\u'); escape !== -1; escape = text.indexOf('\\u', Math.max(escape + 2, readUpTo))) {
    const open = quoteBefore(text, escape, readUpTo)
    if (open === -1) {
      readUpTo = escape + 2
      continue
    }
    const close = quoteAfter(text, escape + 2)
    if (close < 0) {
      // No string closes before the line ends: nor does one for any escape up to there.
      readUpTo = -close
      continue
    }
    AFTER_KEY.lastIndex = close + 1
    // A quote that ends no key may open the next string (in broken JSON): it is read again.
    readUpTo = AFTER_KEY.test(text) ? close + 1 : close
    if (readUpTo === close) continue
    const spelled = decodedKey(text.slice(open, close + 1))
    if (spelled !== undefined) yield spelled
  }
}

/** The unescaped quote before `at` and after `floor`, on the same line; -1 when none is. */
function quoteBefore(text: string, at: number, floor: number): number {
  for (let i = at - 1; i >= floor; i--) {
    const char = text.charCodeAt(i)
    if (char === 0x0a) return -1
    if (char === 0x22 && !isEscaped(text, i)) return i
  }
  return -1
}

/** The unescaped quote from `at` on, on the same line; when none is, minus where the search stopped. */
function quoteAfter(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (char === 0x0a) return -i
    if (char === 0x5c) i++
    else if (char === 0x22) return i
  }
  return -text.length
}

/** Whether the character at `at` follows an odd run of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++
  return backslashes % 2 === 1
}

/** Two of a map's keys among those a reader read before the JSON broke: a broken map, wherever in a file the break. */
export function holdsMapKeys(keys: ReadonlySet<string> | undefined): boolean {
  let count = 0
  for (const key of QUOTED_MAP_KEY_TEXTS) if (keys?.has(key.slice(1, -1))) count++
  return count >= 2
}

/** `"…"` as the key it spells, in quotes; undefined when its escapes are not JSON's. */
function decodedKey(key: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(key) as string)
  } catch {
    return undefined
  }
}

/** Git's test for binary content: a NUL byte early on. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0)
}

/**
 * Reads bytes as a source map if they are one. `mapNamed` says the name announces
 * a map, which turns an empty file, a JSON value of the wrong kind, or text with a
 * map's keys that is not JSON into a refusal rather than a pass.
 */
export function readSourceMap(input: Uint8Array, mapNamed: boolean): MapReading {
  return readSourceMapVia(input, mapNamed, 'either')
}

/** readSourceMap through the incremental reader alone, whatever the size. */
export function readSourceMapWithReader(input: Uint8Array, mapNamed: boolean): MapReading {
  return readSourceMapVia(input, mapNamed, 'reader')
}

/** readSourceMap through JSON.parse alone, whatever the size: the reader's reference. */
export function readSourceMapWithParse(input: Uint8Array, mapNamed: boolean): MapReading {
  return readSourceMapVia(input, mapNamed, 'parse')
}

// A parse holds the whole value in memory; the incremental reader is the fast path
// only once V8 has optimised it, which a build's few maps never give it time for: in a
// fresh process it read a 1.4 MB map of 2,000 sources in 4-8 ms, JSON.parse in 1, and
// maps of 4 MB with their sources in about the same time as a parse.
const PARSE_LIMIT = 16 * 1024 * 1024
const utf8 = new TextDecoder('utf-8')

function readSourceMapVia(input: Uint8Array, mapNamed: boolean, via: 'either' | 'reader' | 'parse'): MapReading {
  const bytes = asUtf8(input)
  const first = firstValueByte(bytes)
  if (first === -1) return mapNamed ? { type: 'unreadable', reason: 'the file is empty' } : { type: 'not-a-map' }
  // Only `{` can start a map; `[` is read so that a map-named array is refused, not passed.
  if (first !== 0x7b && first !== 0x5b) {
    if (!mapNamed || looksBinary(bytes)) return { type: 'not-a-map' }
    if (textSpellsMapKeys(bytes)) return { type: 'unreadable', reason: BROKEN_MAP_TEXT }
    return judgeScalarUnderMapName(bytes, first)
  }
  const json = bytes.subarray(jsonPrefixLength(bytes))
  if (!mapNamed && !mayNameMapKeys(json)) return { type: 'not-a-map' }
  const brokenMap = () => first === 0x7b && looksLikeBrokenMap(bytes)
  if (via === 'parse') {
    const parsed = parseJson([json])
    if (parsed.ok) {
      const reading = judgeParsedMap(parsed.value, mapNamed)
      return mayHideSourceText(reading, json) ? readWithReader(json, input, bytes, mapNamed, brokenMap) : reading
    }
    // The reader's account of what is wrong names the offset; JSON.parse's varies by engine.
    return judgeReading({ ok: false, reason: parsed.reason }, mapNamed, brokenMap)
  }
  if (via === 'either' && json.length <= PARSE_LIMIT && cannotNestDeep(json)) {
    // Of a `mappings` string the judgement asks only that it is one, and whether it is
    // empty (the key may sit where strings count as source text): all but a body's
    // first byte, most of a map without sources, is left out of the text parsed.
    const text = asBuffer(json)
    const mappings = mappingsValues(text)
    const parsed = parseJson(piecesAround(json, mappings.filter((span) => isPlainStringBody(json, span))))
    if (parsed.ok) {
      const reading = judgeParsedMap(parsed.value, mapNamed)
      if (reading.type !== 'map') return reading
      if (mayHideSourceText(reading, json)) return readWithReader(json, input, bytes, mapNamed, brokenMap)
      // Without keys spelled with escapes, the spans found by bytes include the map's own
      // mappings; as many of them as the map has, they are those and no others (a nested
      // or repeated `"mappings"` key makes one more).
      return !text.includes(ESCAPE) && ownMappingsCount(parsed.value) === mappings.length ? withMappingsAt(reading, mappings, input, bytes, json) : reading
    }
  }
  return readWithReader(json, input, bytes, mapNamed, brokenMap)
}

function readWithReader(json: Uint8Array, input: Uint8Array, bytes: Uint8Array, mapNamed: boolean, brokenMap: () => boolean): MapReading {
  const reader = new MapReader()
  reader.push(json)
  const reading = judgeReading(reader.end(), mapNamed, brokenMap)
  return reading.type === 'map' ? withMappingsAt(reading, reader.mappingsSpans, input, bytes, json) : reading
}

/**
 * Whether a map JSON.parse read without source text may hold some that parse cannot
 * show: a `sourcesContent` value with a string in it (one that a repeated key hides),
 * or a section's map written as a string, in the map or its sections' maps. The
 * reader, which counts every text it reads, then decides. Maps without sources
 * (`"sourcesContent": [null, …]` or no key) are told by bytes alone.
 */
function mayHideSourceText(reading: MapReading, json: Uint8Array): boolean {
  if (reading.type !== 'map' || totalSourcesWithText(reading.map) > 0) return false
  const text = asBuffer(json)
  if (!text.includes(SOURCES_CONTENT) && !text.includes(ESCAPE)) return false
  const scanner = new JsonScanner(json)
  return holdsHiddenText(scanner, scanner.skipWhitespace(0), 0)
}

function holdsHiddenText(scanner: JsonScanner, objectStart: number, depth: number): boolean {
  const members = membersOf(scanner, objectStart)
  if (members.some((member) => member.key === 'sourcesContent' && holdsNonEmptyString(scanner.bytes, member.valueStart, member.end))) return true
  let found = false
  forEachSectionMap(
    scanner,
    members,
    depth,
    (mapStart) => void (found ||= holdsHiddenText(scanner, mapStart, depth + 1)),
    () => void (found = true),
  )
  return found
}

/** Whether the JSON value in [start, end) holds a string that is not empty (an object's key counts). */
function holdsNonEmptyString(bytes: Uint8Array, start: number, end: number): boolean {
  for (let quote = bytes.indexOf(0x22, start); quote !== -1 && quote < end; quote = bytes.indexOf(0x22, quote + 2)) {
    if (bytes[quote + 1] !== 0x22) return true
  }
  return false
}

// The bytes a JSON string, number, `true`, `false` or `null` starts with.
const SCALAR_START = new Set([...'"-0123456789tfn'].map((char) => char.charCodeAt(0)))

/** Whether text that starts with this byte (after white space) may be a JSON string, number, boolean or null. */
export function mayStartJsonScalar(first: number): boolean {
  return SCALAR_START.has(first)
}

/** A map's name over a JSON string, number, boolean or null is refused as an array there is: what was meant to be a map is not one. */
function judgeScalarUnderMapName(bytes: Uint8Array, first: number): MapReading {
  if (!mayStartJsonScalar(first)) return { type: 'not-a-map' }
  const parsed = parseJson([bytes.subarray(jsonPrefixLength(bytes))])
  return parsed.ok ? { type: 'unreadable', reason: `it holds a JSON ${jsonTypeName(parsed.value)}, not a source map object` } : { type: 'not-a-map' }
}

// Every key that makes JSON a map, or a broken one, holds one of these; an escape may spell any of them.
const MAP_KEY_PARTS = ['sources', 'mappings', 'names', 'sections', '\\u'].map((text) => Buffer.from(text))

/** Whether JSON can be a map, or a broken one, at all: a native search instead of a parse (and its exception) for most JSON that is none. */
function mayNameMapKeys(json: Uint8Array): boolean {
  const bytes = asBuffer(json)
  return MAP_KEY_PARTS.some((part) => bytes.includes(part))
}

/** `mappings` strings of a parsed map and of the maps of its sections, as far as the reader follows them. */
function ownMappingsCount(value: unknown, depth = 0): number {
  if (!isJsonObject(value)) return 0
  let count = typeof value.mappings === 'string' ? 1 : 0
  if (Array.isArray(value.sections) && depth < MAX_SECTION_DEPTH) {
    for (const section of value.sections) if (isJsonObject(section)) count += ownMappingsCount(section.map, depth + 1)
  }
  return count
}

/** Where the bodies of `mappings` lie in the input, when its bytes are the ones read. */
function withMappingsAt(reading: Extract<MapReading, { type: 'map' }>, spans: readonly JsonSpan[], input: Uint8Array, bytes: Uint8Array, json: Uint8Array): MapReading {
  if (bytes !== input) return reading
  const prefix = input.length - json.length
  return { type: 'map', map: { ...reading.map, mappingsAt: spans.map(({ start, end }) => ({ start: start + prefix, end: end + prefix })) } }
}

/** The bytes with each span cut down to its first byte. */
function piecesAround(bytes: Uint8Array, spans: readonly JsonSpan[]): Uint8Array[] {
  const pieces: Uint8Array[] = []
  let from = 0
  for (const { start, end } of spans) {
    if (end - start < 2) continue
    pieces.push(bytes.subarray(from, start + 1))
    from = end
  }
  pieces.push(bytes.subarray(from))
  return pieces
}

/**
 * Whether the JSON has too few `{` to nest index-map sections as deep as the reader
 * refuses to follow (each level is a map object and a section object). Past that,
 * the reader decides, since a parse keeps only the last of repeated keys and the
 * reader refuses depth wherever it occurs.
 */
function cannotNestDeep(json: Uint8Array): boolean {
  const buffer = asBuffer(json)
  let at = -1
  for (let braces = 0; braces < 2 * MAX_SECTION_DEPTH; braces++) {
    at = buffer.indexOf(0x7b, at + 1)
    if (at === -1) return true
  }
  return false
}

/** JSON.parse of the text the pieces spell together. */
function parseJson(pieces: readonly Uint8Array[]): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(pieces.length === 1 ? utf8.decode(pieces[0]) : pieces.map((piece) => utf8.decode(piece)).join('')) as unknown }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

/** judgeReading for a value JSON.parse read. */
function judgeParsedMap(value: unknown, mapNamed: boolean): MapReading {
  // Under a map's name, source fields alone make it a map: what else would carry `sourcesContent`?
  // A version 3 with any map key does too, whatever its value: a broken map, not data.
  const namedMap = mapNamed && isJsonObject(value) && (Object.hasOwn(value, 'sourcesContent') || Object.hasOwn(value, 'sources') || ((value.version === 3 || value.version === '3') && (Object.hasOwn(value, 'mappings') || Object.hasOwn(value, 'names'))))
  if (!namedMap && !isSourceMapObject(value)) {
    if (mapNamed && !isJsonObject(value)) return { type: 'unreadable', reason: `it holds a JSON ${jsonTypeName(value)}, not a source map object` }
    return { type: 'not-a-map' }
  }
  const facts = describeSourceMap(value as Record<string, unknown>)
  return typeof facts === 'string' ? { type: 'unreadable', reason: facts } : { type: 'map', map: facts }
}

/**
 * The verdict on what a MapReader read, in memory or streamed. `brokenMap` says,
 * when the JSON is invalid, whether it still looks like a map someone meant.
 */
export function judgeReading(result: ReaderResult, mapNamed: boolean, brokenMap: () => boolean): MapReading {
  if (!result.ok) return mapNamed || brokenMap() ? { type: 'unreadable', reason: result.reason } : { type: 'not-a-map' }
  const { root, map } = result
  if (root.type !== 'object' || !map) {
    const kind = root.type === 'literal' ? (root.value === null ? 'null' : 'boolean') : root.type
    return mapNamed ? { type: 'unreadable', reason: `it holds a JSON ${kind}, not a source map object` } : { type: 'not-a-map' }
  }
  // Under a map's name, source fields alone make it a map: what else would carry `sourcesContent`?
  // A version 3 with any map key does too, whatever its value: a broken map, not data.
  const namedMap = mapNamed && (map.keys.has('sourcesContent') || map.keys.has('sources') || (isVersion3(map.version) && (map.keys.has('mappings') || map.keys.has('names'))))
  if (!namedMap && !isMapModel(map)) return { type: 'not-a-map' }
  const read = { everySourceText: result.everySourceText }
  const facts = describeMap(map, read)
  if (typeof facts === 'string') return { type: 'unreadable', reason: facts }
  // Text JSON's reading does not show (a repeated `sourcesContent`, section `map` or `sections`
  // key, the last one without text) still ships: a map that shows none carries what was read.
  return { type: 'map', map: read.everySourceText > 0 && totalSourcesWithText(facts) === 0 ? { ...facts, sourcesWithText: read.everySourceText } : facts }
}

/**
 * Whether stripping may leave a map as it is, without reading it again: no key in it
 * is, or could be spelled as, `sourcesContent`. A key that holds no text by JSON's
 * reading is not enough: a repeated key (in its value, on a section, on `sections`)
 * hides text from that reading which the bytes still carry.
 */
export function hasNothingToStrip(input: Uint8Array): boolean {
  const utf8 = asUtf8(input)
  const bytes = asBuffer(utf8)
  return !bytes.includes(SOURCES_CONTENT_KEY) && !bytes.includes(ESCAPE)
}

/**
 * Removes every `sourcesContent` member from a map and from the map of each index
 * map section, splicing bytes so that everything else (`mappings`, `sources`,
 * `names`, formatting, a BOM or `)]}'` prefix) stays byte for byte. The input must
 * be JSON that `readSourceMap` accepted. Returns the input itself when there is
 * nothing to remove.
 */
export function stripSourcesContent(input: Uint8Array): Uint8Array {
  const bytes = asUtf8(input)
  const scanner = new JsonScanner(bytes)
  const start = scanner.skipWhitespace(jsonPrefixLength(bytes))
  const cuts: JsonSpan[] = []
  collectCuts(scanner, start, cuts, 0)
  return cuts.length === 0 ? input : splice(bytes, cuts)
}

function collectCuts(scanner: JsonScanner, objectStart: number, cuts: JsonSpan[], depth: number): void {
  const members = membersOf(scanner, objectStart)
  forEachSectionMap(scanner, members, depth, (mapStart) => collectCuts(scanner, mapStart, cuts, depth + 1))
  for (const cut of memberRemovals(members, (member) => member.key === 'sourcesContent')) cuts.push(cut)
}

export function membersOf(scanner: JsonScanner, objectStart: number): JsonMember[] {
  const members: JsonMember[] = []
  scanner.forEachMember(objectStart, (member) => members.push(member))
  return members
}

/** Where the map object of each index map section among a map's members starts, as deep as maps are read; `visitWrittenAsString` for one written as a JSON string. */
export function forEachSectionMap(scanner: JsonScanner, members: readonly JsonMember[], depth: number, visit: (mapStart: number) => void, visitWrittenAsString?: () => void): void {
  const bytes = scanner.bytes
  for (const member of members) {
    if (member.key !== 'sections' || bytes[member.valueStart] !== 0x5b || depth >= MAX_SECTION_DEPTH) continue
    scanner.forEachElement(member.valueStart, (element) => {
      if (bytes[element.start] !== 0x7b) return
      scanner.forEachMember(element.start, (sectionMember) => {
        if (sectionMember.key !== 'map') return
        if (bytes[sectionMember.valueStart] === 0x7b) visit(sectionMember.valueStart)
        else if (bytes[sectionMember.valueStart] === 0x22) visitWrittenAsString?.()
      })
    })
  }
}

/**
 * Spans to delete so that the members `remove` selects disappear and the object
 * stays valid: each kept member keeps the separator (comma and whitespace) that
 * stood right before it, and the first kept member loses everything before it.
 */
function memberRemovals(members: JsonMember[], remove: (member: JsonMember) => boolean): JsonSpan[] {
  if (!members.some(remove)) return []
  const first = members[0] as JsonMember
  const last = members[members.length - 1] as JsonMember
  const kept = members.map((member, index) => ({ member, index })).filter(({ member }) => !remove(member))
  if (kept.length === 0) return [{ start: first.start, end: last.end }]
  const cuts: JsonSpan[] = []
  const firstKept = kept[0] as { member: JsonMember; index: number }
  if (firstKept.index > 0) cuts.push({ start: first.start, end: firstKept.member.start })
  for (let k = 1; k < kept.length; k++) {
    const previous = kept[k - 1] as { member: JsonMember; index: number }
    const current = kept[k] as { member: JsonMember; index: number }
    if (current.index - previous.index > 1) {
      const beforeCurrent = members[current.index - 1] as JsonMember
      cuts.push({ start: previous.member.end, end: beforeCurrent.end })
    }
  }
  const lastKept = kept[kept.length - 1] as { member: JsonMember; index: number }
  if (lastKept.index < members.length - 1) cuts.push({ start: lastKept.member.end, end: last.end })
  return cuts
}

/**
 * Rewrites each entry of a map's top-level `sources` (every duplicate of the key),
 * leaving all other bytes as they were. For bundlers that wrote source paths
 * relative to a place other than where the map will land.
 */
export function rewriteSources(bytes: Uint8Array, rewrite: (source: string) => string): Uint8Array {
  const scanner = new JsonScanner(bytes)
  const start = scanner.skipWhitespace(jsonPrefixLength(bytes))
  if (bytes[start] !== 0x7b) return bytes
  const replacements: Array<JsonSpan & { text: string }> = []
  scanner.forEachMember(start, (member) => {
    if (member.key !== 'sources' || bytes[member.valueStart] !== 0x5b) return
    // Element by element, so that the array keeps the bundler's own formatting.
    scanner.forEachElement(member.valueStart, (element) => {
      const source = jsonStringAt(bytes, element)
      if (source === undefined) return
      const rewritten = rewrite(source)
      if (rewritten !== source) replacements.push({ ...element, text: JSON.stringify(rewritten) })
    })
  })
  return splice(bytes, replacements)
}
