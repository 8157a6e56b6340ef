import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { sha256Hex } from '@shipguard/core'

/** What a file was judged as: its very bytes, or their sha256. */
export type Expected = { bytes: Uint8Array } | { sha256: string }

/**
 * The files a bundler has just written into one folder, each compared with what was
 * judged. They are read into one reused buffer: fresh memory is what costs most when
 * reading a few megabytes once.
 */
export class WrittenFiles {
  private scratch = Buffer.alloc(0)

  constructor(private readonly outDir: string) {}

  /** Whether the file on disk is what was judged; undefined when it cannot be read, so that the caller decides another way. */
  sameAs(path: string, expected: Expected): boolean | undefined {
    let fd: number
    try {
      fd = openSync(join(this.outDir, path), 'r')
    } catch {
      return undefined
    }
    try {
      // One byte past what was judged tells a longer file apart without a stat.
      const content = this.readAtMost(fd, ('bytes' in expected ? expected.bytes.length : fstatSync(fd).size) + 1)
      return 'bytes' in expected ? content.equals(expected.bytes) : sha256Hex(content) === expected.sha256
    } catch {
      return undefined
    } finally {
      closeSync(fd)
    }
  }

  private readAtMost(fd: number, length: number): Buffer {
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2))
    let filled = 0
    while (filled < length) {
      const read = readSync(fd, this.scratch, filled, length - filled, filled)
      if (read === 0) break
      filled += read
    }
    return this.scratch.subarray(0, filled)
  }
}
