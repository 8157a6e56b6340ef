import { withoutCompressionSuffix } from './decompress.js'

const SOURCE_EXTENSION = /\.(ts|tsx|mts|cts|jsx|vue|svelte)$/i
// Declarations: `index.d.ts`, and those TypeScript writes for other files (`schema.d.json.ts`, `styles.d.css.ts`).
const DECLARATION = /\.d\.(?:[^./]+\.)?(ts|mts|cts)$/i

// What an editor or a merge leaves beside a file: `app.ts~`, `app.ts.orig`, `app.ts.bak`.
const BACKUP_SUFFIX = /(?:~|\.(?:orig|bak|backup|old))$/i

/** A path as a source file's name is read: without compression and backup suffixes (`app.ts.bak.gz` is `app.ts`). */
export function sourceNameOf(path: string): string {
  return withoutCompressionSuffix(path).replace(BACKUP_SUFFIX, '')
}

/** A name original sources go by, and what ships for them does not: `.ts` and the like (and their backups), not declarations. */
export function isSourceFileName(path: string): boolean {
  const name = sourceNameOf(path)
  return SOURCE_EXTENSION.test(name) && !DECLARATION.test(name)
}
