import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { serializeManifest, type Manifest } from '@shipguard/core'
import type { ReportFlags } from './args.js'
import { githubAnnotations } from './github.js'
import { EXIT_PASS, EXIT_POLICY, type CliIo } from './io.js'
import { colorsFor, renderReport } from './render.js'

/** Writes a report the way every judging command does, and returns the exit code. */
export async function emitReport(command: string, root: string, manifest: Manifest, flags: ReportFlags, io: CliIo): Promise<number> {
  const serialized = serializeManifest(manifest)
  if (flags.manifest !== undefined) {
    const target = resolve(io.cwd, flags.manifest)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, serialized)
  }
  if (flags.json) {
    io.stdout.write(serialized)
  } else {
    if (io.env.GITHUB_ACTIONS === 'true') io.stdout.write(githubAnnotations(root, manifest))
    io.stdout.write(renderReport(command, root, manifest, colorsFor(io), flags.manifest))
  }
  return manifest.summary.verdict === 'pass' ? EXIT_PASS : EXIT_POLICY
}
