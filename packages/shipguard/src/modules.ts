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

/**
 * moduleName for one root, remembered per id: a bundler names the same module in
 * every chunk, importer list and metafile entry, and path.relative is slow enough
 * to show in a build's time when it runs for each of them.
 */
export function moduleNamer(root: string, absolutePath: (id: string) => string = (id) => id): (id: string) => string {
  const names = new Map<string, string>()
  // An absolute id under the resolved root (which path.relative would resolve it against anyway) is relative by slicing.
  const resolvedRoot = resolve(root)
  const prefix = resolvedRoot.endsWith(sep) ? resolvedRoot : resolvedRoot + sep
  return (id) => {
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
}
