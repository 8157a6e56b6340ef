import { mapsInDataUrls, withoutRepeats, type InlineMap } from './analyze.js'
import { findDataUrlPayloads } from './data-urls.js'

// A data URL that may hold a map is decoded whole when it ends within this many bytes of its start.
const MAX_URL_BYTES = 1024 * 1024
// What findDataUrlPayloads reads before a URL's `ata:`, and then some.
const LOOK_BACK = 64
// New bytes gathered before each search, so that carrying the last megabyte over costs little.
const BATCH_BYTES = 8 * 1024 * 1024

/**
 * Maps in data URLs of a script too large to hold, searched batch by batch with the
 * last MAX_URL_BYTES carried over, so that a URL cut by a batch is read whole in the
 * next. A URL that may hold a map and runs longer than that is too large to judge.
 */
export class ChunkedDataUrlSearch {
  tooLarge = false
  private readonly direct: InlineMap[] = []
  private readonly nested: InlineMap[] = []
  private pending: Buffer[] = []
  private pendingBytes = 0
  private carry: Buffer = Buffer.alloc(0)
  private carryLine = 1
  // Where in the carried bytes the next search starts: those before it were searched already.
  private searchFrom = 1
  private lineAfter = 1

  /** The next chunk (copied), and the line number just after its last byte. */
  push(chunk: Uint8Array, lineAfter: number): void {
    this.pending.push(Buffer.from(chunk))
    this.pendingBytes += chunk.length
    this.lineAfter = lineAfter
    if (this.pendingBytes >= BATCH_BYTES) this.search(false)
  }

  /** The maps found, once the last chunk is in. */
  end(): InlineMap[] {
    this.search(true)
    return withoutRepeats(this.direct, this.nested)
  }

  private search(final: boolean): void {
    const window = Buffer.concat([this.carry, ...this.pending])
    this.pending = []
    this.pendingBytes = 0
    const searchEnd = final ? window.length : window.length - MAX_URL_BYTES
    let settled = searchEnd
    for (const payload of findDataUrlPayloads(window, searchEnd, this.searchFrom)) {
      payload.line += this.carryLine - 1
      settled = Math.max(settled, payload.next)
      // Text is decoded for secrets in files read whole; here only maps are looked for.
      if (payload.kind === 'text') continue
      const { direct, nested } = mapsInDataUrls([payload])
      this.direct.push(...direct)
      this.nested.push(...nested)
      // Cut by the window: the URL itself, or raw JSON after it that ran on to the window's end.
      if ((payload.end === window.length || (direct.length + nested.length === 0 && payload.rawJsonCut)) && !final) this.tooLarge = true
    }
    // The bytes before stay too, for what a URL is told by: `d`, a quote, a CSS `url(`, a `sourceMappingURL=`.
    const carryStart = Math.max(0, settled - LOOK_BACK)
    this.carry = Buffer.from(window.subarray(carryStart))
    this.searchFrom = settled - carryStart
    this.carryLine = this.lineAfter - countNewlines(this.carry)
  }
}

export function countNewlines(bytes: Buffer): number {
  let count = 0
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++
  return count
}
