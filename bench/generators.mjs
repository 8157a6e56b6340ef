// Deterministic data for benchmarks and tests: the same bytes on every machine, no downloads.
import { closeSync, openSync, writeSync } from 'node:fs'

/** mulberry32: a tiny seeded PRNG, good enough to vary generated text. */
export function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['const', 'value', 'return', 'export', 'function', 'await', 'session', 'request', 'token', 'config', 'render', 'handler', 'cache', 'stream', 'parse', 'module']

/** TypeScript-looking source text of about `bytes` characters. */
export function sourceText(next, bytes) {
  const lines = []
  let length = 0
  let n = 0
  while (length < bytes) {
    const a = WORDS[Math.floor(next() * WORDS.length)]
    const b = WORDS[Math.floor(next() * WORDS.length)]
    const line = `export function ${a}${n}(${b}: string): string {\n  return "${b}\\t" + ${b}.trim() // ${a} ${n}\n}\n`
    lines.push(line)
    length += line.length
    n++
  }
  return lines.join('')
}

/** VLQ-looking mappings of about `bytes` characters. */
export function mappingsText(next, bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const parts = []
  let length = 0
  while (length < bytes) {
    let segment = ''
    for (let i = 0; i < 4; i++) segment += alphabet[Math.floor(next() * 32)]
    const separator = next() < 0.05 ? ';' : ','
    parts.push(segment + separator)
    length += 5
  }
  return parts.join('')
}

/**
 * A map like the one a large CLI once shipped unlinked: thousands of modules, all
 * of their source in sourcesContent. Returns the JSON text.
 */
export function largeMapJson({ sources = 4200, bytesPerSource = 12_500, mappingsBytes = 6_000_000, seed = 1 } = {}) {
  const next = random(seed)
  const names = []
  const contents = []
  for (let i = 0; i < sources; i++) {
    names.push(i % 3 === 0 ? `../node_modules/pkg${i % 97}/lib/file${i}.js` : `../src/feature${i % 40}/module${i}.ts`)
    contents.push(sourceText(next, bytesPerSource * (0.5 + next())))
  }
  return JSON.stringify({ version: 3, file: 'cli.js', sources: names, sourcesContent: contents, mappings: mappingsText(next, mappingsBytes), names: WORDS })
}

/**
 * Writes a map too large to build as one string (V8 strings stop near 512 MB)
 * piece by piece, and returns its size in bytes.
 */
export function writeLargeMap(path, { sources = 24_000, bytesPerSource = 22_000, mappingsBytes = 64_000_000, seed = 3 } = {}) {
  const next = random(seed)
  const fd = openSync(path, 'w')
  let size = 0
  const write = (text) => {
    size += writeSync(fd, text)
  }
  write('{"version":3,"file":"huge.js","sources":[')
  for (let i = 0; i < sources; i++) write(`${i === 0 ? '' : ','}${JSON.stringify(`../src/area${i % 60}/module${i}.ts`)}`)
  write('],"sourcesContent":[')
  for (let i = 0; i < sources; i++) write(`${i === 0 ? '' : ','}${JSON.stringify(sourceText(next, bytesPerSource * (0.5 + next())))}`)
  write('],"mappings":"')
  for (let written = 0; written < mappingsBytes; written += 4_000_000) write(mappingsText(next, 4_000_000))
  write('","names":[]}')
  closeSync(fd)
  return size
}
