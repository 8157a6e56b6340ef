import { extensionOf } from '../analyze.js'
import { withoutCompressionSuffix } from '../decompress.js'
import type { FindingDraft } from '../findings.js'
import { isSourceFileName } from '../source-names.js'
import type { Rule } from './rule.js'

/** The package's own format, in its own files: a bundled dependency's `.svelte` file is that package's business, which its package.json says nothing of here. */
function shipsAsFormat(path: string, formats: ReadonlySet<string>): boolean {
  return formats.size > 0 && !/(?:^|\/)node_modules\//.test(path) && formats.has(extensionOf(withoutCompressionSuffix(path)))
}

/** Original sources ship as files of their own, or whole inside a coverage report's page for them. */
export const sourceFileRule: Rule = {
  id: 'source-file',
  severity: 'error',
  check({ files, outsideRelease, shippedFormats }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      if (isSourceFileName(file.path) && !file.videoSegment && !file.translation && !outsideRelease(file.path) && !shipsAsFormat(file.path, shippedFormats)) drafts.push({ rule: 'source-file', file: file.path, line: undefined })
      if (file.coverageOf !== undefined && !outsideRelease(file.path)) drafts.push({ rule: 'source-file', file: file.path, line: undefined, coverageOf: file.coverageOf })
    }
    return drafts
  },
}
