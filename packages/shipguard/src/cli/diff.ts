import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { diffManifests, findingLocation, formatBytes, InputError, plural, type Manifest, type ManifestDiff } from '@shipguard/core'
import { EXIT_PASS, EXIT_POLICY, UsageError, type CliIo } from './io.js'
import { colorsFor } from './render.js'

const FAIL_ON = ['new-files', 'new-modules', 'findings'] as const
type FailOn = (typeof FAIL_ON)[number]

/** `shipguard diff <old.json> <new.json>`: what changed between two reports or manifests. */
export async function diffCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: { json: { type: 'boolean' }, 'fail-on': { type: 'string', multiple: true } }, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`diff: ${error instanceof Error ? (/Unknown option '([^']+)'/.exec(error.message)?.[0].replace(/^Unknown option '([^']+)'$/, 'unknown option $1') ?? error.message.split('\n')[0]) : String(error)}`)
  }
  const { positionals, values } = parsed
  if (positionals.length !== 2) throw new UsageError('diff: it takes two reports: shipguard diff <old.json> <new.json>')
  const failOn = (values['fail-on'] ?? []).flatMap((value) => value.split(',')).map((value) => value.trim())
  const unknown = failOn.filter((value) => !FAIL_ON.includes(value as FailOn))
  if (unknown.length > 0) throw new UsageError(`diff: --fail-on ${unknown.join(',')} is not one of ${FAIL_ON.join(', ')}`)
  const [before, after] = await Promise.all(positionals.map((path) => readReport(resolve(io.cwd, path), path)))
  const diff = diffManifests(before as Manifest, after as Manifest)
  if (values.json) io.stdout.write(`${JSON.stringify(diff, null, 2)}\n`)
  else io.stdout.write(renderDiff(positionals[0] as string, positionals[1] as string, diff, io))
  const failing = failOn.filter((condition) => holds(condition as FailOn, diff))
  return failing.length > 0 ? EXIT_POLICY : EXIT_PASS
}

function holds(condition: FailOn, diff: ManifestDiff): boolean {
  if (condition === 'new-files') return diff.files.added.length > 0
  if (condition === 'new-modules') return diff.modules.added.length > 0
  return diff.newFindings.length > 0
}

async function readReport(path: string, shown: string): Promise<Manifest> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new InputError(`cannot read ${shown}; pass a report written by shipguard --manifest or --json, or a plugin's manifest`)
  }
  let report: unknown
  try {
    report = JSON.parse(text)
  } catch {
    throw new InputError(`${shown} is not JSON; pass a report written by shipguard --manifest or --json, or a plugin's manifest`)
  }
  const candidate = report as Partial<Manifest> | null
  if (!candidate || candidate.schemaVersion !== 1 || !Array.isArray(candidate.files) || !Array.isArray(candidate.findings)) {
    throw new InputError(`${shown} is not a shipguard report (schemaVersion 1 with files and findings); pass one written by --manifest or --json`)
  }
  return candidate as Manifest
}

function renderDiff(oldPath: string, newPath: string, diff: ManifestDiff, io: CliIo): string {
  const colors = colorsFor(io)
  const { files } = diff
  const lines = [`shipguard diff ${oldPath} ${newPath}`]
  lines.push(`files: ${files.added.length} added, ${files.removed.length} removed, ${files.changed.length} changed`)
  for (const file of files.added) lines.push(colors.green(`  + ${file.path} (${formatBytes(file.bytes)})`))
  for (const file of files.removed) lines.push(colors.red(`  - ${file.path}`))
  for (const file of files.changed) lines.push(colors.yellow(`  ~ ${file.path} (${formatBytes(file.bytesBefore)} → ${formatBytes(file.bytesAfter)})`))
  if (diff.mapsAppearing.length > 0) lines.push(`maps appearing: ${diff.mapsAppearing.join(', ')}`)
  lines.push(`modules: ${diff.modules.added.length} added, ${diff.modules.removed.length} removed`)
  for (const module of diff.modules.added) lines.push(colors.green(`  + ${module}`))
  for (const module of diff.modules.removed) lines.push(colors.red(`  - ${module}`))
  lines.push(diff.newFindings.length === 0 ? 'no new findings' : `${plural(diff.newFindings.length, 'new finding')}:`)
  for (const finding of diff.newFindings) lines.push(`  ${finding.severity === 'error' ? colors.red('✖') : colors.yellow('▲')} ${finding.rule} ${findingLocation(finding)}: ${finding.message}`)
  return `${lines.join('\n')}\n`
}
