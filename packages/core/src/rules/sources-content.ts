import type { FindingDraft } from '../findings.js'
import { eachMap, totalSources, totalSourcesWithText } from '../sourcemap.js'
import { mapsOf, type Rule } from './rule.js'

/** A shipped map, wherever it sits, carries source text in `sourcesContent`. */
export const sourcesContentRule: Rule = {
  id: 'sources-content',
  severity: 'error',
  check(context) {
    const drafts: FindingDraft[] = []
    for (const { file, map, inline } of mapsOf(context)) {
      const withText = totalSourcesWithText(map)
      if (withText === 0) continue
      const sections = [...eachMap(map)].filter(({ map: each, section }) => section.length > 0 && each.sourcesWithText > 0).map(({ section }) => section.join('.'))
      drafts.push({ rule: 'sources-content', file: file.path, line: inline?.line, inline: inline !== undefined, ...(inline?.inDataUrl && { inDataUrl: true }), ...(inline?.inJsonData && { inJsonData: true }), withText, sources: totalSources(map), sections })
    }
    return drafts
  },
}
