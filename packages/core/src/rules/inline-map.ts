import { isInlineDeclarationMap } from '../declaration-maps.js'
import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/**
 * A shipped file embeds a data-URL map (decoded and confirmed to be a map), or ships its
 * modules' code as eval() strings (webpack's devtool 'eval'): the other eval devtools'
 * output without the map, and the same leak.
 */
export const inlineMapRule: Rule = {
  id: 'inline-map',
  severity: 'error',
  check({ files }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      for (const inline of file.inlineMaps) {
        if (inline.map && !inline.inJsonData && !inline.inCode && !isInlineDeclarationMap(file.path, inline)) drafts.push({ rule: 'inline-map', file: file.path, line: inline.line, inString: inline.inString, ...(inline.inDataUrl && { inDataUrl: true }) })
      }
      if (file.evalModules) drafts.push({ rule: 'inline-map', file: file.path, line: file.evalModules.line, inString: true, evalModules: file.evalModules.count })
    }
    return drafts
  },
}
