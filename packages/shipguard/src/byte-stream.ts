import { ArchiveError } from '@shipguard/core'

/**
 * An archive's bytes, read once from start to end: an asar's header gives where its files
 * lie, and they are read in that order. `stable` bytes are the whole archive held in
 * memory, sliced rather than copied; pieces of a chunked one are valid until the next read.
 */
export class ByteStream {
  position = 0
  private chunk: Uint8Array = new Uint8Array(0)
  private at = 0

  constructor(
    private readonly source: AsyncIterator<Uint8Array>,
    private readonly stable: boolean,
  ) {}

  /** Up to `most` bytes at the position; undefined at the end. */
  async piece(most: number): Promise<Uint8Array | undefined> {
    while (this.at >= this.chunk.length) {
      const step = await this.source.next()
      if (step.done) return undefined
      this.chunk = step.value
      this.at = 0
    }
    const piece = this.chunk.subarray(this.at, this.at + most)
    this.at += piece.length
    this.position += piece.length
    return piece
  }

  /** The next `size` bytes, kept after later reads; `cutShort` says why the archive ends before them. */
  async take(size: number, cutShort: string): Promise<Uint8Array> {
    const first = await this.piece(size)
    if (first === undefined && size > 0) throw new ArchiveError(cutShort)
    if (first === undefined || (first.length === size && this.stable)) return first ?? new Uint8Array(0)
    const kept = Buffer.allocUnsafe(size)
    kept.set(first)
    for (let filled = first.length; filled < size; ) {
      const piece = await this.piece(size - filled)
      if (piece === undefined) throw new ArchiveError(cutShort)
      kept.set(piece, filled)
      filled += piece.length
    }
    return kept
  }

  /** The next `size` bytes in pieces. */
  async *span(size: number, cutShort: string): AsyncGenerator<Uint8Array> {
    for (let left = size; left > 0; ) {
      const piece = await this.piece(left)
      if (piece === undefined) throw new ArchiveError(cutShort)
      left -= piece.length
      yield piece
    }
  }

  async skip(size: number, cutShort: string): Promise<void> {
    for await (const _ of this.span(size, cutShort));
  }
}
