import { dirname, posix, resolve } from 'node:path'
import { firstMatchingGlob, SECRET_FILE_NAMES } from '@shipguard/core'

// `new URL('./file', import.meta.url)` with a plain string: what vite turns into an asset,
// or, under its inline limit, into a data URL in the chunk, with no module in the graph.
const NEW_URL = /\bnew\s+URL\s*\(\s*(['"`])([^'"`$\n\\]+)\1\s*,\s*import\.meta\.url\s*\)/g

/**
 * Files secret by their name that a module's `new URL()` calls take in, by absolute path:
 * vite reads them past the module graph, so no module names them.
 */
export function secretFilesByUrl(code: string, id: string): string[] {
  if (!code.includes('import.meta.url')) return []
  const secretFileName = firstMatchingGlob(SECRET_FILE_NAMES)
  const found: string[] = []
  for (const [, , url] of code.matchAll(NEW_URL)) {
    if (!url?.startsWith('.') || secretFileName(posix.basename(url)) === undefined) continue
    found.push(resolve(dirname(id.replace(/^\0/, '').replace(/\?.*$/, '')), url))
  }
  return found
}

/**
 * The transform hook that remembers them, by importing module, for the bundle's graph;
 * ordered first so that it reads the code before vite rewrites the URL.
 */
export function urlAssetTracker(skip: () => boolean) {
  const byImporter = new Map<string, string[]>()
  return {
    byImporter: byImporter as ReadonlyMap<string, readonly string[]>,
    transform: {
      order: 'pre' as const,
      // rolldown (and vite on it) tests this natively and calls into JavaScript only for the modules that match.
      filter: { code: 'import.meta.url' },
      handler(code: string, id: string): undefined {
        if (skip()) return undefined
        const found = secretFilesByUrl(code, id)
        if (found.length > 0) byImporter.set(id, found)
        else byImporter.delete(id)
        return undefined
      },
    },
  }
}
