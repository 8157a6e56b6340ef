import type { ArchivePacking } from './archive-packing.js'

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
  /**
   * For sets read synchronously: the content, a small file's bytes read into
   * `scratch` and valid only until the next call. A caller done with the bytes at
   * once (the judgement keeps none) saves an allocation and a copy per file.
   */
  readNow?(scratch: Buffer): FileContent
}

/**
 * A set of files that ship: a build folder, the files npm would pack from a package,
 * a tarball. The engine judges any of them the same way and never learns which; a
 * bundle still held by a bundler goes through the gate (gate.ts) as BuildFiles.
 */
export interface FileSet {
  /** How messages name the set: a folder path, a tarball name. */
  readonly label: string
  list(): Promise<ShippedFile[]>
}

/** Files at or above this size are read in chunks, so that memory stays bounded. */
export const STREAM_THRESHOLD: number = 128 * 1024 * 1024

/** Code-unit order, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A file inside an archive, named by its path there (`package/dist/cli.js`): a regular
 * file, its content valid until the next entry is asked for, or a hard link to one
 * before it (`sameAs`), which extracting fills with that file's bytes.
 */
export type ArchiveEntry =
  | { readonly path: string; readonly content: FileContent }
  /** A hard link to an entry before it, or a `symbolic` link to an entry anywhere in the archive (a link too, maybe); `sameAs` undefined for a path outside it. */
  | { readonly path: string; readonly sameAs: string | undefined; readonly symbolic?: true }

/**
 * Reads an archive's entries (tar or asar), streamed and never extracted. A broken
 * archive throws ArchiveError once the entries before the break are read; any other
 * error (the file could not be read) is the caller's. The engine knows no archive
 * format: whoever runs it hands one in.
 */
export type ArchiveReader = (content: FileContent, packing: ArchivePacking) => AsyncIterable<ArchiveEntry>
