import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { diffManifests, findingLocation, formatBytes, InputError, plural, type Manifest, type ManifestDiff } from '@shipguard/core'
import { describeParseError } from './args.js'
import { EXIT_PASS, EXIT_POLICY, UsageError, type CliIo } from './io.js'
import { printable } from './printable.js'
import { colorsFor } from './render.js'

const FAIL_ON = ['new-files', 'new-modules', 'findings'] as const
type FailOn = (typeof FAIL_ON)[number]

/** `shipguard diff <old.json> <new.json>`: what changed between two reports or manifests. */
export async function diffCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: { json: { type: 'boolean' }, 'fail-on': { type: 'string', multiple: true } }, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`diff: ${describeParseError(error)}`)
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
    // A report saved by an editor may start with a byte order mark.
    report = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new InputError(`${shown} is not JSON; pass a report written by shipguard --manifest or --json, or a plugin's manifest`)
  }
  const candidate = report as Partial<Manifest> | null
  if (!candidate || candidate.schemaVersion !== 1 || !Array.isArray(candidate.files) || !Array.isArray(candidate.findings)) {
    throw new InputError(`${shown} is not a shipguard report (schemaVersion 1 with files and findings); pass one written by --manifest or --json`)
  }
  const problem = shapeProblem(candidate as Manifest)
  if (problem) throw new InputError(`${shown} is not a shipguard report (${problem}); pass one written by --manifest or --json`)
  return candidate as Manifest
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The first entry that a report written by shipguard could not hold, if any: diff reads these fields. */
function shapeProblem(report: Manifest): string | undefined {
  const badFile = report.files.findIndex(
    (file: unknown) =>
      !isRecord(file) ||
      typeof file.path !== 'string' ||
      typeof file.bytes !== 'number' ||
      typeof file.sha256 !== 'string' ||
      typeof file.kind !== 'string' ||
      typeof file.map !== 'string' ||
      !(Array.isArray(file.modules) && file.modules.every((module) => typeof module === 'string')),
  )
  if (badFile !== -1) return `files[${badFile}] is not a file with path, bytes, sha256, kind, map and modules`
  const badFinding = report.findings.findIndex(
    (finding: unknown) =>
      !isRecord(finding) ||
      ['rule', 'file', 'severity', 'message'].some((key) => typeof finding[key] !== 'string') ||
      typeof finding.fixed !== 'boolean' ||
      (finding.line !== undefined && typeof finding.line !== 'number'),
  )
  if (badFinding !== -1) return `findings[${badFinding}] is not a finding with rule, file, severity, message and fixed`
  return undefined
}

function renderDiff(oldPath: string, newPath: string, diff: ManifestDiff, io: CliIo): string {
  const colors = colorsFor(io)
  const { files } = diff
  const lines = [`shipguard diff ${printable(oldPath)} ${printable(newPath)}`]
  lines.push(`files: ${files.added.length} added, ${files.removed.length} removed, ${files.changed.length} changed`)
  for (const file of files.added) lines.push(colors.green(`  + ${printable(file.path)} (${formatBytes(file.bytes)})`))
  for (const file of files.removed) lines.push(colors.red(`  - ${printable(file.path)}`))
  for (const file of files.changed) {
    const was = file.renamedFrom === undefined ? '' : `, was ${printable(file.renamedFrom)}`
    lines.push(colors.yellow(`  ~ ${printable(file.path)} (${formatBytes(file.bytesBefore)} → ${formatBytes(file.bytesAfter)}${was})`))
  }
  if (diff.mapsAppearing.length > 0) lines.push(`maps appearing: ${diff.mapsAppearing.map(printable).join(', ')}`)
  lines.push(`modules: ${diff.modules.added.length} added, ${diff.modules.removed.length} removed`)
  for (const module of diff.modules.added) lines.push(colors.green(`  + ${printable(module)}`))
  for (const module of diff.modules.removed) lines.push(colors.red(`  - ${printable(module)}`))
  lines.push(diff.newFindings.length === 0 ? 'no new findings' : `${plural(diff.newFindings.length, 'new finding')}:`)
  for (const finding of diff.newFindings) lines.push(`  ${finding.severity === 'error' ? colors.red('✖') : colors.yellow('▲')} ${printable(`${finding.rule} ${findingLocation(finding)}: ${finding.message}`)}`)
  return `${lines.join('\n')}\n`
}
