import { findingLocation, formatBytes, groupDigits, groupFindings, plural, type Manifest, type ManifestFinding } from '@shipguard/core'
import { createColors } from 'picocolors'
import type { CliIo } from './io.js'
import { printable } from './printable.js'

type Colors = ReturnType<typeof createColors>

// A long list helps nobody in a terminal; --json has them all.
const SHOWN_PER_GROUP = 20

/** Colour only when a person is watching: a TTY, unless NO_COLOR; FORCE_COLOR wins, `0` or `false` turning it off. */
export function colorsFor(io: CliIo): Colors {
  const { env } = io
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return createColors(false)
  const forced = env.FORCE_COLOR !== undefined
  return createColors(forced || (Boolean(io.stdout.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb'))
}

/** The human report: what matters with its fix, then one summary line. `root` prefixes file paths. */
export function renderReport(command: string, root: string, manifest: Manifest, colors: Colors, manifestPath?: string): string {
  const lines: string[] = []
  const prefix = root === '.' ? '' : `${root.replace(/\/+$/, '')}/`
  for (const group of groupFindings(manifest.findings.filter((finding) => !finding.fixed))) {
    const first = group[0] as ManifestFinding
    const mark = first.severity === 'error' ? colors.red('✖ error') : colors.yellow('▲ warning')
    lines.push(`${mark} ${colors.bold(first.rule)}`)
    for (const finding of group.slice(0, SHOWN_PER_GROUP)) {
      lines.push(`  ${colors.cyan(printable(prefix + findingLocation(finding)))}: ${printable(finding.message)}`)
    }
    if (group.length > SHOWN_PER_GROUP) lines.push(colors.dim(`  … and ${group.length - SHOWN_PER_GROUP} more (--json lists them all)`))
    lines.push(`  ${colors.dim('fix:')} ${printable(first.fix)}`, '')
  }
  lines.push(summaryLine(command, root, manifest, colors))
  if (manifestPath) lines.push(colors.dim(`report written to ${printable(manifestPath)}`))
  return `${lines.join('\n')}\n`
}

function summaryLine(command: string, root: string, manifest: Manifest, colors: Colors): string {
  const { summary } = manifest
  const verdict = summary.verdict === 'pass' ? colors.green(colors.bold('pass')) : colors.red(colors.bold('fail'))
  const contents = [plural(summary.files, 'file'), formatBytes(summary.bytes), summary.maps === 0 ? 'no maps' : plural(summary.maps, 'map')]
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')]
  if (summary.allowed > 0) counts.push(`${groupDigits(summary.allowed)} allowed`)
  return `shipguard ${command} ${printable(root)}: ${verdict}: ${counts.join(', ')} in ${contents.join(', ')}`
}
