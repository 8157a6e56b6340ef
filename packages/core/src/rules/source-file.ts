import { extensionOf } from '../analyze.js'
import { withoutCompressionSuffix } from '../decompress.js'
import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

const SOURCE_EXTENSION = /\.(ts|tsx|mts|cts|jsx|vue|svelte)$/i
// Declarations: `index.d.ts`, and those TypeScript writes for other files (`schema.d.json.ts`, `styles.d.css.ts`).
const DECLARATION = /\.d\.(?:[^./]+\.)?(ts|mts|cts)$/i

/** The package's own format, in its own files: a bundled dependency's `.svelte` file is that package's business, which its package.json says nothing of here. */
function shipsAsFormat(path: string, formats: ReadonlySet<string>): boolean {
  return formats.size > 0 && !/(?:^|\/)node_modules\//.test(path) && formats.has(extensionOf(withoutCompressionSuffix(path)))
}

// What an editor or a merge leaves beside a file: `app.ts~`, `app.ts.orig`, `app.ts.bak`.
const BACKUP_SUFFIX = /(?:~|\.(?:orig|bak|backup|old))$/i

export function isSourceFileName(path: string): boolean {
  const name = withoutCompressionSuffix(path).replace(BACKUP_SUFFIX, '')
  return SOURCE_EXTENSION.test(name) && !DECLARATION.test(name)
}

/** Original sources ship as files of their own. */
export const sourceFileRule: Rule = {
  id: 'source-file',
  severity: 'error',
  check({ files, outsideRelease, shippedFormats }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      if (isSourceFileName(file.path) && !file.videoSegment && !file.translation && !outsideRelease(file.path) && !shipsAsFormat(file.path, shippedFormats)) drafts.push({ rule: 'source-file', file: file.path, line: undefined })
    }
    return drafts
  },
}
