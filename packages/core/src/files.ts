/** A file's bytes: whole, or for a file too large to hold, in chunks. */
export type FileContent =
  | { bytes: Uint8Array }
  | {
      size: number
      /** The bytes in order; each chunk is valid until the next one is asked for. */
      chunks: AsyncIterable<Uint8Array>
    }

/** One file as it will ship. */
export interface ShippedFile {
  /** Posix path relative to the root of the set. */
  readonly path: string
  content(): Promise<FileContent>
}

/**
 * A set of output files: a folder, a bundle still held in memory by a bundler, a
 * tarball. The engine judges any of them the same way and never learns which.
 */
export interface FileSet {
  /** How messages name the set: a folder path, a tarball name. */
  readonly label: string
  list(): Promise<ShippedFile[]>
}

/** Files at or above this size are read in chunks, so that memory stays bounded. */
export const STREAM_THRESHOLD: number = 128 * 1024 * 1024

export function memoryFileSet(label: string, contents: Iterable<readonly [string, string | Uint8Array]>): FileSet {
  const files: ShippedFile[] = []
  for (const [path, content] of contents) {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content
    files.push({ path, content: () => Promise.resolve({ bytes }) })
  }
  files.sort((a, b) => comparePaths(a.path, b.path))
  return { label, list: () => Promise.resolve(files) }
}

/** Code-unit order, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
