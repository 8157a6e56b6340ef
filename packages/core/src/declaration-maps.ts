import type { InlineMap } from './analyze.js'
import { withoutCompressionSuffix } from './decompress.js'

// What TypeScript writes with `declarationMap`: `index.d.ts.map` beside `index.d.ts` (and the
// `.d.mts`/`.d.cts` of ESM and CommonJS packages). Editors follow them to a library's sources.
const DECLARATION = /\.d\.[cm]?ts$/i
const DECLARATION_MAP = /\.d\.[cm]?ts\.map$/i

/** A declaration file, whose link to its map an editor follows. */
export function isDeclarationFile(path: string): boolean {
  return DECLARATION.test(withoutCompressionSuffix(path))
}

/**
 * A map written as a data URL into a declaration file (a library build's CommonJS
 * re-export of its types): no code runs or downloads it, and it is the declaration
 * map editors read, judged as one (the rules that read maps still see its sources).
 */
export function isInlineDeclarationMap(path: string, inline: InlineMap): boolean {
  return inline.map !== undefined && !inline.inJsonData && !inline.inCode && !inline.inDataUrl && isDeclarationFile(path)
}

/** A declaration map by its name: no debug map of shipped code, but the compiler's map for editors. */
export function isDeclarationMap(path: string): boolean {
  return DECLARATION_MAP.test(withoutCompressionSuffix(path))
}
