import { readFile } from 'node:fs/promises'
import { comparePaths, InputError, type FileSet, type ShippedFile } from '@shipguard/core'
import { Parser, type ReadEntry } from 'tar'

/**
 * The files inside a package tarball (`package/…`, gzip), read in memory: nothing
 * is extracted to disk. A file that is not a readable tarball is an InputError.
 */
export function tarballFileSet(file: string, shownAs: string): FileSet {
  return {
    label: shownAs,
    async list() {
      let bytes: Buffer
      try {
        bytes = await readFile(file)
      } catch (error) {
        throw new InputError(`cannot read ${shownAs}: ${error instanceof Error ? error.message : String(error)}`)
      }
      const entries = await readTarball(bytes, shownAs)
      const prefix = commonRoot(entries.map((entry) => entry.path))
      return entries
        .map(({ path, bytes: content }): ShippedFile => ({ path: path.slice(prefix.length), read: () => Promise.resolve(content) }))
        .sort((a, b) => comparePaths(a.path, b.path))
    },
  }
}

function readTarball(bytes: Buffer, shownAs: string): Promise<Array<{ path: string; bytes: Buffer }>> {
  const entries: Array<{ path: string; bytes: Buffer }> = []
  const notATarball = (detail: string) => new InputError(`${shownAs} is not a readable tarball (${detail}); pass a package folder or the .tgz that npm pack wrote`)
  return new Promise((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        // Directories and links carry no content of their own; npm does not pack links.
        if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
          entry.resume()
          return
        }
        const chunks: Buffer[] = []
        entry.on('data', (chunk: Buffer) => chunks.push(chunk))
        entry.on('end', () => entries.push({ path: entry.path, bytes: Buffer.concat(chunks) }))
      },
    })
    parser.on('error', (error: Error) => reject(notATarball(error.message)))
    parser.on('end', () => (entries.length === 0 ? reject(notATarball('no files in it')) : resolve(entries)))
    parser.end(bytes)
  })
}

/** `package/` in npm's tarballs: the one folder every entry starts with. */
function commonRoot(paths: readonly string[]): string {
  const first = paths[0]?.split('/')[0]
  if (first === undefined || paths.some((path) => !path.startsWith(`${first}/`))) return ''
  return `${first}/`
}
