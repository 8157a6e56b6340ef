import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/** A source module a forbid.modules glob names was bundled; the chain says who imported it. */
export const forbiddenModuleRule: Rule = {
  id: 'forbidden-module',
  severity: 'error',
  check({ forbiddenModules }) {
    return forbiddenModules.map((found): FindingDraft => ({ rule: 'forbidden-module', file: found.file, line: undefined, module: found.module, chain: found.chain, pattern: found.pattern, ...(found.entry && { entry: true as const }) }))
  },
}
