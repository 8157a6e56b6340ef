import { isAbsolute, relative, resolve, sep } from 'node:path'

/** `[build]` in a manifest path or privateDir stands for the build's key. */
const BUILD_PLACEHOLDER = '[build]'

/** Where shipguard keeps what must not ship: npm never publishes node_modules. */
export const CACHE_DIR = 'node_modules/.cache/shipguard'

/** A path with posix separators; on posix systems the path itself, without a copy. */
export const toPosix: (path: string) => string = sep === '/' ? (path) => path : (path) => path.split(sep).join('/')

/** A path as messages and manifests show it: relative to the project, posix. */
export function shownPath(root: string, path: string): string {
  return toPosix(relative(root, path)) || '.'
}

/**
 * A name for one build of a project, stable across runs and distinct between the
 * builds of one config: `vite-client-dist`, `vite-ssr-dist-server`, `rollup-es-dist`.
 */
export function buildKey(bundler: string, variant: string | undefined, root: string, outDir: string): string {
  const folder = shownPath(root, outDir)
    .split('/')
    .map((segment) => (segment === '..' ? 'up' : segment))
    .join('-')
    .replace(/[^\w.-]+/g, '-')
  return [bundler, variant, folder === '.' ? 'root' : folder].filter(Boolean).join('-').replace(/-+/g, '-')
}

export function expandBuild(path: string, key: string): string {
  return path.split(BUILD_PLACEHOLDER).join(key)
}

export function manifestPathFor(root: string, key: string, given: string | undefined): string {
  return resolve(root, expandBuild(given ?? `${CACHE_DIR}/${BUILD_PLACEHOLDER}.json`, key))
}

export function privateDirFor(root: string, key: string, given: string | undefined): string {
  return resolve(root, expandBuild(given ?? `${CACHE_DIR}/private/${BUILD_PLACEHOLDER}`, key))
}

export function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child)
  // `..maps` is a folder inside; only `..` itself or `../…` leads out.
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path))
}

/** The name an asset is written by: webpack cuts a `?query` or `#hash` off an asset's name before writing it. */
export function withoutQuery(name: string): string {
  return name.replace(/[?#].*$/s, '')
}
