import type { FindingDraft } from '../findings.js'
import { distinct, mapsOf, pathsOfNote, type Rule } from './rule.js'

// Top-level folders of build machines and home directories; root-relative URL paths
// such as `/src/main.ts` are common in maps and reveal nothing, so they pass.
const LOCAL_ROOTS = /^\/(home|Users|root|tmp|var|opt|usr|mnt|srv|private|Volumes|builds|workspace|workspaces|runner|github|work|data|agent|jenkins)\//
const WINDOWS = /^([A-Za-z]:[\\/]|\\\\)/
const FILE_URL = /^file:/i

/**
 * Whether a path names a place on the machine that built the files: under a top-level
 * folder build machines and home directories use, on a Windows drive or share, a
 * `file:` URL, or under the top-level folder of `localFolder`, a folder of this machine
 * the files were built into or read from (a CI checkout in `/ci` or a container's `/app`).
 */
export function isLocalAbsolutePath(value: string, localFolder?: string): boolean {
  // Relative sources (`../src/main.ts`), most of them, are settled by their first character.
  if (value.startsWith('.')) return false
  const path = value.replace(/^webpack:\/\/[^/]*/i, '')
  return LOCAL_ROOTS.test(path) || WINDOWS.test(path) || FILE_URL.test(path) || (localFolder !== undefined && path.startsWith(topFolderOf(localFolder) ?? '\0'))
}

// Asked for each source of each map, with the same folder: computed once per folder.
let lastFolder: string | undefined
let lastTop: string | undefined

function topFolderOf(folder: string): string | undefined {
  if (folder !== lastFolder) {
    lastFolder = folder
    lastTop = /^\/[^/]+/.exec(folder)?.[0].concat('/')
  }
  return lastTop
}

/** A map's `sources`, `sourceRoot` or `file` reveal paths on the machine that built it. */
export const absolutePathRule: Rule = {
  id: 'absolute-path',
  severity: 'warning',
  check(context) {
    const drafts: FindingDraft[] = []
    for (const { file, map, inline } of mapsOf(context)) {
      const paths = distinct(pathsOfNote(map).filter((path) => isLocalAbsolutePath(path, context.localFolder)))
      if (paths.length > 0) drafts.push({ rule: 'absolute-path', file: file.path, line: inline?.line, paths })
    }
    return drafts
  },
}
