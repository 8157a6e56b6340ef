import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { BACKGROUND_HASH_BYTES, prepareBackgroundHash } from './background-hash.js'
import { errorCode, InputError } from './errors.js'
import { comparePaths, STREAM_THRESHOLD, type FileContent, type FileSet, type ShippedFile } from './files.js'

function describeFsError(error: unknown, name?: string): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; let shipguard read it (it must read every file it judges)'
    case 'ELOOP':
      return 'symbolic link loop; remove the link'
    case 'ENOENT':
      // Names that are not UTF-8 come back from the folder listing altered, and cannot be opened by them.
      return name?.includes('\uFFFD') ? 'its name is not valid UTF-8; rename it' : 'it vanished while being read; run shipguard after the build has finished'
    case 'ENAMETOOLONG':
      return 'its path is longer than the file system allows; shorten the folder or file names'
    case 'EISDIR':
      return 'it is a folder'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}

function fileTypeName(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isFIFO()) return 'a named pipe'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

/**
 * The files under a folder, following symbolic links the way a web server or a
 * copy would. Anything that cannot be judged (a loop, a broken link, a pipe, a
 * file that cannot be read) is an InputError naming it, never a silent skip.
 */
export function folderFileSet(dir: string, options: { shownAs?: string } = {}): FileSet {
  const shownAs = options.shownAs ?? dir
  return {
    label: shownAs,
    list: () => listFolder(dir, shownAs),
  }
}

async function listFolder(dir: string, shownAs: string): Promise<ShippedFile[]> {
  let info
  try {
    info = await stat(dir)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new InputError(`${shownAs}: no such folder; build first, or pass the folder your build writes to`)
    throw new InputError(`${shownAs}: ${describeFsError(error)}`)
  }
  if (!info.isDirectory()) throw new InputError(`${shownAs} is a file, not a folder; pass the folder that holds the build output`)
  const files: ShippedFile[] = []
  walk({ absolute: dir, shown: shownAs, realPaths: new Map() }, '', [], files)
  files.sort((a, b) => comparePaths(a.path, b.path))
  return files
}

interface Root {
  absolute: string
  /** The folder as the user named it, for messages. */
  shown: string
  /** Real paths of walked folders, each looked up once, when a linked folder needs them. */
  realPaths: Map<string, string>
}

function realPathOf(root: Root, folder: string): string {
  let real = root.realPaths.get(folder)
  if (real === undefined) {
    // The native call is one syscall; the JS one stats every component of the path.
    real = realpathSync.native(folder)
    root.realPaths.set(folder, real)
  }
  return real
}

/**
 * Synchronous like the reads below: a walk of a build folder has nothing to wait alongside.
 * `ancestors` are the folders above `relative` as walked; only a linked folder can lead
 * back into one of them, so their real paths are looked up only when one is met.
 */
function walk(root: Root, relative: string, ancestors: readonly string[], files: ShippedFile[]): void {
  const folder = relative === '' ? root.absolute : joinPath(root.absolute, relative)
  const inside = [...ancestors, folder]
  let entries
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch (error) {
    throw new InputError(`${join(root.shown, relative)}: ${describeFsError(error)}`)
  }
  if (entries.some((entry) => entry.name.includes('\uFFFD'))) requireUtf8Names(folder, join(root.shown, relative))
  const folderPrefix = folder.endsWith(sep) ? folder : folder + sep
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`
    if (entry.isFile()) {
      files.push(new FolderFile(path, folderPrefix + entry.name, root))
      continue
    }
    if (entry.isDirectory()) {
      walk(root, path, inside, files)
      continue
    }
    const absolute = folderPrefix + entry.name
    const shown = (): string => join(root.shown, path)
    if (!entry.isSymbolicLink()) throw new InputError(`${shown()}: ${fileTypeName(entry)}; remove it from the output`)
    let target
    try {
      target = statSync(absolute)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new InputError(`${shown()}: broken symbolic link; remove it, or build the file it points to`)
      throw new InputError(`${shown()}: ${describeFsError(error)}`)
    }
    if (target.isFile()) {
      files.push(new FolderFile(path, absolute, root))
    } else if (target.isDirectory()) {
      const real = realPathOf(root, absolute)
      if (inside.some((above) => realPathOf(root, above) === real)) throw new InputError(`${shown()}: symbolic link loop (it leads back to a folder that contains it); remove the link`)
      walk(root, path, inside, files)
    } else {
      throw new InputError(`${shown()}: ${fileTypeName(target)}; remove it from the output`)
    }
  }
}

/**
 * Names that are not UTF-8 are listed with U+FFFD in place of their bytes: two files
 * could then list as one name, and the other never be read. Such a name is refused.
 */
function requireUtf8Names(folder: string, shownFolder: string): void {
  for (const name of readdirSync(folder, { encoding: 'buffer' })) {
    const decoded = name.toString('utf8')
    if (!Buffer.from(decoded).equals(name)) throw new InputError(`${join(shownFolder, decoded)}: its name is not valid UTF-8; rename it`)
  }
}

/** `folder` + a posix relative path, without path.join's normalizing: both are clean already. */
function joinPath(folder: string, relative: string): string {
  return `${folder.endsWith(sep) ? folder.slice(0, -1) : folder}${sep}${sep === '/' ? relative : relative.split('/').join(sep)}`
}

const CHUNK_SIZE = 4 * 1024 * 1024
const PROBE_SIZE = 64 * 1024
const probe = Buffer.allocUnsafe(PROBE_SIZE)

function openForReading(absolute: string, shown: string | (() => string)): number {
  try {
    return openSync(absolute, 'r')
  } catch (error) {
    throw new InputError(`cannot read ${nameOf(shown)}: ${describeFsError(error, nameOf(shown))}`)
  }
}

/**
 * A file's content, read with synchronous calls: for many small files the promise
 * API costs more than the reads (four trips through the thread pool per file), and a
 * CLI has nothing else to do meanwhile. A file past STREAM_THRESHOLD comes in chunks.
 */
export function readFileContent(absolute: string, shown: string | (() => string)): FileContent {
  const content = readFileContentInto(absolute, shown, probe)
  // The probe is reused: a small file's bytes are copied out of it.
  return 'bytes' in content && content.bytes.buffer === probe.buffer ? { bytes: Buffer.from(content.bytes) } : content
}

/** readFileContent with a small file's bytes left in `scratch`, valid until its next use. */
export function readFileContentInto(absolute: string, shown: string | (() => string), scratch: Buffer): FileContent {
  const fd = openForReading(absolute, shown)
  try {
    // Most shipped files fit in one small read, which also says they ended: no fstat needed.
    const first = readSync(fd, scratch, 0, scratch.length, 0)
    if (first < scratch.length) return { bytes: scratch.subarray(0, first) }
    const { size } = fstatSync(fd)
    if (size >= STREAM_THRESHOLD) return { size, chunks: chunksOf(absolute, shown) }
    // Shared, so that a second thread can hash it while this one judges it; that thread boots while this one reads.
    const shared = size >= BACKGROUND_HASH_BYTES
    if (shared) prepareBackgroundHash()
    const buffer = shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size)
    scratch.copy(buffer, 0, 0, scratch.length)
    let filled = scratch.length
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, filled)
      if (read === 0) break
      filled += read
    }
    return { bytes: filled === size ? buffer : buffer.subarray(0, filled) }
  } catch (error) {
    throw new InputError(`cannot read ${nameOf(shown)}: ${describeFsError(error, nameOf(shown))}`)
  } finally {
    closeSync(fd)
  }
}

function nameOf(shown: string | (() => string)): string {
  return typeof shown === 'string' ? shown : shown()
}

/** A large file in chunks of one reused buffer: memory stays at one chunk however big the file. */
async function* chunksOf(absolute: string, shown: string | (() => string)): AsyncGenerator<Uint8Array> {
  const fd = openForReading(absolute, shown)
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_SIZE)
    for (let position = 0; ; ) {
      const read = readSync(fd, buffer, 0, CHUNK_SIZE, position)
      if (read === 0) return
      position += read
      yield buffer.subarray(0, read)
    }
  } finally {
    closeSync(fd)
  }
}

/** One file of a folder: a class rather than closures, since a large build has tens of thousands. */
class FolderFile implements ShippedFile {
  constructor(
    readonly path: string,
    private readonly absolute: string,
    private readonly root: Root,
  ) {}

  content(): Promise<FileContent> {
    return Promise.resolve().then(() => readFileContent(this.absolute, () => this.shown()))
  }

  readNow(scratch: Buffer): FileContent {
    return readFileContentInto(this.absolute, () => this.shown(), scratch)
  }

  private shown(): string {
    return join(this.root.shown, this.path)
  }
}
