import { posix } from 'node:path'
import type { FileFacts } from './analyze.js'

export type LinkTarget =
  | { type: 'file'; path: string }
  | { type: 'missing'; path: string }
  /** `servedMap`: the map of the set that a remote URL names by its path, where the map is served. */
  | { type: 'external'; url: string; remote: boolean; servedMap?: string }

const SCHEME = /^[a-z][a-z0-9+.-]*:/i
const REMOTE = /^(https?:|ftp:|\/\/)/i

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Resolves a `sourceMappingURL` the way a browser would, against the root of the set. */
export function resolveLink(from: string, url: string, exists: (path: string) => boolean): LinkTarget {
  if (SCHEME.test(url) || url.startsWith('//')) return { type: 'external', url, remote: REMOTE.test(url) }
  const withoutQuery = safeDecode(url.replace(/[?#].*$/, ''))
  const joined = withoutQuery.startsWith('/') ? withoutQuery.slice(1) : posix.join(posix.dirname(from), withoutQuery)
  const path = posix.normalize(joined)
  if (path.startsWith('../') || path === '..') return { type: 'missing', path }
  return exists(path) ? { type: 'file', path } : { type: 'missing', path }
}

/** How the files of a set point at their maps. */
export interface LinkGraph {
  /** Each file's trailing link, resolved. */
  targets: Map<string, LinkTarget>
  /** Map file path → files whose link names it. */
  linkedFrom: Map<string, string[]>
  /** Output file path → the map file that describes it (linked, or found beside it). */
  mapOf: Map<string, string>
}

export function linkFiles(files: readonly FileFacts[]): LinkGraph {
  const byPath = new Map(files.map((file) => [file.path, file]))
  const isMap = (path: string) => byPath.get(path)?.kind === 'sourcemap'
  const graph: LinkGraph = { targets: new Map(), linkedFrom: new Map(), mapOf: new Map() }
  for (const file of files) {
    if (!file.link) continue
    const target = resolveLink(file.path, file.link.url, (path) => byPath.has(path))
    graph.targets.set(file.path, target)
    // rollup's sourcemapBaseUrl and esbuild's publicPath link a map that ships by the URL it will be served at.
    if (target.type === 'external' && target.remote) {
      const served = servedMap(target.url, file.path, byPath)
      if (served !== undefined) target.servedMap = served
    }
    const linked = linkedPath(target)
    if (linked === undefined) continue
    graph.linkedFrom.set(linked, [...(graph.linkedFrom.get(linked) ?? []), file.path])
    if (isMap(linked)) graph.mapOf.set(file.path, linked)
  }
  // Unlinked ("hidden") maps still describe a file: by the `file` field, or by name.
  for (const file of files) {
    if (file.kind !== 'sourcemap') continue
    const described = describedFile(file, byPath)
    if (described && !graph.mapOf.has(described)) graph.mapOf.set(described, file.path)
  }
  return graph
}

/** The file of the set a link leads to: by its path, or a map by the URL it is served at. */
export function linkedPath(target: LinkTarget): string | undefined {
  return target.type === 'file' ? target.path : target.type === 'external' ? target.servedMap : undefined
}

/**
 * The map of the set whose path ends the URL's path: where several do (a base URL's folder
 * named as a folder of the set: `https://cdn/assets/` + `main.js.map` also ends in
 * `assets/main.js.map`), the one that describes the linking file, else the longest.
 */
function servedMap(url: string, from: string, byPath: ReadonlyMap<string, FileFacts>): string | undefined {
  let pathname: string
  try {
    pathname = new URL(url.startsWith('//') ? `https:${url}` : url).pathname
  } catch {
    return undefined
  }
  const segments = safeDecode(pathname).split('/').filter(Boolean)
  let longest: string | undefined
  for (let start = 0; start < segments.length; start++) {
    const path = segments.slice(start).join('/')
    const map = byPath.get(path)
    if (map?.kind !== 'sourcemap') continue
    if (describedFile(map, byPath) === from) return path
    longest ??= path
  }
  return longest
}

function describedFile(map: FileFacts, byPath: ReadonlyMap<string, FileFacts>): string | undefined {
  const candidates: string[] = []
  if (map.map?.file) candidates.push(posix.normalize(posix.join(posix.dirname(map.path), map.map.file)))
  candidates.push(map.path.replace(/\.map(\.(gz|br))?$/i, ''))
  return candidates.find((path) => path !== map.path && byPath.has(path) && byPath.get(path)?.kind !== 'sourcemap')
}
