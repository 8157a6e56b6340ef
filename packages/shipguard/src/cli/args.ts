import { parseArgs } from 'node:util'
import { globProblem } from '@shipguard/core'
import { UsageError } from './io.js'

export interface ReportFlags {
  json: boolean
  allowMaps: boolean
  allow: string[]
  forbid: string[]
  allowSecrets: string[]
  manifest: string | undefined
}

const reportOptions = {
  json: { type: 'boolean' },
  'allow-maps': { type: 'boolean' },
  allow: { type: 'string', multiple: true },
  forbid: { type: 'string', multiple: true },
  'allow-secret': { type: 'string', multiple: true },
  manifest: { type: 'string' },
} as const

/** Parses a command's arguments; every mistake becomes a UsageError that names it. */
export function parseReportArgs(command: string, args: readonly string[]): { positionals: string[]; flags: ReportFlags } {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: reportOptions, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${command}: ${describeParseError(error)}`)
  }
  const { values, positionals } = parsed
  const allow = values.allow ?? []
  if (allow.some((glob) => glob.trim() === '')) throw new UsageError(`${command}: --allow needs a glob, such as --allow 'vendor/**'`)
  const forbid = values.forbid ?? []
  if (forbid.some((glob) => glob.trim() === '')) throw new UsageError(`${command}: --forbid needs a glob, such as --forbid '**/*.key'`)
  for (const [flag, globs] of [['--allow', allow], ['--forbid', forbid]] as const) {
    for (const glob of globs) {
      const problem = globProblem(glob)
      if (problem) throw new UsageError(`${command}: ${flag} '${glob}' ${problem}`)
    }
  }
  const allowSecrets = values['allow-secret'] ?? []
  const badFingerprint = allowSecrets.find((fingerprint) => !/^sha256:[0-9a-f]{16}$/.test(fingerprint))
  // Not echoed: the secret itself given in place of its fingerprint, or a token mistyped past its shape, must not end up in a CI log.
  if (badFingerprint !== undefined) throw new UsageError(`${command}: --allow-secret takes a fingerprint as findings print it (sha256: and 16 hex digits), not the ${badFingerprint.length}-character value given`)
  if (values.manifest !== undefined && values.manifest.trim() === '') throw new UsageError(`${command}: --manifest needs a file path`)
  return {
    positionals,
    flags: { json: values.json ?? false, allowMaps: values['allow-maps'] ?? false, allow, forbid, allowSecrets, manifest: values.manifest },
  }
}

/** node:util's parseArgs errors, said in this CLI's words. */
export function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  // Node's messages carry advice about `--` and positionals that fits other tools, not this one.
  const unknown = /Unknown option '([^']+)'/.exec(message)
  if (unknown) return `unknown option ${unknown[1]}`
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message)
  if (missing) return `${missing[1]} needs a value`
  const ambiguous = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument is ambiguous/.exec(message)
  if (ambiguous) return `${ambiguous[1]} needs a value; for one that starts with a dash, write ${ambiguous[1]}=<value>`
  const flag = /Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message)
  if (flag) return `${flag[1]} takes no value; write ${flag[1]} alone`
  return message.split('\n')[0] ?? message
}
