// The judgement of a map as it stood when it went through JSON.parse: the reference
// that the streaming MapReader must agree with, field for field, on any input.
import { asUtf8, firstValueByte, jsonPrefixLength } from '../../packages/core/src/json.ts'
import { looksBinary, looksLikeBrokenMap, type MapReading, type SourceMapFacts, type SectionFacts } from '../../packages/core/src/sourcemap.ts'

// Index maps may nest (the spec forbids it, tools produce it); past this depth the
// file is not something a consumer would read, so it is refused rather than walked.
const MAX_SECTION_DEPTH = 32

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function own(object: JsonObject, key: string): boolean {
  return Object.hasOwn(object, key)
}

/**
 * Decides by content whether a parsed JSON value is a source map. Deliberately
 * wider than ECMA-426 (a broken map still carries source) yet narrow enough that
 * data which merely has a `sourcesContent` or `version` field is not a map.
 */
export function isSourceMapObject(value: unknown): value is JsonObject {
  if (!isObject(value)) return false
  const version3 = value.version === 3 || value.version === '3'
  if (Array.isArray(value.sections)) {
    return (
      version3 ||
      value.sections.some((section) => isObject(section) && ((own(section, 'offset') && (own(section, 'map') || own(section, 'url'))) || isSourceMapObject(section.map)))
    )
  }
  if (version3) return own(value, 'mappings') || own(value, 'sources') || own(value, 'sourcesContent') || own(value, 'names')
  if (typeof value.mappings === 'string' && Array.isArray(value.sources)) return true
  return own(value, 'mappings') && own(value, 'sourcesContent')
}

export function describeSourceMap(map: JsonObject, depth = 0): SourceMapFacts | string {
  if (depth > MAX_SECTION_DEPTH) return `index map sections nest more than ${MAX_SECTION_DEPTH} levels deep`
  const sections: SectionFacts[] = []
  if (Array.isArray(map.sections)) {
    for (const section of map.sections) {
      if (!isObject(section)) continue
      const url = typeof section.url === 'string' ? section.url : undefined
      const sectionMap = typeof section.map === 'string' ? parseEmbeddedMap(section.map) : section.map
      if (!isObject(sectionMap)) {
        sections.push({ map: undefined, url })
        continue
      }
      const inner = describeSourceMap(sectionMap, depth + 1)
      if (typeof inner === 'string') return inner
      sections.push({ map: inner, url })
    }
  }
  return {
    sources: Array.isArray(map.sources) ? map.sources.filter((source): source is string => typeof source === 'string') : [],
    sourceRoot: typeof map.sourceRoot === 'string' ? map.sourceRoot : undefined,
    file: typeof map.file === 'string' ? map.file : undefined,
    sourcesWithText: countTexts(map.sourcesContent),
    sections,
  }
}

/** A section's map written as a JSON string: not what the spec allows, but it still carries source. */
function parseEmbeddedMap(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * Counts non-empty strings anywhere in a `sourcesContent` value. Whatever its
 * shape (array, lone string, nested junk), text there is text that ships.
 */
function countTexts(value: unknown): number {
  let count = 0
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()
    if (typeof item === 'string') {
      if (item.length > 0) count++
    } else if (Array.isArray(item)) {
      for (const element of item) pending.push(element)
    } else if (isObject(item)) {
      for (const element of Object.values(item)) pending.push(element)
    }
  }
  return count
}

/**
 * Reads bytes as a source map if they are one. `mapNamed` says the name announces
 * a map, which turns an empty file, a JSON value of the wrong kind, or text with a
 * map's keys that is not JSON into a refusal rather than a pass.
 */
export function referenceReadSourceMap(input: Uint8Array, mapNamed: boolean): MapReading {
  const bytes = asUtf8(input)
  const first = firstValueByte(bytes)
  if (first === -1) return mapNamed ? { type: 'unreadable', reason: 'the file is empty' } : { type: 'not-a-map' }
  // Only `{` can start a map; `[` is read so that a map-named array is refused, not passed.
  if (first !== 0x7b && first !== 0x5b) {
    return mapNamed && !looksBinary(bytes) && looksLikeBrokenMap(bytes, true) ? { type: 'unreadable', reason: 'it holds text with a source map\'s keys that is not JSON' } : { type: 'not-a-map' }
  }
  const parsed = parseJson(bytes)
  if (!parsed.ok) {
    return mapNamed || (first === 0x7b && looksLikeBrokenMap(bytes, false)) ? { type: 'unreadable', reason: parsed.reason } : { type: 'not-a-map' }
  }
  // Under a map's name, source fields alone make it a map: what else would carry `sourcesContent`?
  const namedMap = mapNamed && isObject(parsed.value) && (own(parsed.value, 'sourcesContent') || own(parsed.value, 'sources'))
  if (!namedMap && !isSourceMapObject(parsed.value)) {
    if (mapNamed && !isObject(parsed.value)) {
      return { type: 'unreadable', reason: `it holds a JSON ${jsonTypeName(parsed.value)}, not a source map object` }
    }
    return { type: 'not-a-map' }
  }
  const facts = describeSourceMap(parsed.value as JsonObject)
  return typeof facts === 'string' ? { type: 'unreadable', reason: facts } : { type: 'map', map: facts }
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}


type JsonReadResult = { ok: true; value: unknown } | { ok: false; reason: string }

function parseJson(bytes: Uint8Array): JsonReadResult {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes.subarray(jsonPrefixLength(bytes)))) as unknown }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}
