import { posix } from 'node:path'
import { ArchiveError, STREAM_THRESHOLD, type ArchiveEntry, type FileContent, type TarPacking } from '@shipguard/core'
import type { ReadEntry } from 'tar'

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile'])
// The parser is fed this much at a time and reads it at once (tar's parser and its gunzip are
// synchronous): what one piece decompresses to is the most that waits to be read.
const PIECE_BYTES = 64 * 1024

type Event = { type: 'file'; path: string; size: number } | { type: 'link'; path: string; sameAs: string | undefined; symbolic?: true } | { type: 'data'; chunk: Buffer } | { type: 'fileEnd' } | { type: 'end' } | { type: 'error'; message: string }

/**
 * A tar archive's files (plain, gzip or brotli), read as a stream with tar's parser and
 * never extracted: each below STREAM_THRESHOLD whole, each above it in chunks as the
 * parser reads them. What tar skips but other tools extract (sparse files, a link carrying
 * bytes) cannot be judged and breaks the reading, as a corrupt or cut-off archive does.
 */
export async function* tarEntries(content: FileContent, packing: TarPacking): AsyncGenerator<ArchiveEntry> {
  // Loaded only for a set that holds an archive: scan pays for each module it loads.
  const { Parser } = await import('tar')
  const events: Event[] = []
  const fail = (message: string) => events.push({ type: 'error', message })
  // Cut short at an entry's edge, an archive reads as a shorter one, but misses the zero blocks that close it.
  let closed = false
  const parser = new Parser({
    strict: true,
    ...(packing === 'brotli' && { brotli: true }),
    onReadEntry: (entry: ReadEntry) => {
      closed = false
      if (FILE_TYPES.has(entry.type)) {
        events.push({ type: 'file', path: nameOf(entry.path), size: entry.size })
        entry.on('data', (chunk: Buffer) => events.push({ type: 'data', chunk }))
        entry.on('end', () => events.push({ type: 'fileEnd' }))
        return
      }
      entry.resume()
      if (entry.type === 'Link' && entry.size === 0 && entry.linkpath) events.push({ type: 'link', path: nameOf(entry.path), sameAs: nameOf(entry.linkpath) })
      else if (entry.type === 'SymbolicLink' && entry.size === 0 && entry.linkpath) events.push({ type: 'link', path: nameOf(entry.path), sameAs: symbolicTarget(nameOf(entry.path), entry.linkpath), symbolic: true })
      else if (entry.size > 0) fail(`it holds ${entry.path} as a ${entry.type.toLowerCase()} entry carrying ${entry.size} bytes, which other tools extract as a file`)
    },
  })
  parser.on('error', (error: Error) => fail(error.message))
  parser.on('ignoredEntry', (entry: ReadEntry) => {
    if (!entry.meta) fail(`it holds ${entry.path} as a tar entry of a kind tar skips (${entry.type}) but other tools extract`)
  })
  parser.on('nullBlock', () => (closed = true))
  parser.on('end', () => {
    if (!closed) fail('it ends without the zero blocks that close a tar archive: it was cut short')
    events.push({ type: 'end' })
  })
  const input = pieces(content)[Symbol.asyncIterator]()
  let ended = false
  const next = async (): Promise<Event> => {
    for (;;) {
      const event = events.shift()
      if (event?.type === 'error') throw new ArchiveError(event.message)
      if (event !== undefined) return event
      if (ended) throw new ArchiveError('it ends early')
      const piece = await input.next()
      try {
        if (piece.done) {
          ended = true
          parser.end()
        } else {
          parser.write(piece.value)
        }
      } catch (error) {
        // The parser throws some failures rather than emitting them (a compression Node cannot undo).
        fail(error instanceof Error ? error.message : String(error))
      }
    }
  }
  // The bytes of the file being read, up to its end.
  const fileData = async (): Promise<Buffer | undefined> => {
    const event = await next()
    if (event.type === 'data') return event.chunk
    if (event.type === 'fileEnd') return undefined
    throw new ArchiveError('it ends inside a file')
  }
  try {
    for (let event = await next(); event.type !== 'end'; event = await next()) {
      if (event.type === 'link') {
        yield event.symbolic ? { path: event.path, sameAs: event.sameAs, symbolic: true } : { path: event.path, sameAs: event.sameAs }
        continue
      }
      if (event.type !== 'file') continue
      if (event.size < STREAM_THRESHOLD) {
        const parts: Buffer[] = []
        for (let chunk = await fileData(); chunk !== undefined; chunk = await fileData()) parts.push(chunk)
        yield { path: event.path, content: { bytes: Buffer.concat(parts) } }
        continue
      }
      let finished = false
      async function* chunks(): AsyncGenerator<Uint8Array> {
        while (!finished) {
          const chunk = await fileData()
          if (chunk === undefined) finished = true
          else yield chunk
        }
      }
      yield { path: event.path, content: { size: event.size, chunks: chunks() } }
      // What the entry's reader left unread is passed over: the next entry starts after it.
      while (!finished) if ((await fileData()) === undefined) finished = true
    }
  } finally {
    await input.return?.(undefined)
  }
}

/**
 * An entry's path as extracting writes it under the folder it is extracted into: a
 * leading `/`, `./` or `../` falls away, as tar strips them.
 */
function nameOf(entryPath: string): string {
  return posix.normalize(entryPath).replace(/^(?:\.{1,2}\/|\/)+/, '')
}

/** The entry a symbolic link names, from the folder the link lies in; undefined for a path outside the archive. */
function symbolicTarget(linkPath: string, target: string): string | undefined {
  if (target.startsWith('/')) return undefined
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target))
  return resolved === '..' || resolved.startsWith('../') ? undefined : resolved
}

/**
 * The archive's bytes in pieces of PIECE_BYTES. Those of a chunked file are copies: a
 * chunk is valid only until the next is asked for, and the parser keeps what it has not
 * read yet.
 */
async function* pieces(content: FileContent): AsyncGenerator<Buffer> {
  if ('bytes' in content) {
    const bytes = Buffer.from(content.bytes.buffer, content.bytes.byteOffset, content.bytes.length)
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES)
    return
  }
  for await (const chunk of content.chunks) {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) yield Buffer.from(chunk.subarray(at, at + PIECE_BYTES))
  }
}
