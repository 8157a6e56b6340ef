import { unreadableCompression, withoutCompressionSuffix } from '../decompress.js'
import type { FileFacts } from '../analyze.js'
import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/** Something shaped like a map cannot be read, so nobody can say it carries no source. */
export const unreadableMapRule: Rule = {
  id: 'unreadable-map',
  severity: 'error',
  check({ files, shippedBeside }) {
    const drafts: FindingDraft[] = []
    // Made only for a set that holds such a file: most hold none, and a dist may hold 10,000 files.
    let paths: ReadonlySet<string> | undefined
    const shipped = () => (paths ??= new Set([...files.map((file) => file.path), ...shippedBeside]))
    for (const file of files) {
      // Compressed code or JSON that cannot be decompressed is refused too: a map or source could hide in it.
      const reason = file.unreadable ?? unreadAlone(file, shipped)
      if (reason !== undefined) {
        drafts.push({ rule: 'unreadable-map', file: file.path, line: undefined, reason, inline: false, ...(file.kind === 'sourcemap' ? {} : { notMapShaped: true as const }), ...(file.unreadableArchive && { archive: file.unreadableArchive }) })
      }
      for (const inline of file.inlineMaps) {
        if (inline.unreadable !== undefined) drafts.push({ rule: 'unreadable-map', file: file.path, line: inline.line, reason: inline.unreadable, inline: true })
      }
    }
    return drafts
  },
}

/**
 * Code, a style, a page or JSON compressed in a way Node cannot undo (zstd, xz, bzip2),
 * with no uncompressed copy in the set: an inline map or a secret in it could not be
 * seen. A server's precompressed copy beside the file it serves is judged by that file.
 */
function unreadAlone(file: FileFacts, shipped: () => ReadonlySet<string>): string | undefined {
  const compressor = unreadableCompression(file.path)
  if (compressor === undefined) return undefined
  const original = withoutCompressionSuffix(file.path)
  if ((file.kind === 'asset' && !/\.json$/i.test(original)) || shipped().has(original)) return undefined
  const name = original.replace(/^.*\//, '')
  return `it is compressed with ${compressor}, which shipguard cannot read, and no uncompressed ${name} beside it shows what it holds: keep ${name} in the output beside it, or compress with gzip or brotli, which shipguard reads`
}
