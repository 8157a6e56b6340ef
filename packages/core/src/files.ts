/** One file as it will ship. */
export interface ShippedFile {
  /** Posix path relative to the root of the set. */
  readonly path: string
  read(): Promise<Uint8Array>
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

export function memoryFileSet(label: string, contents: Iterable<readonly [string, string | Uint8Array]>): FileSet {
  const files: ShippedFile[] = []
  for (const [path, content] of contents) {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content
    files.push({ path, read: () => Promise.resolve(bytes) })
  }
  files.sort((a, b) => comparePaths(a.path, b.path))
  return { label, list: () => Promise.resolve(files) }
}

/** Code-unit order, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
