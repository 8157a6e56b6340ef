import { resolve } from 'node:path'
import { isInside } from '../paths.js'

interface CacheOptions {
  /** webpack's filesystem cache (`cacheDirectory`), rspack 2's persistent one (`storage.directory`). */
  cache?: unknown
  /** rspack 1's persistent cache. */
  experiments?: { cache?: unknown }
}

interface CacheSettings {
  type?: string
  cacheDirectory?: string
  cacheLocation?: string
  storage?: { directory?: string; location?: string }
}

/** Where webpack or rspack keeps its cache between builds, when it keeps one on disk and says where. */
function persistentCacheFolder(options: CacheOptions, context: string): string | undefined {
  for (const cache of [options.cache, options.experiments?.cache] as Array<CacheSettings | undefined>) {
    const folder = cache?.type === 'filesystem' ? (cache.cacheDirectory ?? cache.cacheLocation) : cache?.type === 'persistent' ? (cache.storage?.directory ?? cache.storage?.location) : undefined
    if (folder) return resolve(context, folder)
  }
  return undefined
}

/**
 * The bundler's cache, when the output folder holds it, and with it the whole source:
 * then the folder is a framework's working folder (Next.js keeps webpack's cache, its
 * type-checking scaffolds and the server build in `.next`), whose release is what the
 * framework takes from it, not the folder as it stands.
 */
export function workingFolderCache(options: CacheOptions, context: string, outDir: string): { cache: string } | undefined {
  const cache = persistentCacheFolder(options, context)
  return cache !== undefined && isInside(outDir, cache) ? { cache } : undefined
}
