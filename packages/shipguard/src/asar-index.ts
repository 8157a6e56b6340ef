import { posix } from 'node:path'
import { ArchiveError } from '@shipguard/core'

/** What an asar's header says of one entry: its bytes, `offset` past the header, or a link to another entry. */
export type AsarItem = { path: string; offset: number; size: number } | { path: string; sameAs: string | undefined }

type Node = Record<string, unknown>

// Longer than Linux's PATH_MAX, and Windows' long paths are shorter still.
const MAX_PATH = 4096

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The files and links an asar's header JSON lists, by their paths in the archive. Files
 * packed beside it (`unpacked`, in `app.asar.unpacked/`) lie on disk and are judged
 * there. A header Electron would not read as @electron/asar writes it is refused: what
 * shipguard guessed at, it could judge wrong.
 */
export function asarItems(json: string): AsarItem[] {
  let root: unknown
  try {
    root = JSON.parse(json)
  } catch (error) {
    throw new ArchiveError(`its header is not JSON (${(error as Error).message})`)
  }
  if (!isNode(root) || !isNode(root.files)) throw new ArchiveError('its header lists no files')
  const items: AsarItem[] = []
  // A folder at a time, not by recursion: a header may nest folders deeper than the stack goes.
  const folders: Array<{ path: string; files: Node }> = [{ path: '', files: root.files }]
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const [name, node] of Object.entries(folder.files)) {
      const path = folder.path === '' ? name : `${folder.path}/${name}`
      // Names that are no single path segment would land elsewhere than the header says, or outside the archive.
      if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) throw new ArchiveError(`its header holds an entry named ${JSON.stringify(path)}, which no asar archive holds`)
      // Paths are built whole, folder by folder: deep folders of long names would take memory by the square of their depth.
      if (path.length > MAX_PATH) throw new ArchiveError(`its header holds a path longer than ${MAX_PATH.toLocaleString('en')} characters (${path.slice(0, 60)}…), which no file system holds`)
      if (!isNode(node)) throw new ArchiveError(`its header holds ${path} as neither a file, a folder nor a link`)
      // Electron reads a link before anything beside it (archive.cc): a link marked unpacked, or with files, is still a link.
      if (typeof node.link === 'string') items.push({ path, sameAs: linkTarget(node.link) })
      else if (isNode(node.files)) folders.push({ path, files: node.files })
      else if (node.unpacked === true) continue
      else items.push({ path, ...placeOf(path, node) })
    }
  }
  return items
}

function placeOf(path: string, node: Node): { offset: number; size: number } {
  const { offset, size } = node
  const at = typeof offset === 'string' && /^\d+$/.test(offset) ? Number(offset) : offset
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0 || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ArchiveError(`its header holds ${path} as neither a file, a folder nor a link`)
  }
  return { offset: at, size }
}

/** The entry a link names: a path from the archive's root, as @electron/asar writes it; undefined for one outside. */
function linkTarget(link: string): string | undefined {
  // Packed on Windows, a link's separators are backslashes.
  const resolved = posix.normalize(link.replaceAll('\\', '/'))
  return resolved.startsWith('/') || resolved === '..' || resolved.startsWith('../') ? undefined : resolved
}
