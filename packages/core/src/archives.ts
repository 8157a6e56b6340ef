import { analyzeFile, type FileFacts } from './analyze.js'
import { analyzeChunks, StreamAnalyzer } from './analyze-stream.js'
import { ArchiveError } from './errors.js'
import type { ArchiveReader, FileContent, ShippedFile } from './files.js'
import { archivePacking, type ArchivePacking } from './archive-packing.js'
import { TAR_HEAD_BYTES } from './tar-header.js'

// An old release inside an old release happens (a package folder packed again with its last tarball in it);
// an archive deeper than this is not opened, and is refused.
const MAX_ARCHIVE_DEPTH = 4

/** A shipped file that is an archive, with the facts judged of its own bytes. */
interface ShippedArchive {
  file: ShippedFile
  facts: FileFacts
  packing: ArchivePacking
}

/**
 * The files inside the shipped archives, each judged as any shipped file is and named
 * `<archive path>/<path inside it>`, so that the rules read them with the rest of the
 * set (a map beside the script that links it, a `.ts` by its name, a forbidden `.env`).
 * An archive that cannot be read through is refused on its own facts. Archives are
 * opened one at a time, so that memory holds at most one file below STREAM_THRESHOLD
 * for each level of nesting; larger ones are judged in chunks.
 */
async function filesInArchives(archives: readonly ShippedArchive[], read: ArchiveReader): Promise<FileFacts[]> {
  const found = new Map<string, FileFacts>()
  for (const { file, facts, packing } of archives) {
    // Read again: the first reading judged the bytes and kept none of them.
    refuseArchive(facts, packing, await openArchive(file.path, await file.content(), packing, 1, read, found))
  }
  return [...found.values()]
}

/** The set's files that are archives, by content, noted as they are read for judging. */
export class ArchivesFound {
  private readonly found: Array<ShippedArchive & { index: number }> = []

  constructor(private readonly read: ArchiveReader) {}

  note(file: ShippedFile, index: number, facts: FileFacts, head: Uint8Array): void {
    const packing = archivePacking(file.path, head)
    if (packing !== undefined) this.found.push({ file, facts, packing, index })
  }

  /** What filesInArchives finds in them, opened in the set's order whichever was read first: the report must not depend on timing. */
  filesInside(): Promise<FileFacts[]> {
    return this.found.length === 0 ? Promise.resolve([]) : filesInArchives([...this.found].sort((a, b) => a.index - b.index), this.read)
  }

  /** A large file's chunks, its start kept to be asked once it is judged. */
  async analyzeChunks(file: ShippedFile, index: number, chunks: AsyncIterable<Uint8Array>): Promise<FileFacts> {
    const { head, chunks: all } = await withHead(chunks, TAR_HEAD_BYTES)
    // Asked before the chunks are read on: the head may lie in a buffer the next chunk is read into.
    const packing = archivePacking(file.path, head)
    const facts = await analyzeChunks(file.path, all)
    if (packing !== undefined) this.found.push({ file, facts, packing, index })
    return facts
  }
}

function refuseArchive(facts: FileFacts, packing: ArchivePacking, reason: string | undefined): void {
  if (reason === undefined || facts.unreadable !== undefined) return
  facts.unreadable = reason
  facts.unreadableArchive = packing === 'asar' ? 'asar' : 'tar'
}

/** Why an archive that broke off cannot be trusted, in the words of its format. */
function brokenOff(packing: ArchivePacking, error: ArchiveError): string {
  // A file under an asar's name may be no asar at all: the reader's words say which.
  return packing === 'asar' ? `it cannot be read as an asar archive (${error.message})` : `it is a tar archive that cannot be read to its end (${error.message})`
}

/** Judges what one archive holds into `found`; returns why it cannot be read through, if it cannot. */
async function openArchive(path: string, content: FileContent, packing: ArchivePacking, depth: number, read: ArchiveReader, found: Map<string, FileFacts>): Promise<string | undefined> {
  if (depth > MAX_ARCHIVE_DEPTH) return `it is ${packing === 'asar' ? 'an asar' : 'a tar'} archive inside ${MAX_ARCHIVE_DEPTH} others, deeper than shipguard opens archives`
  // Links may name an entry that comes after them, or another link: resolved once the archive is read.
  const links = new Map<string, string | undefined>()
  // The bytes of the files links may name, to judge each link under its own name (`app.js` linked
  // to `payload.txt` is read as code); within a bound, past which a link is judged as what it names.
  const kept = new KeptBytes()
  try {
    for await (const entry of read(content, packing)) {
      const name = `${path}/${entry.path}`
      if ('sameAs' in entry) {
        const target = entry.sameAs === undefined ? undefined : `${path}/${entry.sameAs}`
        // A hard link is the file it names as it stands now: a later entry of that name replaces
        // the file's name, not the link's bytes. One naming a symbolic link waits with it.
        const facts = !entry.symbolic && target !== undefined && !links.has(target) ? found.get(target) : undefined
        if (facts === undefined) {
          links.set(name, target)
          continue
        }
        links.delete(name)
        const bytes = kept.get(target as string)
        if (bytes !== undefined) kept.add(name, { bytes })
        found.set(name, bytes === undefined ? { ...facts, path: name } : analyzeFile(name, bytes))
        continue
      }
      links.delete(name)
      kept.add(name, entry.content)
      // A path held twice is judged as extracting leaves it: the last one.
      found.set(name, await judgeEntry(name, entry.content, depth, read, found))
    }
    // Extracted, a link is read as what it names; one that names nothing in the archive ships its
    // name alone (a `.env` link to a file on the server), judged by that name as an empty file.
    for (const name of links.keys()) {
      const target = finalTarget(name, links)
      const bytes = target === undefined ? undefined : kept.get(target)
      const facts = target === undefined ? undefined : found.get(target)
      found.set(name, bytes !== undefined ? analyzeFile(name, bytes) : facts !== undefined ? { ...facts, path: name } : analyzeFile(name, new Uint8Array(0)))
    }
    return undefined
  } catch (error) {
    if (error instanceof ArchiveError) return brokenOff(packing, error)
    throw error
  }
}

// Links that name links: followed this far, as a file system follows symbolic links.
const MAX_LINK_HOPS = 40

/** The entry a link leads to through other links; undefined for a loop or a path outside the archive. */
function finalTarget(name: string, links: ReadonlyMap<string, string | undefined>): string | undefined {
  let at: string | undefined = name
  for (let hop = 0; hop <= MAX_LINK_HOPS && at !== undefined; hop++) {
    if (!links.has(at)) return at
    at = links.get(at)
  }
  return undefined
}

const KEEP_FILE_BYTES = 8 * 1024 * 1024
const KEEP_TOTAL_BYTES = 64 * 1024 * 1024

/** The bytes of an archive's smaller files, up to a total, for the links that name them. */
class KeptBytes {
  private readonly bytes = new Map<string, Uint8Array>()
  private total = 0

  add(name: string, content: FileContent): void {
    const previous = this.bytes.get(name)
    if (previous !== undefined) {
      this.total -= previous.length
      this.bytes.delete(name)
    }
    if (!('bytes' in content) || content.bytes.length > KEEP_FILE_BYTES || this.total + content.bytes.length > KEEP_TOTAL_BYTES) return
    this.bytes.set(name, content.bytes)
    this.total += content.bytes.length
  }

  get(name: string): Uint8Array | undefined {
    return this.bytes.get(name)
  }
}

async function judgeEntry(path: string, content: FileContent, depth: number, read: ArchiveReader, found: Map<string, FileFacts>): Promise<FileFacts> {
  if ('bytes' in content) {
    const facts = analyzeFile(path, content.bytes)
    const packing = archivePacking(path, content.bytes)
    if (packing !== undefined) refuseArchive(facts, packing, await openArchive(path, content, packing, depth + 1, read, found))
    return facts
  }
  // Too large to hold: judged and opened in one pass over its chunks, which come only once.
  const { head, chunks } = await withHead(content.chunks, TAR_HEAD_BYTES)
  const analyzer = new StreamAnalyzer(path)
  const source = chunks[Symbol.asyncIterator]()
  const next = async () => {
    const step = await source.next()
    if (!step.done) analyzer.push(step.value)
    return step
  }
  const packing = archivePacking(path, head)
  const reason = packing === undefined ? undefined : await openArchive(path, { size: content.size, chunks: { [Symbol.asyncIterator]: () => ({ next }) } }, packing, depth + 1, read, found)
  // What the archive's reader left unread (after a break, or past its end) is still the file's.
  while (!(await next()).done);
  const facts = analyzer.end()
  if (packing !== undefined) refuseArchive(facts, packing, reason)
  return facts
}

/**
 * A stream's start, `length` bytes of it where it has them, and the whole stream again.
 * A chunk is valid only until the next is asked for: those read ahead are copied.
 */
async function withHead(chunks: AsyncIterable<Uint8Array>, length: number): Promise<{ head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const source = chunks[Symbol.asyncIterator]()
  const taken: Uint8Array[] = []
  let size = 0
  let ended = false
  while (size < length) {
    const step = await source.next()
    if (step.done) {
      ended = true
      break
    }
    taken.push(taken.length === 0 && step.value.length >= length ? step.value : Buffer.from(step.value))
    size += step.value.length
  }
  async function* again(): AsyncGenerator<Uint8Array> {
    yield* taken
    if (ended) return
    for (let step = await source.next(); !step.done; step = await source.next()) yield step.value
  }
  return { head: taken.length === 1 ? (taken[0] as Uint8Array) : Buffer.concat(taken), chunks: again() }
}
