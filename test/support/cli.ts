import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../packages/shipguard/dist/cli.js', import.meta.url))

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd?: string
  env?: Record<string, string>
  /** Run as an unprivileged user, so that file permissions apply even when tests run as root. */
  unprivileged?: boolean
  /** Kills a run that takes longer: a hang fails its test instead of the whole suite. */
  timeoutMs?: number
}

/** Runs the built CLI as a user would, with a clean environment unless told otherwise. */
export function runCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...options.env }
  const command = [process.execPath, CLI, ...args]
  if (options.unprivileged && process.getuid?.() === 0) command.unshift('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups')
  const [file, ...rest] = command as [string, ...string[]]
  const result = spawnSync(file, rest, { cwd: options.cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** What a finding looks like in assertions: `rule file[:line]`. */
export function findingKeys(report: { findings: Array<{ rule: string; file: string; line?: number }> }): string[] {
  return report.findings.map((finding) => `${finding.rule} ${finding.file}${finding.line === undefined ? '' : `:${finding.line}`}`).sort()
}

/** A stack trace in output is a bug: users get one line naming the file and the fix. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at file:\/\//m.test(text)
}
