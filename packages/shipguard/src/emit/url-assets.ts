import { dirname, resolve } from 'node:path'
import { secretFileNamePattern } from '../forbidden-modules.js'

// `new URL('file', import.meta.url)` with a plain string, as vite matches it (a trailing
// comma too): in a client build vite turns the file into an asset or, under its inline
// limit, a data URL in the chunk, and no module of the graph names it.
const NEW_URL = /\bnew\s+URL\s*\(\s*(['"`])([^'"`$\n\\]+)\1\s*,\s*import\.meta\.url\s*(?:,\s*)?\)/g

// Comments go before matching (a `new URL()` commented out takes nothing in); strings stay.
const COMMENT_OR_STRING = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g

/**
 * Files secret by their name that a module's `new URL()` calls take in, by absolute path.
 * vite resolves a URL that is neither absolute nor a scheme's against the module's folder.
 */
export function secretFilesByUrl(code: string, id: string): string[] {
  if (!code.includes('import.meta.url')) return []
  const uncommented = code.replace(COMMENT_OR_STRING, (token) => (token.startsWith('//') || token.startsWith('/*') ? ' ' : token))
  const found: string[] = []
  for (const [, , url] of uncommented.matchAll(NEW_URL)) {
    if (url === undefined || url.startsWith('/') || /^[a-z][a-z\d+.-]*:/i.test(url) || secretFileNamePattern(url) === undefined) continue
    found.push(resolve(dirname(id.replace(/^\0/, '').replace(/\?.*$/, '')), url))
  }
  return found
}

interface TransformContext {
  environment?: { config?: { consumer?: string } }
}

/**
 * vite's hooks that remember those files, by importing module, for the bundle's graph:
 * the transform ordered first, so that it reads the code before vite rewrites the URL,
 * and only for client builds, the only ones where vite takes the file in; and a changed
 * module forgotten, since in watch mode one that no longer mentions import.meta.url is
 * never shown to the transform again.
 */
export function urlAssetTracker(skip: () => boolean) {
  const byImporter = new Map<string, string[]>()
  return {
    byImporter: byImporter as ReadonlyMap<string, readonly string[]>,
    transform: {
      order: 'pre' as const,
      // vite 8 (on rolldown) tests this natively and calls into JavaScript only for the modules that match.
      filter: { code: 'import.meta.url' },
      handler(this: TransformContext, code: string, id: string): undefined {
        if (skip() || this.environment?.config?.consumer === 'server') return undefined
        const found = secretFilesByUrl(code, id)
        if (found.length > 0) byImporter.set(id, found)
        else byImporter.delete(id)
        return undefined
      },
    },
    watchChange(id: string): void {
      byImporter.delete(id)
    },
  }
}
