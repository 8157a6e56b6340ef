import { createHash, type Hash } from 'node:crypto'
import { analyzeFile, BINARY_AROUND_SOURCES, isCode, isVideoSegment, kindByName, searchedForSecrets, type FileFacts } from './analyze.js'
import { findSecrets, WIDEST_SECRET_WINDOW, type SecretHit } from './secrets.js'
import { detectCompression, unreadableCompression, unreadableCompressionByMagic, withoutCompressionSuffix } from './decompress.js'
import { firstValueByte, hasUnicodeBom, jsonPrefixLength } from './json.js'
import { spellsSourcesContent, tooLargeToSearch } from './json-embedded-maps.js'
import { findTrailingMapLink } from './map-comments.js'
import { ChunkedDataUrlSearch, countNewlines } from './data-urls-stream.js'
import { groupDigits } from './format.js'
import { MapReader } from './map-reader.js'
import { BROKEN_MAP_TEXT, hasMapName, holdsMapKeys, judgeReading, looksBinary, looksLikeBrokenMap, mayStartJsonScalar, SOURCES_CONTENT, textSpellsMapKeys } from './sourcemap.js'
import { isUnknownBinary, unlabelledTexts } from './unlabelled-compression.js'

// Enough of the start to tell JSON from anything else and to sniff a broken map's keys.
const HEAD_BYTES = 64 * 1024
// A trailing sourceMappingURL comment and what may follow it fit in here.
const TAIL_BYTES = 64 * 1024
const NEEDLE = Buffer.from('sourceMappingURL')
// Longer than any secret shape, so that one cut by a chunk boundary is whole in the next window.
const SECRET_OVERLAP = 2 * WIDEST_SECRET_WINDOW
// White space around `=` as findInlineMapPayloads skips it, any amount that fits the window.
const INLINE = /^[ \t\v\f\r\n]*(=|\\u003d|\\x3d)[ \t\v\f\r\n]*data:/i

// `mapText`: under a map's name, neither JSON nor compressed: judged as analyzeFile judges it, chunk by chunk.
// `video`: a transport stream named like TypeScript, which analyzeFile reads no further either.
type Mode = 'undecided' | 'whole' | 'video' | 'json' | 'code' | 'mapText' | 'opaque'
// Longer than any key looked for in a map-named file, so that one cut by a chunk boundary is whole in the next window.
const KEY_OVERLAP = 32
// Longer than `sourcesContent` spelled as a key with every letter escaped.
const SPELL_OVERLAP = 4 * 1024
// The most of a compressed, UTF-16 or UTF-32 file gathered to be judged whole; past it the file is refused as unreadable.
const WHOLE_LIMIT = 1024 * 1024 * 1024

/**
 * Judges a file that arrives in chunks, holding a bounded amount of it: a source
 * map of any size goes through the MapReader; a huge script is hashed and searched
 * for inline maps (refused, as too large to decode) and a trailing link. Compressed
 * files are rare at this size and are gathered whole.
 */
export class StreamAnalyzer {
  private readonly hash: Hash = createHash('sha256')
  private bytes = 0
  private mode: Mode = 'undecided'
  private head: Buffer[] = []
  private headLength = 0
  private whole: Buffer[] = []
  private reader: MapReader | undefined
  private tail: Buffer = Buffer.alloc(0)
  private newlines = 0
  private inlineMapSeen = false
  private readonly dataUrls = new ChunkedDataUrlSearch()
  // Code by its name that starts like JSON: whichever it turns out to be, it is read as both.
  private readAsCodeToo = false
  // JSON data is searched for data URLs until its root shows a map's keys: a map is judged as
  // one, and its hundreds of megabytes are not read again for them (see README: limitations).
  private searchesJsonStrings = true
  private readonly logicalPath: string
  // Secrets are searched chunk by chunk, each window overlapping the last by a little.
  private scanSecrets = false
  private secretCarry: Buffer = Buffer.alloc(0)
  private secretLines = 0
  private readonly secrets = new Map<string, SecretHit>()
  // For mapText: whether its start is binary, and whether what analyzeFile refuses such a file for was seen.
  private binaryHead = false
  private mapKeysSeen = false
  private keyCarry: Buffer = Buffer.alloc(0)
  // For json: whether the data spells sourcesContent, which a map inside JSON data that is no map holds.
  private spellsKey = false
  private spellCarry: Buffer = Buffer.alloc(0)
  // For mapText that may be a JSON string, number, boolean or null: refused as analyzeFile refuses one under a map's name.
  private scalarReader: MapReader | undefined

  constructor(private readonly path: string) {
    this.logicalPath = withoutCompressionSuffix(path)
  }

  push(chunk: Uint8Array): void {
    this.hash.update(chunk)
    this.bytes += chunk.length
    if (this.mode === 'undecided') {
      // Chunks are only valid until the next one: what is kept is copied.
      this.head.push(Buffer.from(chunk))
      this.headLength += chunk.length
      if (this.headLength >= HEAD_BYTES) this.decide()
      return
    }
    this.feed(chunk)
  }

  end(): FileFacts {
    if (this.mode === 'undecided') this.decide()
    const base: FileFacts = {
      path: this.path,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      kind: kindByName(this.logicalPath),
      compression: undefined,
      map: undefined,
      unreadable: undefined,
      inlineMaps: [],
      link: undefined,
      secrets: [...this.secrets.values()].sort((a, b) => a.line - b.line),
    }
    if (this.mode === 'whole' && this.bytes > WHOLE_LIMIT) {
      const unreadable = `it is compressed, UTF-16 or UTF-32, which shipguard reads whole, and at ${groupDigits(this.bytes)} bytes it is more than shipguard reads whole (${groupDigits(WHOLE_LIMIT)})`
      return { ...base, ...(hasMapName(this.logicalPath) && { kind: 'sourcemap' as const }), unreadable }
    }
    if (this.mode === 'whole') return { ...analyzeFile(this.path, Buffer.concat(this.whole)), sha256: base.sha256 }
    if (this.mode === 'video') return { ...base, videoSegment: true }
    if (this.mode === 'mapText') {
      if (!this.mapKeysSeen) {
        const scalar = this.scalarReader?.end()
        const reading = scalar?.ok ? judgeReading(scalar, true, () => false) : undefined
        return reading?.type === 'unreadable' ? { ...base, kind: 'sourcemap', unreadable: reading.reason } : base
      }
      return { ...base, kind: 'sourcemap', unreadable: this.binaryHead ? BINARY_AROUND_SOURCES : BROKEN_MAP_TEXT }
    }
    if (this.mode === 'json' && this.reader) {
      const sniff = Buffer.concat(this.head)
      const result = this.reader.end()
      const reading = judgeReading(result, hasMapName(this.logicalPath), () => looksLikeBrokenMap(sniff) || (!result.ok && holdsMapKeys(result.keys)))
      if (reading.type === 'map') return { ...base, kind: 'sourcemap', map: reading.map }
      if (reading.type === 'unreadable') return { ...base, kind: 'sourcemap', unreadable: reading.reason }
      // Not JSON after all, or JSON that is no map: code that starts with `{` or `[` is judged as code.
      if (!this.readAsCodeToo) {
        // JSON data this large is not searched for the maps inside it, as analyzeFile would: fail closed.
        if (result.ok && this.spellsKey) return { ...base, unreadable: tooLargeToSearch(this.bytes) }
        if (!searchedForSecrets(this.logicalPath, sniff)) base.secrets = []
        return this.withDataUrlMaps(base, true)
      }
    }
    if (this.mode === 'json' || this.mode === 'code') {
      const judged = this.withDataUrlMaps(base, false)
      if (judged.unreadable !== undefined) return judged
      const link = findTrailingMapLink(this.tail)
      const tailStart = this.bytes - this.tail.length
      if (link) base.link = { ...link, line: link.line + this.newlines - countNewlines(this.tail), start: link.start + tailStart, end: link.end + tailStart }
    }
    return base
  }

  /**
   * The maps its data URLs hold, in code or in JSON data (code kept in a string, a map kept
   * as a data URL: maps inside JSON data, as analyzeFile has them), or why it fails closed.
   */
  private withDataUrlMaps(base: FileFacts, inJsonData: boolean): FileFacts {
    if (this.inlineMapSeen) {
      return { ...base, unreadable: `it embeds a data URL source map, and at ${groupDigits(this.bytes)} bytes it is too large to decode one from` }
    }
    const inDataUrls = this.dataUrls.end()
    if (this.dataUrls.tooLarge) {
      return { ...base, unreadable: `it embeds a data URL over a megabyte long that may hold a source map, and at ${groupDigits(this.bytes)} bytes it is too large to decode one from` }
    }
    base.inlineMaps = inJsonData ? inDataUrls.map(({ inDataUrl: _asData, ...map }) => ({ ...map, inString: false, inJsonData: true })) : inDataUrls
    return base
  }

  private decide(): void {
    const head = Buffer.concat(this.head)
    this.head = [head]
    const first = firstValueByte(head)
    const wide = hasUnicodeBom(head)
    // Compressed, UTF-16 or UTF-32 files this large are rare: they are gathered and judged whole.
    // Compressed data may start with `{` or `[` as well; JSON holds no control bytes.
    const unlabelled = isUnknownBinary(head) && !unlabelledTexts(head).next().done
    if (wide || unlabelled || detectCompression(this.path, head) !== undefined || unreadableCompression(this.path) !== undefined) this.mode = 'whole'
    // Before JSON: a timestamp before the first sync byte may start with `{` or `[`.
    else if (isVideoSegment(this.logicalPath, head)) this.mode = 'video'
    // A start that is all whitespace may still lead to JSON, as JSON.parse would read it.
    else if (first === 0x7b || first === 0x5b || first === -1) this.mode = 'json'
    else if (isCode(this.logicalPath, head)) this.mode = 'code'
    else if (hasMapName(this.logicalPath) && unreadableCompressionByMagic(head) === undefined) this.mode = 'mapText'
    else if (hasMapName(this.logicalPath)) this.mode = 'whole'
    else this.mode = 'opaque'
    this.binaryHead = this.mode === 'mapText' && looksBinary(head)
    // Text of any kind is searched as analyzeFile searches it: code and JSON by name, the rest by its start.
    this.scanSecrets = this.mode === 'json' || ((this.mode === 'code' || this.mode === 'mapText' || this.mode === 'opaque') && searchedForSecrets(this.logicalPath, head))
    if (this.mode === 'json') {
      this.reader = new MapReader()
      this.reader.push(head.subarray(jsonPrefixLength(head)))
      this.searchSecrets(head)
      this.readAsCodeToo = isCode(this.logicalPath, head)
      this.sniffSourcesContent(head)
      // Code, or JSON data whose strings may hold code with its inline map, or a map as a data URL.
      this.searchJson(head)
    } else {
      this.feed(head)
    }
    // Created after the head is fed, which it reads without a BOM or `)]}'` prefix.
    if (this.mode === 'mapText' && !this.binaryHead && mayStartJsonScalar(first)) {
      this.scalarReader = new MapReader()
      this.scalarReader.push(head.subarray(jsonPrefixLength(head)))
    }
  }

  /** Secrets in this chunk and the end of the last, each counted once by its fingerprint and line. */
  private searchSecrets(chunk: Uint8Array): void {
    if (!this.scanSecrets) return
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
    const window = Buffer.concat([this.secretCarry, bytes])
    const carriedLines = countNewlines(this.secretCarry)
    for (const hit of findSecrets(window, { inMap: this.mode === 'json' })) {
      const line = this.secretLines - carriedLines + hit.line
      this.secrets.set(`${hit.fingerprint}:${line}`, { ...hit, line })
    }
    this.secretLines += countNewlines(bytes)
    this.secretCarry = Buffer.from(window.subarray(-SECRET_OVERLAP))
  }

  private feed(chunk: Uint8Array): void {
    if (this.mode === 'json' || this.mode === 'code' || this.mode === 'mapText' || this.mode === 'opaque') this.searchSecrets(chunk)
    if (this.mode === 'mapText') this.sniffMapKeys(chunk)
    if (this.mode === 'mapText' && this.scalarReader) this.scalarReader.push(chunk)
    if (this.mode === 'whole' && this.bytes <= WHOLE_LIMIT) this.whole.push(Buffer.from(chunk))
    else if (this.mode === 'whole') this.whole = []
    else if (this.mode === 'json') {
      this.reader?.push(chunk)
      this.sniffSourcesContent(chunk)
    }
    if (this.mode === 'code') this.searchCode(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length))
    else if (this.mode === 'json') this.searchJson(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length))
  }

  /** What analyzeFile refuses a map-named file for: a map's keys in text, `sourcesContent` in binary data. */
  private sniffMapKeys(chunk: Uint8Array): void {
    if (this.mapKeysSeen) return
    const window = Buffer.concat([this.keyCarry, chunk])
    this.mapKeysSeen = this.binaryHead ? window.includes(SOURCES_CONTENT) : textSpellsMapKeys(window)
    this.keyCarry = Buffer.from(window.subarray(-KEY_OVERLAP))
  }

  /** Whether JSON data spells `sourcesContent`, in this chunk or across its start. */
  private sniffSourcesContent(chunk: Uint8Array): void {
    if (this.spellsKey || this.readAsCodeToo) return
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
    // The chunk, and where it meets the last one: a key cut by the boundary is whole there.
    this.spellsKey = spellsSourcesContent(bytes) || spellsSourcesContent(Buffer.concat([this.spellCarry, bytes.subarray(0, SPELL_OVERLAP)]))
    this.spellCarry = Buffer.from(Buffer.concat([this.spellCarry, bytes.subarray(-SPELL_OVERLAP)]).subarray(-SPELL_OVERLAP))
  }

  /** JSON as code is searched (see searchesJsonStrings), once the reader has read the chunk. */
  private searchJson(chunk: Buffer): void {
    if (this.searchesJsonStrings && !this.readAsCodeToo && spellsMapRoot(this.reader?.rootKeys)) this.searchesJsonStrings = false
    if (this.searchesJsonStrings) this.searchCode(chunk)
  }

  /** Inline maps, data URLs and line breaks in a huge script, keeping only its last bytes. */
  private searchCode(chunk: Buffer): void {
    this.newlines += countNewlines(chunk)
    this.dataUrls.push(chunk, this.newlines + 1)
    const window = Buffer.concat([this.tail.subarray(Math.max(0, this.tail.length - 256)), chunk])
    for (let at = window.indexOf(NEEDLE); at !== -1 && !this.inlineMapSeen; at = window.indexOf(NEEDLE, at + 1)) {
      if (INLINE.test(window.toString('latin1', at + NEEDLE.length, at + NEEDLE.length + 240))) this.inlineMapSeen = true
    }
    this.tail = Buffer.from(chunk.length >= TAIL_BYTES ? chunk.subarray(-TAIL_BYTES) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES))
  }
}

/**
 * A root that shows what makes a map (`sources` with `mappings` or `sourcesContent`, which
 * may come first and run to hundreds of megabytes, or an index map's `sections`), not keys
 * data shares with maps (`version`, `names`).
 */
function spellsMapRoot(keys: ReadonlySet<string> | undefined): boolean {
  return keys !== undefined && (keys.has('sections') || (keys.has('sources') && (keys.has('mappings') || keys.has('sourcesContent'))))
}

/** A file given in chunks, judged with bounded memory. */
export async function analyzeChunks(path: string, chunks: AsyncIterable<Uint8Array>): Promise<FileFacts> {
  const analyzer = new StreamAnalyzer(path)
  for await (const chunk of chunks) analyzer.push(chunk)
  return analyzer.end()
}
