import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { packageFileSet, readPackageJson } from '../pack/package-files.js'
import { tarballFileSet } from '../pack/tarball-files.js'
import { parseReportArgs } from './args.js'
import { UsageError, type CliIo } from './io.js'
import { printable } from './printable.js'
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
  const manifest = await judgeSet(tarball ? tarballFileSet(path, shown) : packageFileSet(path, shown), shown, flags, tarball ? io.cwd : path)
  const pending = tarball ? [] : await scriptsNpmRunsBeforePacking(path, io.env)
  if (pending.length > 0) {
    io.stderr.write(
      `shipguard pack: ${printable(shown)} has a ${pending.join(' and a ')} script, which npm runs before it packs (prepublishOnly on npm publish only): this judged the folder as it is now; run shipguard pack from postpack, or on the tarball npm pack writes\n`,
    )
  }
  return emitReport('pack', shown, manifest, flags, io, tarball ? undefined : path)
}

async function isTarball(path: string): Promise<boolean> {
  const isFile = await stat(path).then(
    (info) => info.isFile(),
    () => false,
  )
  return isFile || /\.(tgz|tar\.gz|tar)$/i.test(path)
}

// The scripts npm runs once it has packed the folder: every script that builds has run by then.
const AFTER_PACKING = new Set(['postpack', 'publish', 'postpublish'])
// In the order npm publish runs them before packing (npm pack runs the last two).
const BEFORE_PACKING = ['prepublishOnly', 'prepack', 'prepare']

/**
 * Scripts that would still change the folder before npm packs it: those of
 * BEFORE_PACKING after the one running now (a CI step before npm publish runs
 * before all of them).
 */
async function scriptsNpmRunsBeforePacking(dir: string, env: CliIo['env']): Promise<string[]> {
  const event = env.npm_lifecycle_event ?? ''
  if (AFTER_PACKING.has(event)) return []
  const scripts = (await readPackageJson(dir))?.scripts as Record<string, unknown> | undefined
  return BEFORE_PACKING.slice(BEFORE_PACKING.indexOf(event) + 1).filter((name) => typeof scripts?.[name] === 'string' && scripts[name] !== '')
}
