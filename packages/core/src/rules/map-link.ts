import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/** A shipped file links to a map that does not ship beside it, or to one outside the output. */
export const mapLinkRule: Rule = {
  id: 'map-link',
  severity: 'warning',
  check({ files, links }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      const target = links.targets.get(file.path)
      if (!file.link || !target || target.type === 'file' || (target.type === 'external' && target.servedMap !== undefined)) continue
      drafts.push({ rule: 'map-link', file: file.path, line: file.link.line, url: file.link.url, problem: target.type })
    }
    return drafts
  },
}
