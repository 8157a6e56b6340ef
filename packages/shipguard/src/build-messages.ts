import { findingLocation, formatBytes, groupFindings, plural, type Manifest, type ManifestFinding, type Mode, type PolicyOutcome } from '@shipguard/core'
import { shownPath } from './paths.js'

function located(manifest: Manifest, finding: Pick<ManifestFinding, 'file' | 'line'>): string {
  return `${manifest.outDir === '.' ? '' : `${manifest.outDir}/`}${findingLocation(finding)}`
}

function unfixed(manifest: Manifest, severity?: 'error' | 'warning'): ManifestFinding[] {
  return manifest.findings.filter((finding) => !finding.fixed && (severity === undefined || finding.severity === severity))
}

/**
 * The error a refused build fails with: every file that stopped it, and each fix once.
 * `alreadyWritten`: files of the refused output that were on disk before shipguard saw it.
 */
export function refusalMessage(manifest: Manifest, mode: Mode, alreadyWritten: readonly string[] = []): string {
  const errors = unfixed(manifest, 'error')
  const written =
    alreadyWritten.length === 0
      ? 'nothing was written'
      : `but ${alreadyWritten.map((path) => located(manifest, { file: path })).join(', ')} already lay on disk as refused, written before shipguard judged them (by a plugin listed before shipguard, or by an earlier build): delete them, and list shipguard first among the plugins`
  return [`shipguard refused this ${mode} build: ${plural(errors.length, 'error')} in ${manifest.outDir}, ${written}`, ...errorLines(manifest, errors)].join('\n')
}

/**
 * The error a production build of webpack or rspack with `devtool: 'eval'` fails with (an audit's
 * warning): no map, but each module's code as a string in eval(), which no minifier reaches.
 */
export function evalDevtoolRefusal(reportOnly: boolean, setBy: 'devtool' | 'plugin' = 'devtool'): string {
  const problem = `${setBy === 'devtool' ? "devtool 'eval'" : 'EvalDevToolModulePlugin'} ships each module's code as text in eval(), comments and code the minifier would drop included`
  const fix = setBy === 'devtool' ? "set devtool to 'hidden-source-map' or false; no eval or eval-* devtool in production" : "remove EvalDevToolModulePlugin from the plugins of a production build; for maps, devtool 'hidden-source-map'"
  if (reportOnly) return `shipguard: would refuse a production build: ${problem} (fix: ${fix})`
  return [`shipguard refused this production build: ${problem}; nothing was written`, `    fix: ${fix}`].join('\n')
}

/**
 * The error a build fails with when its folder holds files it did not write that must
 * not ship: they are on disk already, and only the build's failure can stop them.
 */
export function foundFilesRefusal(found: Manifest, mode: Mode, fix: string): string {
  const errors = unfixed(found, 'error')
  const headline = `shipguard refused this ${mode} build: ${found.outDir} holds ${plural(found.summary.files, 'file')} this build did not write as judged, with ${plural(errors.length, 'error')}; left by an earlier build, or written or rewritten by another plugin after shipguard judged the output, they would ship with it`
  return [headline, ...errorLines(found, errors, FOUND_FIXES), `  ${fix}`].join('\n')
}

// A found file is no output of the build: the edits a policy makes to a map or an inline map do not reach it.
const NOT_EDITED = 'delete it, or turn off the maps of whatever wrote it (a plugin that builds files of its own once the bundle is written, such as a service worker: vite-plugin-pwa\'s workbox.sourcemap false): shipguard edits only the files its build writes'
const FOUND_FIXES: Partial<Record<string, string>> = { 'sources-content': NOT_EDITED, 'inline-map': NOT_EDITED, 'unreadable-map': NOT_EDITED }

function errorLines(manifest: Manifest, errors: readonly ManifestFinding[], fixes: Partial<Record<string, string>> = {}): string[] {
  const lines: string[] = []
  for (const group of groupFindings(errors)) {
    for (const finding of group) lines.push(`  ${located(manifest, finding)}: ${finding.message}`)
    const first = group[0] as ManifestFinding
    lines.push(`    fix: ${fixes[first.rule] ?? first.fix}`)
  }
  return lines
}

/** Findings that do not stop the build, one message each; in report-only builds the errors too. */
export function reportMessages(manifest: Manifest, reportOnly: boolean): string[] {
  const shown = reportOnly ? unfixed(manifest) : unfixed(manifest, 'warning')
  return shown.map((finding) => `shipguard: ${finding.severity === 'error' ? 'would refuse ' : ''}${located(manifest, finding)}: ${finding.message} (fix: ${finding.fix})`)
}

interface SummaryContext {
  root: string
  manifestPath: string | undefined
  privateDir: string | undefined
  reportOnly: boolean
  /** Settings a production build would be refused for, which no finding of the files shows. */
  refusedSettings?: number
}

/** The line a build prints after it is judged: what ships, what shipguard did, the verdict. */
export function summaryLine(result: PolicyOutcome, manifest: Manifest, context: SummaryContext): string {
  const stripped = result.stripped.size
  const linksRemoved = result.unlinked.size
  const moved = manifest.withheld.filter((file) => file.to !== null).length
  const deleted = manifest.withheld.length - moved
  const actions = [
    stripped > 0 ? `${plural(stripped, 'map')} stripped of sources` : '',
    moved > 0 ? `${plural(moved, 'map')} moved to ${context.privateDir === undefined ? 'privateDir' : shownPath(context.root, context.privateDir)}` : '',
    deleted > 0 ? `${plural(deleted, 'map')} deleted` : '',
    linksRemoved > 0 ? `${plural(linksRemoved, 'link')} removed` : '',
  ].filter(Boolean)
  const { summary } = manifest
  const errors = summary.errors + (context.refusedSettings ?? 0)
  const verdict = context.reportOnly
    ? `report only (${manifest.mode}${manifest.mode === 'production' ? ', audit' : ''}): ${errors > 0 ? `${plural(errors, 'error')} would fail a production build` : 'would pass'}`
    : 'pass'
  const parts = [`shipguard: ${plural(summary.files, 'file')}, ${formatBytes(summary.bytes)} in ${manifest.outDir}`, ...actions, verdict]
  if (context.manifestPath !== undefined) parts.push(`manifest ${shownPath(context.root, context.manifestPath)}`)
  return parts.join('; ')
}
