import type { PolicyOutcome } from '@shipguard/core'

// A content hash as bundlers put it in file names: a run of hex digits.
const HASH = /[0-9a-f]{8,}/g

/**
 * Pairs the names that vanished with those that appeared when a bundler re-hashed
 * its output (webpack's realContentHash): the same name but for its hashes.
 */
export function hashRenames(before: readonly string[], after: readonly string[]): Map<string, string> {
  const kept = new Set(after)
  const added = after.filter((name) => !before.includes(name))
  const renames = new Map<string, string>()
  for (const name of before) {
    if (kept.has(name)) continue
    const shape = name.replace(HASH, '#')
    const candidates = added.filter((candidate) => candidate.replace(HASH, '#') === shape)
    if (candidates.length === 1) renames.set(name, candidates[0] as string)
  }
  return renames
}

/** What was judged before the renames is reported under the names that ship. */
export function renameFindings(outcome: PolicyOutcome, renames: ReadonlyMap<string, string>): void {
  if (renames.size === 0) return
  const renamed = (name: string) => renames.get(name) ?? name
  outcome.before = outcome.before.map((finding) => ({ ...finding, file: renamed(finding.file) }))
  outcome.stripped = new Set([...outcome.stripped].map(renamed))
  outcome.unlinked = new Set([...outcome.unlinked].map(renamed))
  outcome.changed = new Set([...outcome.changed].map(renamed))
}
