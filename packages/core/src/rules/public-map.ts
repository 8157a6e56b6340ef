import { isDeclarationMap, isInlineDeclarationMap } from '../declaration-maps.js'
import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/** A source map ships at all; only the `refuse` policy forbids that. */
export const publicMapRule: Rule = {
  id: 'public-map',
  severity: 'error',
  check({ files, links, policy, declarationMapsShip }) {
    if (policy !== 'refuse') return []
    const drafts: FindingDraft[] = []
    for (const file of files) {
      if (file.map && !(declarationMapsShip && isDeclarationMap(file.path))) drafts.push({ rule: 'public-map', file: file.path, line: undefined, linkedFrom: links.linkedFrom.get(file.path) ?? [] })
      if (declarationMapsShip) continue
      for (const inline of file.inlineMaps) {
        if (isInlineDeclarationMap(file.path, inline)) drafts.push({ rule: 'public-map', file: file.path, line: inline.line, linkedFrom: [], inDeclaration: true })
      }
    }
    return drafts
  },
}
