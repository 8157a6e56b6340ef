import { asBuffer, asUtf8, jsonPrefixLength } from './json.js'
import { LineCounter } from './map-comments.js'
import { describeSourceMap, isJsonObject, isSourceMapObject } from './map-object.js'
import { escapedKeys, SOURCES_CONTENT, totalSourcesWithText, type SourceMapFacts } from './sourcemap.js'

const QUOTED_SOURCES_CONTENT = Buffer.from('"sourcesContent"')
// The key of a map kept as a JSON string, as the data's text spells it.
const ESCAPED_QUOTED_SOURCES_CONTENT = Buffer.from('\\"sourcesContent\\"')
// A key may be spelled with escapes; data written with `ensure_ascii` holds many of them.
const ESCAPE = Buffer.from('\\u00')
// Past this the data is not parsed whole (JSON.parse holds several times its size): a map inside data that large goes unseen (see README).
const PARSE_LIMIT = 32 * 1024 * 1024
// A map written into data as a JSON string starts like one.
const MAP_STRING = /^\s*\{/

/** A map with source text inside JSON data (a build cache's `{ code, map }`, a list of maps), with the line of its `sourcesContent` key. */
export interface EmbeddedMap {
  line: number
  map: SourceMapFacts
}

/**
 * Maps carrying source text anywhere inside JSON data that is itself no map: as
 * objects, or as JSON strings. Only data that spells `sourcesContent` (or may, with
 * escapes) is parsed, so other JSON costs one search.
 */
export function findMapsInJsonData(content: Uint8Array): EmbeddedMap[] {
  const bytes = asBuffer(asUtf8(content))
  if (bytes.length > PARSE_LIMIT || (!bytes.includes(SOURCES_CONTENT) && !spellsWithEscapes(bytes))) return []
  let root: unknown
  try {
    root = JSON.parse(bytes.toString('utf8', jsonPrefixLength(bytes)))
  } catch {
    return []
  }
  const maps: Array<{ map: SourceMapFacts; inString: boolean; key: number }> = []
  // Each object that owns a sourcesContent key, numbered in document order: the key's place in the text says its line.
  const keysSeen = { inText: 0, inString: 0 }
  // Iteratively, in document order, without descending into a map found: its sections are its own.
  const pending: Array<{ value: unknown; inString: boolean }> = [{ value: root, inString: false }]
  while (pending.length > 0) {
    const { value, inString } = pending.pop() as { value: unknown; inString: boolean }
    if (typeof value === 'string') {
      if (value.length > 32 && MAP_STRING.test(value) && value.includes('sourcesContent')) pending.push({ value: parsedOrUndefined(value), inString: true })
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    const key = Object.hasOwn(value, 'sourcesContent') ? (inString ? keysSeen.inString++ : keysSeen.inText++) : -1
    if (value !== root && isSourceMapObject(value)) {
      const facts = describeSourceMap(value)
      if (typeof facts !== 'string' && totalSourcesWithText(facts) > 0) maps.push({ map: facts, inString, key })
      continue
    }
    const children = Array.isArray(value) ? value : isJsonObject(value) ? Object.values(value) : []
    for (let index = children.length - 1; index >= 0; index--) pending.push({ value: children[index], inString })
  }
  const lines = { inText: keyLines(bytes, QUOTED_SOURCES_CONTENT), inString: keyLines(bytes, ESCAPED_QUOTED_SOURCES_CONTENT) }
  return maps.map(({ map, inString, key }) => ({ line: (inString ? lines.inString : lines.inText)[key] ?? 1, map }))
}

function spellsWithEscapes(bytes: Buffer): boolean {
  if (!bytes.includes(ESCAPE)) return false
  for (const key of escapedKeys(bytes.toString('utf8'))) if (key === '"sourcesContent"') return true
  return false
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The line of each spelling of the key, in order. */
function keyLines(bytes: Buffer, key: Buffer): number[] {
  const lines: number[] = []
  const counter = new LineCounter(bytes)
  for (let at = bytes.indexOf(key); at !== -1; at = bytes.indexOf(key, at + 1)) lines.push(counter.lineAt(at))
  return lines
}
