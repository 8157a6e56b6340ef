import type { FindingDraft } from '../findings.js'
import { eachMap, totalSources, totalSourcesWithText, type SourceMapFacts } from '../sourcemap.js'
import { mapsOf, pathsOfNote, type Rule } from './rule.js'

/**
 * A shipped map, wherever it sits, carries source text: in `sourcesContent`, or in
 * `sources` given as data URLs, which a debugger opens as the module's text.
 */
export const sourcesContentRule: Rule = {
  id: 'sources-content',
  severity: 'error',
  check(context) {
    const drafts: FindingDraft[] = []
    for (const { file, map, inline } of mapsOf(context)) {
      const withText = totalSourcesWithText(map)
      const asDataUrls = sourcesAsDataUrls(map)
      if (withText === 0 && asDataUrls === 0) continue
      const sections = [...eachMap(map)].filter(({ map: each, section }) => section.length > 0 && (each.sourcesWithText > 0 || each.sources.some(isDataUrl))).map(({ section }) => section.join('.'))
      drafts.push({
        rule: 'sources-content',
        file: file.path,
        line: inline?.line,
        inline: inline !== undefined,
        ...(inline?.inDataUrl && { inDataUrl: true }),
        ...(inline?.inJsonData && { inJsonData: true }),
        ...(inline?.inCode && { inCode: true }),
        withText,
        ...(asDataUrls > 0 && { asDataUrls }),
        sources: totalSources(map),
        sections,
      })
    }
    return drafts
  },
}

const isDataUrl = (source: string) => /^\s*data:/i.test(source)

function sourcesAsDataUrls(map: SourceMapFacts): number {
  if (!pathsOfNote(map).some(isDataUrl)) return 0
  let total = 0
  for (const { map: each } of eachMap(map)) total += each.sources.filter(isDataUrl).length
  return total
}
