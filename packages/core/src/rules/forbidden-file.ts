import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/** A file whose path a forbid.files glob names ships: keys, environment files, credentials. */
export const forbiddenFileRule: Rule = {
  id: 'forbidden-file',
  severity: 'error',
  check({ files, forbiddenFile }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      const pattern = forbiddenFile(file)
      if (pattern !== undefined) drafts.push({ rule: 'forbidden-file', file: file.path, line: undefined, pattern })
    }
    return drafts
  },
}
