import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/** Something shaped like a map cannot be read, so nobody can say it carries no source. */
export const unreadableMapRule: Rule = {
  id: 'unreadable-map',
  severity: 'error',
  check({ files }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      // Compressed code or JSON that cannot be decompressed is refused too: a map or source could hide in it.
      if (file.unreadable !== undefined) drafts.push({ rule: 'unreadable-map', file: file.path, line: undefined, reason: file.unreadable, inline: false, ...(file.kind === 'sourcemap' ? {} : { notMapShaped: true as const }) })
      for (const inline of file.inlineMaps) {
        if (inline.unreadable !== undefined) drafts.push({ rule: 'unreadable-map', file: file.path, line: inline.line, reason: inline.unreadable, inline: true })
      }
    }
    return drafts
  },
}
