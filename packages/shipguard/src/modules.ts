import { isAbsolute, relative } from 'node:path'
import { toPosix } from './paths.js'

/**
 * A module id from a bundler's graph as the manifest lists it: relative to the
 * project, posix, without the `\0` of virtual modules or a `?query`.
 */
export function moduleName(root: string, id: string): string {
  const path = id.replace(/^\0/, '').replace(/\?.*$/, '')
  return isAbsolute(path) ? toPosix(relative(root, path)) : toPosix(path)
}
