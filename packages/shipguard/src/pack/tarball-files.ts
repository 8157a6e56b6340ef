import { createReadStream } from 'node:fs'
import { posix } from 'node:path'
import { comparePaths, InputError, STREAM_THRESHOLD, type FileSet, type ShippedFile } from '@shipguard/core'
import { Parser, type ReadEntry } from 'tar'

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile'])

/**
 * The files inside a package tarball (`package/…`, gzip), read as a stream from disk
 * and never extracted. Entries past STREAM_THRESHOLD are not held: their content is
 * streamed again from the tarball when judged, so memory stays bounded.
 */
export function tarballFileSet(file: string, shownAs: string): FileSet {
  const notATarball = (detail: string) => new InputError(`${shownAs} is not a readable tarball (${detail}); pass a package folder or the .tgz that npm pack wrote`)
  return {
    label: shownAs,
    async list() {
      const entries: ShippedFile[] = []
      let sawFiles = false
      await parseTarball(file, shownAs, notATarball, (entry, ordinal) => {
        sawFiles = true
        const name = installedName(entry.path)
        if (name === undefined) {
          entry.resume()
          return
        }
        if (entry.size >= STREAM_THRESHOLD) {
          const { path, size } = entry
          entry.resume()
          entries.push({ path: name, content: () => Promise.resolve({ size, chunks: entryChunks(file, { ordinal, path, size }, notATarball) }) })
          return
        }
        const chunks: Buffer[] = []
        entry.on('data', (chunk: Buffer) => chunks.push(chunk))
        entry.on('end', () => {
          const bytes = Buffer.concat(chunks)
          entries.push({ path: name, content: () => Promise.resolve({ bytes }) })
        })
      })
      if (!sawFiles) throw notATarball('no files in it')
      if (entries.length === 0) throw notATarball('no files inside a top folder, where npm pack puts them under package/')
      return entries.sort((a, b) => comparePaths(a.path, b.path))
    },
  }
}

/**
 * Streams the tarball from disk through tar's parser; `onFile` sees each regular file
 * with its place among all entries, which names it where a path may repeat.
 */
function parseTarball(file: string, shownAs: string, notATarball: (detail: string) => InputError, onFile: (entry: ReadEntry, ordinal: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let ordinal = 0
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const place = ordinal++
        if (FILE_TYPES.has(entry.type)) {
          onFile(entry, place)
          return
        }
        entry.resume()
        // A link carries no content of its own as npm writes it; one that does is extracted as a file by other tools (pnpm).
        if (entry.size > 0) {
          input.destroy()
          reject(new InputError(`${shownAs} holds ${entry.path} as a ${entry.type.toLowerCase()} entry carrying ${entry.size} bytes, which npm skips but other tools extract as a file; shipguard cannot judge it: pack the package again with npm pack`))
        }
      },
    })
    const input = createReadStream(file)
    input.on('error', (error) => reject(new InputError(`cannot read ${shownAs}: ${error.message}`)))
    parser.on('error', (error: Error) => {
      input.destroy()
      reject(notATarball(error.message))
    })
    // An entry of a kind tar's parser skips (sparse, unknown) still has bytes that GNU tar
    // writes out as a file; they cannot be read here, so the tarball is refused (fail closed).
    parser.on('ignoredEntry', (entry: ReadEntry) => {
      if (entry.meta) return
      input.destroy()
      reject(new InputError(`${shownAs} holds ${entry.path} as a tar entry of a kind npm skips (${entry.type}) but other tools extract, which shipguard cannot judge; pack the package again with npm pack`))
    })
    parser.on('end', () => resolve())
    input.pipe(parser)
  })
}

/**
 * One entry's bytes, streamed again from the tarball, with the read paused while they
 * wait. The entry is found by its place, not its path: a tarball may hold one path
 * twice (or as a link first), and extracting it keeps the last.
 */
async function* entryChunks(file: string, wanted: { ordinal: number; path: string; size: number }, notATarball: (detail: string) => InputError): AsyncGenerator<Uint8Array> {
  const queue: Buffer[] = []
  let found = false
  let finished = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const input = createReadStream(file)
  let ordinal = 0
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      if (ordinal++ !== wanted.ordinal) {
        entry.resume()
        return
      }
      found = true
      if (entry.path !== wanted.path || entry.size !== wanted.size) {
        failure = new Error('it changed while being read')
        input.destroy()
        wake?.()
        return
      }
      entry.on('data', (chunk: Buffer) => {
        queue.push(chunk)
        if (queue.length > 8) input.pause()
        wake?.()
      })
      entry.on('end', () => {
        finished = true
        input.destroy()
        wake?.()
      })
    },
  })
  parser.on('error', (error: Error) => {
    failure = error
    wake?.()
  })
  parser.on('end', () => {
    if (!found) failure ??= new Error('it changed while being read')
    finished = true
    wake?.()
  })
  input.pipe(parser)
  for (;;) {
    const chunk = queue.shift()
    if (chunk) {
      if (queue.length < 2) input.resume()
      yield chunk
      continue
    }
    if (failure) throw notATarball(failure.message)
    if (finished) return
    await new Promise<void>((resolve) => (wake = resolve))
  }
}

/**
 * Where installing the package puts an entry: npm extracts with its first path component
 * stripped (`package/`, or whatever it is) and writes the rest resolved, so `.` and empty
 * segments and leading and trailing slashes fall away (`package/src/a.ts/.` lands as `src/a.ts`). A
 * backslash separates too, as it does for tar on Windows and for pnpm everywhere.
 * Undefined for an entry that strips to nothing, which npm skips.
 */
export function installedName(entryPath: string): string | undefined {
  // What is left after the first folder is taken as relative, as tar takes an absolute path: `package//x` lands as `x`.
  const name = posix.normalize(entryPath.replaceAll('\\', '/').split('/').slice(1).join('/')).replace(/^\/+|\/+$/g, '')
  return name === '' || name === '.' ? undefined : name
}
