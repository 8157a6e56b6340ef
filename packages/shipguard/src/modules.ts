import { isAbsolute, relative, resolve, sep } from 'node:path'
import { toPosix } from './paths.js'

/**
 * A module id from a bundler's graph as the manifest lists it: relative to the
 * project, posix, without the `\0` of virtual modules, a `?query` or a `#fragment`.
 */
function moduleName(root: string, id: string): string {
  const path = id.replace(/^\0/, '').replace(/[?#].*$/, '')
  return isAbsolute(path) ? toPosix(relative(root, path)) : toPosix(path)
}

// A segment that path.relative would resolve away: `.`, `..` or an empty one.
const UNNORMALIZED = sep === '/' ? /\/\.{0,2}(?:\/|$)/ : /[\\/]\.{0,2}(?:[\\/]|$)/

/** A relative path that moduleName would return as it is: no virtual-module mark, query or segment to resolve. */
function isClean(relativePath: string): boolean {
  return relativePath !== '' && relativePath[0] !== '\0' && !relativePath.includes('?') && !relativePath.includes('#') && !UNNORMALIZED.test(sep + relativePath)
}

/** moduleName for one root, for one id or for the modules of a chunk at once. */
export interface ModuleNamer {
  (id: string): string
  /** The names of many ids, in their order: a new array, the caller's to change. */
  all(ids: readonly string[]): string[]
}

// In ids under the root's prefix (which ends in the separator) joined by newlines: a segment
// path.relative would resolve away (`.`, `..`, an empty one), or what moduleName cuts (`\0`, a query, a fragment).
const UNCLEAN_AFTER_PREFIX = /[\0?#]|\/\.{0,2}(?:\/|$)/m
// The same in relative ids, whose first segment starts a line (a leading `/` is an empty one).
const UNCLEAN_RELATIVE_LINE = new RegExp(`${UNCLEAN_AFTER_PREFIX.source}|^\\.{0,2}(?:\\/|$)`, 'm')

/**
 * moduleName for one root, remembered per id: a bundler names the same module in
 * every chunk, importer list and metafile entry, and path.relative is slow enough
 * to show in a build's time when it runs for each of them.
 */
export function moduleNamer(root: string, absolutePath: (id: string) => string = (id) => id): ModuleNamer {
  const names = new Map<string, string>()
  // An absolute id under the resolved root (which path.relative would resolve it against anyway) is relative by slicing.
  const resolvedRoot = resolve(root)
  const prefix = resolvedRoot.endsWith(sep) ? resolvedRoot : resolvedRoot + sep
  const nameOf = (id: string) => {
    let name = names.get(id)
    if (name === undefined) {
      // A clean relative id (esbuild's and Bun's metafiles) is already relative to the root.
      if (!isAbsolute(id) && isClean(id)) name = toPosix(id)
      else {
        const path = absolutePath(id)
        const rest = path.startsWith(prefix) ? path.slice(prefix.length) : undefined
        name = rest !== undefined && isClean(rest) ? toPosix(rest) : moduleName(root, path)
      }
      names.set(id, name)
    }
    return name
  }
  const notUnderRoot = new RegExp(`^(?!${prefix.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')})`, 'm')
  // A chunk's ids, thousands in a large app, are named by a few searches of them joined
  // instead of a call for each: run before V8 has compiled it, as in a build's one
  // judgement, that call took 12 ms for 3,000 ids; the searches take 1 to 3.
  const all = (ids: readonly string[]): string[] => {
    if (sep !== '/' || ids.length === 0) return ids.map(nameOf)
    const joined = ids.join('\n')
    // Clean relative ids, each its own name (esbuild's metafile).
    if (!UNCLEAN_RELATIVE_LINE.test(joined)) return ids.slice()
    // Clean ids under the root (rollup's, rolldown's and vite's), named by what follows it.
    if (notUnderRoot.test(joined) || UNCLEAN_AFTER_PREFIX.test(joined)) return ids.map(nameOf)
    const rests = `\n${joined}`.split(`\n${prefix}`)
    rests.shift()
    // Every line starts with the root, so a line of its own for each id means no id held a newline.
    return rests.length === ids.length ? rests : ids.map(nameOf)
  }
  return Object.assign(nameOf, { all })
}
