import { MAX_SECTION_DEPTH } from './map-reader.js'
import type { SectionFacts, SourceMapFacts } from './sourcemap.js'

// The judgement of a map that JSON.parse has read: JSON.parse defines what the JSON
// means, so this is exact by construction. It serves small inputs, where a parse
// costs less than the incremental reader run cold, and it is the reference the
// reader is tested against.

type JsonObject = Record<string, unknown>

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function own(object: JsonObject, key: string): boolean {
  return Object.hasOwn(object, key)
}

/** What isMapModel decides for a model, decided for a parsed value. */
export function isSourceMapObject(value: unknown, depth = 0): value is JsonObject {
  if (!isJsonObject(value)) return false
  const version3 = value.version === 3 || value.version === '3'
  if (Array.isArray(value.sections)) {
    return (
      version3 ||
      value.sections.some(
        (section) =>
          isJsonObject(section) &&
          ((own(section, 'offset') && (own(section, 'map') || own(section, 'url'))) ||
            (depth < MAX_SECTION_DEPTH && isSourceMapObject(typeof section.map === 'string' ? embeddedValue(section.map) : section.map, depth + 1))),
      )
    )
  }
  if (version3) return typeof value.mappings === 'string' || Array.isArray(value.sources) || Array.isArray(value.sourcesContent) || typeof value.sourcesContent === 'string' || countTexts(value.sourcesContent) > 0
  if (typeof value.mappings === 'string' && Array.isArray(value.sources)) return true
  // A JSON Schema of a map describes each field with an object: no map written that way holds its texts in one.
  const describesFields = isJsonObject(value.mappings) && !Array.isArray(value.sourcesContent) && typeof value.sourcesContent !== 'string'
  return own(value, 'mappings') && own(value, 'sourcesContent') && !describesFields
}

/** The facts of a parsed map, or why it cannot be read. */
export function describeSourceMap(map: JsonObject, depth = 0): SourceMapFacts | string {
  if (depth > MAX_SECTION_DEPTH) return `index map sections nest more than ${MAX_SECTION_DEPTH} levels deep`
  const sections: SectionFacts[] = []
  if (Array.isArray(map.sections)) {
    for (const section of map.sections) {
      if (!isJsonObject(section)) continue
      const url = typeof section.url === 'string' ? section.url : undefined
      const sectionMap = typeof section.map === 'string' ? parseEmbeddedMap(section.map) : section.map
      if (sectionMap instanceof Error) return unreadableSectionString(sectionMap.message)
      if (!isJsonObject(sectionMap)) {
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

/** Why a map is unreadable when a section holds its map as a string that is not JSON. */
export function unreadableSectionString(reason: string): string {
  return `an index map section holds its map as a string that is not JSON (${reason})`
}

/** A map written as a JSON string, parsed; undefined when it is no JSON. */
function embeddedValue(text: string): unknown {
  const value = parseEmbeddedMap(text)
  return value instanceof Error ? undefined : value
}

/** A section's map written as a JSON string: not what the spec allows, but it still carries source. */
function parseEmbeddedMap(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
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
    } else if (isJsonObject(item)) {
      for (const element of Object.values(item)) pending.push(element)
    }
  }
  return count
}

export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}
