import { LineCounter } from './map-comments.js'
import { SOURCES_CONTENT, type SourceMapFacts } from './sourcemap.js'
import { readStringLiteral } from './string-literal.js'

const MAPPINGS = Buffer.from('mappings')
const QUOTES = new Set([0x22, 0x27, 0x60])
const NULL = Buffer.from('null')

/** A map written into code with its source text: where its `sourcesContent` key is, and how many texts it holds. */
export interface CodeEmbeddedMap {
  line: number
  map: SourceMapFacts
}

/**
 * Maps written into code as objects or strings, with their source text: css-loader's
 * maps that style-loader puts into the bundle (their styles' text in a `sourcesContent`
 * list with unquoted keys, once minified), a map imported as a string or as JSON. Found by a `sourcesContent` key
 * whose list opens with a non-empty string literal, in code that also spells
 * `mappings`: no library bundle checked holds one (the packages this project
 * installs, and Next.js's), where code that makes maps fills that list from variables.
 */
export function findMapsInCode(bytes: Buffer): CodeEmbeddedMap[] {
  const first = bytes.indexOf(SOURCES_CONTENT)
  if (first === -1 || !bytes.includes(MAPPINGS)) return []
  const found: CodeEmbeddedMap[] = []
  const lines = new LineCounter(bytes)
  for (let at = first; at !== -1; at = bytes.indexOf(SOURCES_CONTENT, at + SOURCES_CONTENT.length)) {
    const texts = textsListedAt(bytes, at + SOURCES_CONTENT.length)
    if (texts > 0) found.push({ line: lines.lineAt(at), map: { sources: Array.from({ length: texts }, () => ''), sourceRoot: undefined, file: undefined, sourcesWithText: texts, sections: [] } })
  }
  return found
}

/**
 * How many non-empty string literals open the list after a `sourcesContent` key that
 * ends at `at` (quoted or not, its quote escaped when the map sits in a string). In a
 * string, the first non-empty one is enough to tell.
 */
function textsListedAt(bytes: Buffer, at: number): number {
  let i = skipEscapes(bytes, at)
  if (bytes[i] === 0x22 || bytes[i] === 0x27) i++
  i = skipSpaces(bytes, i)
  if (bytes[i] !== 0x3a) return 0
  i = skipSpaces(bytes, i + 1)
  if (bytes[i] !== 0x5b) return 0
  let texts = 0
  for (i = skipSpaces(bytes, i + 1); i < bytes.length; i = skipSpaces(bytes, i)) {
    const quoteAt = skipEscapes(bytes, i)
    const quote = bytes[quoteAt] as number
    if (!QUOTES.has(quote)) {
      // A source without text: `null` in the list.
      if (quoteAt !== i || !bytes.subarray(i, i + 4).equals(NULL)) return texts
      i = skipSpaces(bytes, i + 4)
      if (bytes[i] !== 0x2c) return texts
      i++
      continue
    }
    if (quoteAt > i) {
      // Escaped: the map is itself inside a string. Empty only if the same escaped quote closes it at once;
      // an empty source (an empty file's) may come first, so the list goes on past it.
      const closing = bytes.subarray(i, quoteAt + 1)
      if (!bytes.subarray(quoteAt + 1, quoteAt + 1 + closing.length).equals(closing)) return texts + 1
      i = skipSpaces(bytes, quoteAt + 1 + closing.length)
      if (bytes[i] !== 0x2c) return texts
      i++
      continue
    }
    const literal = readStringLiteral(bytes, quoteAt + 1, quote)
    if (bytes[literal.end] !== quote) return texts
    if (literal.data.length > 0) texts++
    i = skipSpaces(bytes, literal.end + 1)
    if (bytes[i] !== 0x2c) return texts
    i++
  }
  return texts
}

function skipSpaces(bytes: Buffer, from: number): number {
  let i = from
  while (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d) i++
  return i
}

function skipEscapes(bytes: Buffer, from: number): number {
  let i = from
  while (bytes[i] === 0x5c) i++
  return i
}
