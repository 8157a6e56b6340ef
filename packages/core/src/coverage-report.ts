// istanbul's HTML report (nyc, jest, vitest and c8 write it: coverage/lcov-report/, coverage/)
// gives each source file a page of its own, `src/foo.ts.html`, whose table holds the
// whole file, HTML-escaped, line by line. A package without a `files` list publishes it.

import { isSourceFileName } from './source-names.js'

const TITLE = Buffer.from('<title>Code coverage report for ')
const TITLE_END = Buffer.from('</title>')
// The title opens the page's head; a page that does not start so is no report's.
const HEAD_BYTES = 1024
// The table of a source file's page, as istanbul-reports (and istanbul before it) writes it:
// a column of hit counts, then the source in a pre that prettify colours.
const LINE_COVERAGE = Buffer.from('<td class="line-coverage')
const SOURCE_TEXT = Buffer.from('<pre class="prettyprint lang-')
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }

/**
 * The source file an istanbul coverage page shows whole, when the page is one and the file
 * is an original source (`.ts` and the others the source-file rule refuses). A page for
 * plain `.js` is passed: what it shows may be just what the package ships as its code.
 * Summary pages (`index.html`) list files and show no source.
 */
export function coveredSourceOf(page: Buffer): string | undefined {
  const at = page.subarray(0, HEAD_BYTES).indexOf(TITLE)
  if (at === -1) return undefined
  const end = page.subarray(0, HEAD_BYTES).indexOf(TITLE_END, at)
  if (end === -1) return undefined
  const entity = page.toString('utf8', at + TITLE.length, end).trim().replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] as string)
  if (!isSourceFileName(entity)) return undefined
  const table = page.indexOf(LINE_COVERAGE, end)
  return table !== -1 && page.indexOf(SOURCE_TEXT, table) !== -1 ? entity : undefined
}
