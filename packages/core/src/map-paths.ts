import { posix, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'
import { asUtf8, JsonScanner, jsonPrefixLength, jsonStringAt, splice, type JsonSpan } from './json.js'
import { isLocalAbsolutePath } from './rules/absolute-path.js'
import { forEachSectionMap, membersOf } from './sourcemap.js'

/**
 * Rewrites the local absolute paths of a map (`sources` where no `sourceRoot` applies
 * to them, `sourceRoot`, `file`) relative to the folder the map ships in, which
 * `mapFolder` names as an absolute path of this machine. Consumers resolve them
 * against the map's URL, so the files they name stay the same; the build machine's
 * folders no longer show. Paths of another platform's shape, and `webpack://` ones,
 * stay as they are. Everything else stays byte for byte; returns the input itself
 * when nothing changes. The input must be JSON that `readSourceMap` accepted.
 */
export function relativizeMapPaths(input: Uint8Array, mapFolder: string): Uint8Array {
  const bytes = asUtf8(input)
  const scanner = new JsonScanner(bytes)
  const edits: Array<JsonSpan & { text: string }> = []
  collectEdits(scanner, scanner.skipWhitespace(jsonPrefixLength(bytes)), mapFolder, edits, 0)
  return edits.length === 0 ? input : splice(bytes, edits)
}

function collectEdits(scanner: JsonScanner, objectStart: number, mapFolder: string, edits: Array<JsonSpan & { text: string }>, depth: number): void {
  const bytes = scanner.bytes
  const members = membersOf(scanner, objectStart)
  const relativize = (span: JsonSpan) => {
    const value = jsonStringAt(bytes, span)
    const relative = value === undefined ? undefined : relativePath(value, mapFolder)
    if (relative !== undefined) edits.push({ start: span.start, end: span.end, text: JSON.stringify(relative) })
  }
  // A source is joined to sourceRoot before it is resolved: only without one does it stand for itself.
  const sourcesStandAlone = members.every((member) => member.key !== 'sourceRoot' || !jsonStringAt(bytes, { start: member.valueStart, end: member.end }))
  for (const member of members) {
    const value = { start: member.valueStart, end: member.end }
    if (member.key === 'sourceRoot' || member.key === 'file') relativize(value)
    else if (member.key === 'sources' && bytes[member.valueStart] === 0x5b && sourcesStandAlone) scanner.forEachElement(member.valueStart, relativize)
  }
  forEachSectionMap(scanner, members, depth, (mapStart) => collectEdits(scanner, mapStart, mapFolder, edits, depth + 1))
}

/** A local absolute path of this platform's shape, relative to `folder`; undefined for anything else. */
function relativePath(value: string, folder: string): string | undefined {
  if (!isLocalAbsolutePath(value, folder) || /^webpack:/i.test(value)) return undefined
  const windows = folder.includes('\\') || /^[A-Za-z]:/.test(folder)
  const pathOf = windows ? win32 : posix
  const fileUrl = /^file:/i.test(value)
  let absolute = value
  if (fileUrl) {
    try {
      absolute = fileURLToPath(value, { windows })
    } catch {
      return undefined
    }
  }
  // A drive letter read on posix (`file:///C:/app`) names another machine's path.
  if (windows ? !/^[A-Za-z]:[\\/]/.test(absolute) : !absolute.startsWith('/') || /^\/[A-Za-z]:/.test(absolute)) return undefined
  const relative = pathOf.relative(folder, absolute)
  // Another drive or a network share has no path from here: left as it is.
  if (pathOf.isAbsolute(relative)) return undefined
  const segments = relative === '' ? ['.'] : relative.split(pathOf.sep)
  // A URL's escapes were undone to compute the path: the characters they stood for are escaped again.
  const path = (fileUrl ? segments.map((segment) => segment.replace(/[%?# ]/g, (char) => encodeURIComponent(char))) : segments).join('/')
  // A root keeps its trailing slash: sources are appended to it.
  return value.endsWith('/') || value.endsWith('\\') ? `${path}/` : path
}
