import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Writes a build's files where the bundler would have. Synchronous on purpose: a
 * promise per file costs two trips through the thread pool, which for a build of
 * many small chunks took longer than the bundler's own parallel writes.
 */
export function writeFiles(files: Iterable<{ path: string; contents: Uint8Array }>): void {
  const made = new Set<string>()
  for (const file of files) {
    const folder = dirname(file.path)
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true })
      made.add(folder)
    }
    writeFileSync(file.path, file.contents)
  }
}
