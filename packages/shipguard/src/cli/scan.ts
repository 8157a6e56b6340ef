import { existsSync } from 'node:fs'
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { folderFileSet } from '@shipguard/core'
import { parseReportArgs } from './args.js'
import { UsageError, type CliIo } from './io.js'
import { emitReport, judgeSet } from './report-output.js'

/** The folder as the report names it: relative to where the command ran, posix. */
export function displayRoot(cwd: string, dir: string): string {
  const shown = relative(cwd, resolve(cwd, dir)) || '.'
  return shown.split(sep).join('/')
}

/**
 * The folder as files under it are best opened: relative to the process's working
 * folder where it lies inside it, since the kernel resolves each component of a path
 * on every open (on 10,000 files, some 7 ms less than absolute paths).
 */
function openablePath(cwd: string, dir: string): string {
  const absolute = resolve(cwd, dir)
  if (cwd !== process.cwd()) return absolute
  const inside = relative(cwd, absolute)
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? absolute : inside
}

export async function scanCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseReportArgs('scan', args)
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'scan: which folder? usage: shipguard scan <dir>' : `scan: one folder at a time, got ${positionals.join(', ')}`)
  }
  const root = displayRoot(io.cwd, positionals[0] as string)
  const folder = openablePath(io.cwd, positionals[0] as string)
  // A missing folder is for the scan to report; the check below asks what it holds.
  for (const glob of existsSync(folder) ? flags.forbid : []) {
    const unreachable = outsideTheFolder(glob, resolve(io.cwd, folder))
    if (unreachable) throw new UsageError(`scan: --forbid '${glob}' can never match: paths are relative to the folder scanned (${root}); write --forbid '${unreachable}'`)
  }
  const manifest = await judgeSet(folderFileSet(folder, { shownAs: root }), root, flags, resolve(io.cwd, folder))
  return emitReport('scan', root, manifest, flags, io, resolve(io.cwd, folder))
}

/**
 * A --forbid glob that names the scanned folder itself (`dist/**` or `./dist/**` under
 * `scan dist`, or the folder's absolute path) matches nothing, since paths start inside
 * the folder: a forbid that silently forbids nothing. Returns the glob as it was meant,
 * unless the folder holds a folder of that name the glob may really mean.
 */
function outsideTheFolder(glob: string, folder: string): string | undefined {
  const given = glob.replace(/^(?:\.\/)+/, '')
  const absolute = `${folder.split(sep).join('/')}/`
  if (given.startsWith(absolute)) return given.slice(absolute.length) || '**'
  const name = `${basename(folder)}/`
  if (given.startsWith(name) && !existsSync(join(folder, basename(folder)))) return given.slice(name.length) || '**'
  return undefined
}
