import type { SecretKind } from './secrets.js'

export type Severity = 'error' | 'warning'

export type RuleId =
  | 'sources-content'
  | 'inline-map'
  | 'public-map'
  | 'map-link'
  | 'source-file'
  | 'unreadable-map'
  | 'absolute-path'
  | 'external-url'
  | 'forbidden-file'
  | 'forbidden-module'
  | 'secret'

/** Where maps may go in production; `public` is also what `--allow-maps` means to the CLI. */
export type Policy = 'refuse' | 'public' | 'hidden' | 'private' | 'delete'

/** What each rule found, as data; messages.ts alone turns it into words. */
export type FindingDetail =
  | { rule: 'sources-content'; inline: boolean; inDataUrl?: boolean; inJsonData?: boolean; inCode?: boolean; withText: number; asDataUrls?: number; sources: number; sections: string[] }
  | { rule: 'inline-map'; inString: boolean; inDataUrl?: boolean; evalModules?: number }
  | { rule: 'public-map'; linkedFrom: string[]; inDeclaration?: true }
  | { rule: 'map-link'; url: string; problem: 'missing' | 'external' }
  | { rule: 'source-file'; coverageOf?: string }
  | { rule: 'unreadable-map'; reason: string; inline: boolean; notMapShaped?: true; archive?: 'tar' | 'asar' }
  | { rule: 'absolute-path'; paths: string[] }
  | { rule: 'external-url'; urls: string[] }
  | { rule: 'forbidden-file'; pattern: string }
  | { rule: 'forbidden-module'; module: string; chain: string[]; pattern: string; entry?: true }
  | { rule: 'secret'; kind: SecretKind; masked: string; fingerprint: string }

export interface FindingLocation {
  /** Posix path relative to the root of the file set. */
  file: string
  line: number | undefined
}

export type FindingDraft = FindingDetail & FindingLocation

/** A source module the bundler put in an output file although a forbid.modules glob names it. */
export interface ForbiddenModule {
  /** The output file that holds it. */
  file: string
  module: string
  /** From an entry to the module, as the bundler's graph imported it. */
  chain: string[]
  pattern: string
  /** The module is an entry point itself: nothing imported it. */
  entry?: true
}

export type Finding = FindingDraft & {
  severity: Severity
  /** The plugin changed the output so that the problem does not ship. */
  fixed: boolean
}

export function compareFindings(a: FindingLocation & { rule: RuleId }, b: FindingLocation & { rule: RuleId }): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  if ((a.line ?? 0) !== (b.line ?? 0)) return (a.line ?? 0) - (b.line ?? 0)
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0
}
