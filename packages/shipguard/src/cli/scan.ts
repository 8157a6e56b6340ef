import { relative, resolve, sep } from 'node:path'
import { folderFileSet } from '@shipguard/core'
import { parseReportArgs } from './args.js'
import { UsageError, type CliIo } from './io.js'
import { emitReport, judgeSet } from './report-output.js'

/** The folder as the report names it: relative to where the command ran, posix. */
export function displayRoot(cwd: string, dir: string): string {
  const shown = relative(cwd, resolve(cwd, dir)) || '.'
  return shown.split(sep).join('/')
}

export async function scanCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseReportArgs('scan', args)
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'scan: which folder? usage: shipguard scan <dir>' : `scan: one folder at a time, got ${positionals.join(', ')}`)
  }
  const root = displayRoot(io.cwd, positionals[0] as string)
  const manifest = await judgeSet(folderFileSet(resolve(io.cwd, positionals[0] as string), { shownAs: root }), root, flags)
  return emitReport('scan', root, manifest, flags, io)
}
