import { STREAM_THRESHOLD } from './files.js'
import { groupDigits } from './format.js'
import { asBuffer, asUtf8, jsonPrefixLength } from './json.js'
import { LineCounter } from './map-comments.js'
import { describeSourceMap, isJsonObject, isSourceMapObject } from './map-object.js'
import { escapedKeys, SOURCES_CONTENT, totalSourcesWithText, type SourceMapFacts } from './sourcemap.js'

const QUOTED_SOURCES_CONTENT = Buffer.from('"sourcesContent"')
// The key of a map kept as a JSON string, as the data's text spells it.
const ESCAPED_QUOTED_SOURCES_CONTENT = Buffer.from('\\"sourcesContent\\"')
// A key may be spelled with escapes; data written with `ensure_ascii` holds many of them.
const BACKSLASH = 0x5c
// From here on the data is not parsed whole (JSON.parse holds a few times its size): data that
// large which spells sourcesContent is refused instead (see README). The CLI reads such files in chunks.
const PARSE_LIMIT = STREAM_THRESHOLD
// Text with escapes is read for keys they spell this much at a time; a key spelled with escapes is far shorter than the overlap.
const ESCAPE_WINDOW = 16 * 1024 * 1024
const ESCAPE_OVERLAP = 4 * 1024
// A map written into data as a JSON string starts like one.
const MAP_STRING = /^\s*\{/

/** A map with source text inside JSON data (a build cache's `{ code, map }`, a list of maps), with the line of its `sourcesContent` key. */
export interface EmbeddedMap {
  line: number
  map: SourceMapFacts
}

/** What JSON data that is no map holds: maps with source text, or why it cannot be searched for them. */
export interface JsonDataMaps {
  maps: EmbeddedMap[]
  unreadable: string | undefined
}

/**
 * Maps carrying source text anywhere inside JSON data that is itself no map: as
 * objects, or as JSON strings. Only data that spells `sourcesContent` (or may, with
 * escapes) is parsed, so other JSON costs one search; such data too large to parse
 * fails closed.
 */
export function findMapsInJsonData(content: Uint8Array): JsonDataMaps {
  const bytes = asBuffer(asUtf8(content))
  if (!spellsSourcesContent(bytes)) return { maps: [], unreadable: undefined }
  if (bytes.length >= PARSE_LIMIT) return { maps: [], unreadable: tooLargeToSearch(bytes.length) }
  let root: unknown
  try {
    root = JSON.parse(bytes.toString('utf8', jsonPrefixLength(bytes)))
  } catch (error) {
    // Not JSON: other rules judge what it is. A parse that failed otherwise (out of room) left its maps unseen.
    return { maps: [], unreadable: error instanceof SyntaxError ? undefined : tooLargeToSearch(bytes.length) }
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
  return { maps: maps.map(({ map, inString, key }) => ({ line: (inString ? lines.inString : lines.inText)[key] ?? 1, map })), unreadable: undefined }
}

/** Why JSON data that spells `sourcesContent` and is too large to parse is refused. */
export function tooLargeToSearch(bytes: number): string {
  return `it is JSON data of ${groupDigits(bytes)} bytes that spells sourcesContent, and shipguard parses JSON data for the source maps inside only below ${groupDigits(PARSE_LIMIT)} bytes: keep it out of the output, or split it`
}

/** Whether the bytes spell `sourcesContent`, as they are or as a key with escapes. */
export function spellsSourcesContent(bytes: Buffer): boolean {
  return bytes.includes(SOURCES_CONTENT) || spellsWithEscapes(bytes)
}

function spellsWithEscapes(bytes: Buffer): boolean {
  if (!escapesAsciiLetter(bytes)) return false
  // A window at a time, so that data past the largest string is read too.
  for (let at = 0; at < bytes.length; at += ESCAPE_WINDOW) {
    for (const key of escapedKeys(bytes.toString('utf8', Math.max(0, at - ESCAPE_OVERLAP), at + ESCAPE_WINDOW))) if (key === '"sourcesContent"') return true
  }
  return false
}

/**
 * Whether an escape may spell an ASCII letter (`\u0043`), as one in a key that spells
 * `sourcesContent` with escapes does: data written with `ensure_ascii`, full of escapes
 * of other characters, is then not read for keys.
 */
function escapesAsciiLetter(bytes: Buffer): boolean {
  // Backslash by backslash (a search for one byte is the fast one), each with the character it escapes.
  for (let at = bytes.indexOf(BACKSLASH); at !== -1; at = bytes.indexOf(BACKSLASH, at + 2)) {
    // `\u00` and a third digit of 4 to 7: U+0040 to U+007F, where the letters of sourcesContent are.
    const digit = bytes[at + 4] ?? 0
    if (bytes[at + 1] === 0x75 && bytes[at + 2] === 0x30 && bytes[at + 3] === 0x30 && digit >= 0x34 && digit <= 0x37) return true
  }
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
