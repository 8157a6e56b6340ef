import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { packageFileSet } from '../pack/package-files.js'
import { tarballFileSet } from '../pack/tarball-files.js'
import { parseReportArgs } from './args.js'
import { UsageError, type CliIo } from './io.js'
import { emitReport, judgeSet } from './report-output.js'
import { displayRoot } from './scan.js'

/** `shipguard pack [dir|file.tgz]`: judges exactly what `npm publish` would ship. */
export async function packCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseReportArgs('pack', args)
  if (positionals.length > 1) throw new UsageError(`pack: one package at a time, got ${positionals.join(', ')}`)
  const target = positionals[0] ?? '.'
  const shown = displayRoot(io.cwd, target)
  const path = resolve(io.cwd, target)
  const tarball = await isTarball(path)
  const manifest = await judgeSet(tarball ? tarballFileSet(path, shown) : packageFileSet(path, shown), shown, flags)
  return emitReport('pack', shown, manifest, flags, io, tarball ? undefined : path)
}

async function isTarball(path: string): Promise<boolean> {
  const isFile = await stat(path).then(
    (info) => info.isFile(),
    () => false,
  )
  return isFile || /\.(tgz|tar\.gz|tar)$/i.test(path)
}
