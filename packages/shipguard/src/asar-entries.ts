import { ArchiveError, ASAR_SIZE_PICKLE_PAYLOAD, asarUint32, STREAM_THRESHOLD, type ArchiveEntry, type FileContent } from '@shipguard/core'
import { asarItems } from './asar-index.js'
import { ByteStream } from './byte-stream.js'

// The first pickle: its payload size, 4, then the header pickle's size.
const SIZES_BYTES = 8
// The header pickle: its payload size, then the length of the JSON it holds.
const JSON_AT = 8
// Held whole to be parsed: an app of 100,000 files has a header of some tens of MB, block hashes and all.
const MAX_HEADER_BYTES = 256 * 1024 * 1024
const EMPTY = new Uint8Array(0)

type Placed = { path: string; offset: number; size: number }

/**
 * An asar archive's files, as Electron reads them through `app.asar/<path>`, never
 * extracted: its header, then its files in the order their bytes lie, each below
 * STREAM_THRESHOLD whole and each above it in chunks. Files that share their bytes
 * (@electron/asar stores a duplicate once) are hard links to the first; a link is a
 * symbolic link from the archive's root.
 */
export async function* asarEntries(content: FileContent): AsyncGenerator<ArchiveEntry> {
  const source = ('bytes' in content ? whole(content.bytes) : content.chunks)[Symbol.asyncIterator]()
  const stream = new ByteStream(source, 'bytes' in content)
  try {
    const files: Placed[] = []
    for (const item of asarItems(await headerJson(stream))) {
      if ('sameAs' in item) yield { path: item.path, sameAs: item.sameAs, symbolic: true }
      else files.push(item)
    }
    const dataStart = stream.position
    let previous: Placed | undefined
    for (const file of files.sort((a, b) => a.offset - b.offset || b.size - a.size)) {
      if (file.size === 0) {
        yield { path: file.path, content: { bytes: EMPTY } }
        continue
      }
      if (previous !== undefined && file.offset === previous.offset && file.size === previous.size) {
        yield { path: file.path, sameAs: previous.path }
        continue
      }
      const cutShort = `it ends inside ${file.path}: it was cut short`
      const at = dataStart + file.offset
      // Read once from start to end, the archive cannot give the same bytes to two files unless whole.
      if (at < stream.position) throw new ArchiveError(`it gives ${file.path} part of the bytes of ${(previous as Placed).path}, which asar tools do not write`)
      await stream.skip(at - stream.position, cutShort)
      previous = file
      if (file.size < STREAM_THRESHOLD) {
        yield { path: file.path, content: { bytes: await stream.take(file.size, cutShort) } }
        continue
      }
      const end = at + file.size
      yield { path: file.path, content: { size: file.size, chunks: stream.span(file.size, cutShort) } }
      // What the entry's reader left unread is passed over: the next file starts after it.
      await stream.skip(end - stream.position, cutShort)
    }
  } finally {
    await source.return?.(undefined)
  }
}

async function* whole(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

async function headerJson(stream: ByteStream): Promise<string> {
  const sizes = await stream.take(SIZES_BYTES, 'it is too short to hold an asar header')
  if (asarUint32(sizes, 0) !== ASAR_SIZE_PICKLE_PAYLOAD) throw new ArchiveError('it does not start with an asar header')
  const headerSize = asarUint32(sizes, 4)
  if (headerSize > MAX_HEADER_BYTES) throw new ArchiveError(`its header of ${headerSize} bytes is larger than shipguard reads`)
  if (headerSize < JSON_AT) throw new ArchiveError('its header is too short to hold a list of files')
  const header = await stream.take(headerSize, 'it ends inside its header: it was cut short')
  const jsonLength = asarUint32(header, 4)
  if (jsonLength > headerSize - JSON_AT) throw new ArchiveError('its header is shorter than the list of files it says it holds')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(header.subarray(JSON_AT, JSON_AT + jsonLength))
  } catch {
    throw new ArchiveError('its header is not UTF-8 text')
  }
}
