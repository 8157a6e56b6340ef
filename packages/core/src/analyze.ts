import { createHash } from 'node:crypto'
import { decompress, detectCompression, tryBrotli, withoutCompressionSuffix, type Compression } from './decompress.js'
import { findInlineMapPayloads, findTrailingMapLink, type MapLink } from './map-comments.js'
import { hasMapName, readSourceMap, type SourceMapFacts } from './sourcemap.js'

export type FileKind = 'script' | 'style' | 'html' | 'sourcemap' | 'asset'

export interface InlineMap {
  line: number
  /** Inside a string literal, as in `eval("…")` from webpack's eval-* devtools. */
  inString: boolean
  map: SourceMapFacts | undefined
  /** Set when the data URL decodes to something map-shaped that cannot be read. */
  unreadable: string | undefined
}

/** Everything the rules need to know about one shipped file; its bytes are not kept. */
export interface FileFacts {
  path: string
  bytes: number
  sha256: string
  kind: FileKind
  compression: Compression | undefined
  /** Set when the file (once decompressed) is a source map. */
  map: SourceMapFacts | undefined
  /** Set when the file might be a source map but cannot be read as one: fail closed. */
  unreadable: string | undefined
  inlineMaps: InlineMap[]
  link: MapLink | undefined
}

const KIND_BY_EXTENSION: Record<string, FileKind> = {
  js: 'script',
  mjs: 'script',
  cjs: 'script',
  jsx: 'script',
  css: 'style',
  html: 'html',
  htm: 'html',
}

function kindByName(path: string): FileKind {
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? ''
  return KIND_BY_EXTENSION[extension] ?? 'asset'
}

/** Git's test for binary content: a NUL byte early on. */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0)
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Judges one file's bytes as shipped; `path` is posix and relative to the root of the set. */
export function analyzeFile(path: string, raw: Uint8Array): FileFacts {
  const logicalPath = withoutCompressionSuffix(path)
  const facts: FileFacts = {
    path,
    bytes: raw.length,
    sha256: sha256Hex(raw),
    kind: kindByName(logicalPath),
    compression: undefined,
    map: undefined,
    unreadable: undefined,
    inlineMaps: [],
    link: undefined,
  }
  const mapNamed = hasMapName(logicalPath)
  let content = raw
  const compression = detectCompression(path, raw)
  if (compression) {
    const result = decompress(raw, compression)
    if (!result.ok) {
      facts.unreadable = result.reason
      if (mapNamed) facts.kind = 'sourcemap'
      return facts
    }
    facts.compression = compression
    content = result.bytes
  } else if (mapNamed && looksBinary(raw)) {
    const unpacked = tryBrotli(raw)
    if (unpacked && readSourceMap(unpacked, false).type !== 'not-a-map') {
      facts.compression = 'brotli'
      content = unpacked
    }
  }

  const reading = readSourceMap(content, mapNamed)
  if (reading.type === 'map') {
    facts.kind = 'sourcemap'
    facts.map = reading.map
    return facts
  }
  if (reading.type === 'unreadable') {
    facts.kind = 'sourcemap'
    facts.unreadable = reading.reason
    return facts
  }
  facts.inlineMaps = findInlineMaps(content)
  facts.link = findTrailingMapLink(content)
  return facts
}

function findInlineMaps(content: Uint8Array): InlineMap[] {
  const maps: InlineMap[] = []
  for (const payload of findInlineMapPayloads(content)) {
    let found: InlineMap | undefined
    for (const candidate of payload.candidates) {
      const reading = readSourceMap(candidate, false)
      if (reading.type === 'map') {
        found = { line: payload.line, inString: payload.inString, map: reading.map, unreadable: undefined }
        break
      }
      if (reading.type === 'unreadable') found ??= { line: payload.line, inString: payload.inString, map: undefined, unreadable: reading.reason }
    }
    if (found) maps.push(found)
  }
  return maps
}
