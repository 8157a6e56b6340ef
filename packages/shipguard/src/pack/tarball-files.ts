import { createReadStream } from 'node:fs'
import { posix, win32 } from 'node:path'
import { comparePaths, InputError, STREAM_THRESHOLD, type FileSet, type ShippedFile } from '@shipguard/core'
import { Parser, type ReadEntry } from 'tar'

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile'])
// The most of the tarball's files held in memory from the listing to their judgement;
// past it, a file is read again from the tarball when judged.
const HELD_BYTES = 256 * 1024 * 1024
// zstd's frame magic: tar's parser knows it, but Node 20's zlib has no zstd to read it with.
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd])

/**
 * The files inside a package tarball (`package/…`, gzip), read as a stream from disk
 * and never extracted. Entries past STREAM_THRESHOLD are not held: their content is
 * streamed again from the tarball when judged; nor, past HELD_BYTES in all, are smaller
 * ones, which are read again whole. A path the tarball holds twice is refused: extracting
 * it leaves the last, but the tarball ships both, and a file set holds one file per path.
 */
export function tarballFileSet(file: string, shownAs: string): FileSet {
  const notATarball = (detail: string) => new InputError(`${shownAs} is not a readable tarball (${detail}); pass a package folder or the .tgz that npm pack wrote`)
  return {
    label: shownAs,
    async list() {
      // By installed name.
      const entries = new Map<string, ShippedFile & { held: number }>()
      let held = 0
      let repeated: string | undefined
      const add = (entry: ShippedFile & { held: number }) => {
        if (entries.has(entry.path)) repeated ??= entry.path
        entries.set(entry.path, entry)
        held += entry.held
      }
      // Files read again whole are read one at a time: each is a pass over the tarball, and the judging
      // runs several files at once, which would hold that many of them.
      let rereading: Promise<unknown> = Promise.resolve()
      const inTurn = (read: () => Promise<Buffer>) => {
        const turn = rereading.then(read)
        rereading = turn.catch(() => undefined)
        return turn
      }
      let sawFiles = false
      // npm pack writes a file hard-linked to one it packed before as a link to it, with no bytes of
      // its own: extracting it with tar puts the same bytes at the link's path, judged there too.
      // Counted as held again: the link keeps the bytes once the target's path is replaced.
      const onLink = (entry: ReadEntry) => {
        const name = installedName(entry.path)
        const target = entry.linkpath === undefined ? undefined : entries.get(installedName(entry.linkpath) ?? '')
        if (name !== undefined && target !== undefined) add({ path: name, held: target.held, content: target.content })
      }
      await parseTarball(file, shownAs, notATarball, onLink, (entry, ordinal) => {
        sawFiles = true
        const name = installedName(entry.path)
        if (name === undefined) {
          entry.resume()
          return
        }
        const { path, size } = entry
        const again = () => entryChunks(file, { ordinal, path, size }, notATarball)
        if (size >= STREAM_THRESHOLD) {
          entry.resume()
          add({ path: name, held: 0, content: () => Promise.resolve({ size, chunks: again() }) })
          return
        }
        if (held + size > HELD_BYTES) {
          entry.resume()
          add({ path: name, held: 0, content: async () => ({ bytes: await inTurn(() => wholeOf(again())) }) })
          return
        }
        const chunks: Buffer[] = []
        entry.on('data', (chunk: Buffer) => chunks.push(chunk))
        entry.on('end', () => {
          const bytes = Buffer.concat(chunks)
          add({ path: name, held: bytes.length, content: () => Promise.resolve({ bytes }) })
        })
      })
      // The earlier copy, which npm installs over, may be the one that carries source (tar writes `x:a.js.map` as `a.js.map`).
      if (repeated !== undefined) throw new InputError(`${shownAs} holds two files that install at ${repeated}: it ships both, though installing it keeps the later, and shipguard judges one file per path; rename one of them (tar drops a leading drive letter such as x: from a name) and pack the package again`)
      if (!sawFiles) throw notATarball('no files in it')
      if (entries.size === 0) throw notATarball('no files inside a top folder, where npm pack puts them under package/')
      return [...entries.values()].map(({ path, content }) => ({ path, content })).sort((a, b) => comparePaths(a.path, b.path))
    },
  }
}

/**
 * Streams the tarball from disk through tar's parser; `onFile` sees each regular file
 * with its place among all entries, which names it where a path may repeat, and
 * `onLink` each hard link without bytes of its own.
 */
function parseTarball(file: string, shownAs: string, notATarball: (detail: string) => InputError, onLink: (entry: ReadEntry) => void, onFile: (entry: ReadEntry, ordinal: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let ordinal = 0
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const place = ordinal++
        // npm strips the first component and so drops an entry that has nothing else; pnpm strips only up to a
        // separator and installs it at the package's root. Refused rather than judged there: a file set holds one
        // file per path, and where such an entry shares a name with a file under the top folder, npm and pnpm
        // install different bytes at it.
        if ((FILE_TYPES.has(entry.type) || entry.type === 'Link') && !/[/\\]/.test(entry.path)) {
          entry.resume()
          input.destroy()
          reject(new InputError(`${shownAs} holds ${entry.path} outside a top folder, which npm skips but pnpm installs at the package's root; shipguard cannot judge it: pack the package again with npm pack`))
          return
        }
        if (FILE_TYPES.has(entry.type)) {
          onFile(entry, place)
          return
        }
        entry.resume()
        if (entry.type === 'Link' && entry.size === 0) onLink(entry)
        // A link carries no content of its own as npm writes it; one that does is extracted as a file by other tools (pnpm).
        if (entry.size > 0) {
          input.destroy()
          reject(new InputError(`${shownAs} holds ${entry.path} as a ${entry.type.toLowerCase()} entry carrying ${entry.size} bytes, which npm skips but other tools extract as a file; shipguard cannot judge it: pack the package again with npm pack`))
        }
      },
    })
    const input = createReadStream(file)
    input.on('error', (error) => reject(new InputError(`cannot read ${shownAs}: ${error.message}`)))
    const fail = (error: Error) => {
      input.destroy()
      reject(notATarball(error.message))
    }
    parser.on('error', fail)
    // An entry of a kind tar's parser skips (sparse, unknown) still has bytes that GNU tar
    // writes out as a file; they cannot be read here, so the tarball is refused (fail closed).
    parser.on('ignoredEntry', (entry: ReadEntry) => {
      if (entry.meta) return
      input.destroy()
      reject(new InputError(`${shownAs} holds ${entry.path} as a tar entry of a kind npm skips (${entry.type}) but other tools extract, which shipguard cannot judge; pack the package again with npm pack`))
    })
    parser.on('end', () => resolve())
    feed(input, parser, fail)
  })
}

/**
 * The file's bytes into tar's parser, as pipe would, but with what the parser throws
 * while reading them (a zstd tarball, which Node 20 cannot decompress) handed to `fail`.
 */
function feed(input: ReturnType<typeof createReadStream>, parser: Parser, fail: (error: Error) => void): void {
  const guarded = (work: () => void) => {
    try {
      work()
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)))
    }
  }
  let first = true
  input.on('data', (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    if (first && bytes.subarray(0, ZSTD_MAGIC.length).equals(ZSTD_MAGIC)) return fail(new Error('it is compressed with zstd; npm packs with gzip'))
    first = false
    guarded(() => {
      if (!parser.write(bytes)) input.pause()
    })
  })
  parser.on('drain', () => input.resume())
  input.on('end', () => guarded(() => parser.end()))
}

/** All of a stream of chunks, joined. */
async function wholeOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

/**
 * One entry's bytes, streamed again from the tarball, with the read paused while they
 * wait. The entry is found by its place, not its path, which a link before it may hold too.
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
  const fail = (error: Error) => {
    failure ??= error
    input.destroy()
    wake?.()
  }
  parser.on('error', fail)
  input.on('error', fail)
  parser.on('end', () => {
    if (!found) failure ??= new Error('it changed while being read')
    finished = true
    wake?.()
  })
  feed(input, parser, fail)
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
  let name = posix.normalize(entryPath.replaceAll('\\', '/').split('/').slice(1).join('/')).replace(/^\/+|\/+$/g, '')
  // tar strips a drive as it strips a root: `x:.env` and `c:/a.js.map` land as `.env` and `a.js.map`.
  for (let root = win32.parse(name).root; root !== ''; root = win32.parse(name).root) name = name.slice(root.length)
  return name === '' || name === '.' ? undefined : name
}
