import { withoutCompressionSuffix } from '../decompress.js'
import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

const SOURCE_EXTENSION = /\.(ts|tsx|mts|cts|jsx|vue|svelte)$/i
// Declarations: `index.d.ts`, and those TypeScript writes for other files (`schema.d.json.ts`, `styles.d.css.ts`).
const DECLARATION = /\.d\.(?:[^./]+\.)?(ts|mts|cts)$/i

function extensionOf(path: string): string {
  return /\.([^./]+)$/.exec(withoutCompressionSuffix(path))?.[1]?.toLowerCase() ?? ''
}

export function isSourceFileName(path: string): boolean {
  const name = withoutCompressionSuffix(path)
  return SOURCE_EXTENSION.test(name) && !DECLARATION.test(name)
}

/** Original sources ship as files of their own. */
export const sourceFileRule: Rule = {
  id: 'source-file',
  severity: 'error',
  check({ files, outsideRelease, shippedFormats }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      if (isSourceFileName(file.path) && !file.videoSegment && !outsideRelease(file.path) && !shippedFormats.has(extensionOf(file.path))) drafts.push({ rule: 'source-file', file: file.path, line: undefined })
    }
    return drafts
  },
}
