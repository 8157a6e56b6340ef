import { execFileSync } from 'node:child_process'
import { analyzeChunks, analyzeFile, judgeReading, MapReader, PIECE_BYTES, textScanner, readSourceMap, readSourceMapWithParse, readSourceMapWithReader } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { random } from '../bench/generators.mjs'

// The streaming reader must judge every input exactly as JSON.parse-based reading
// does: the same verdict (map, unreadable, not a map) and, for maps, the same facts.
// readSourceMap takes either path, by size; it must agree with both.

function verdict(reading: ReturnType<typeof readSourceMap>) {
  if (reading.type === 'unreadable') return { type: 'unreadable' }
  if (reading.type !== 'map') return reading
  const { mappingsAt: _positions, ...map } = reading.map
  return { type: 'map', map }
}

/** The reader's positions of `mappings` values hold JSON string bodies, the map's own `mappings` among them. */
function expectMappingsFound(bytes: Uint8Array, label: string) {
  const reading = readSourceMapWithReader(bytes, true)
  if (reading.type !== 'map' || !reading.map.mappingsAt) return
  const bodies = reading.map.mappingsAt.map(({ start, end }) => JSON.parse(`"${Buffer.from(bytes.subarray(start, end)).toString('utf8')}"`) as string)
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\ufeff/, '').replace(/^\)\]\}'[^\n]*\n/, ''))
  } catch {
    return
  }
  const mappings = (parsed as { mappings?: unknown } | null)?.mappings
  if (typeof mappings === 'string') expect(bodies, label).toContain(mappings)
}

function expectSameJudgement(bytes: Uint8Array, label: string) {
  for (const named of [false, true]) {
    const expected = verdict(readSourceMapWithParse(bytes, named))
    expect(verdict(readSourceMapWithReader(bytes, named)), `${label} (map-named: ${named})`).toEqual(expected)
    expect(verdict(readSourceMap(bytes, named)), `${label} (map-named: ${named}), either path`).toEqual(expected)
    // The same bytes at every alignment in memory: the reader reads four bytes at a time.
    const shifted = Buffer.alloc(bytes.length + 3)
    const offset = 1 + (bytes.length % 3)
    Buffer.from(bytes).copy(shifted, offset)
    expect(verdict(readSourceMapWithReader(shifted.subarray(offset, offset + bytes.length), named)), `${label} shifted by ${offset}`).toEqual(expected)
  }
  expectMappingsFound(bytes, label)
}

/** Random JSON text shaped like maps, data and junk alike. */
function generator(seed: number) {
  const next = random(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const space = () => pick(['', '', ' ', '\n', '\t', '\r\n '])
  const strings = ['', 'a', 'src/a.ts', 'quote"d', 'back\\slash', 'ünï 😀', 'line\nbreak', '\u0000', '/home/u/x.ts', 'https://x.example/a.js', '3']
  const keys = ['version', 'sources', 'sourcesContent', '\ufeffsourcesContent', 'mappings', 'names', 'file', 'sourceRoot', 'sections', 'offset', 'map', 'url', 'x_google_ignoreList', 'data', '__proto__']
  // Long strings with escapes and multi-byte characters anywhere, for the word-at-a-time path.
  const longString = () => {
    const parts = ['abcd', 'x', '"', '\\', '\n', 'é', '😀', '\u0001', 'mappings;AAAA,', ' '.repeat(13)]
    return Array.from({ length: Math.floor(next() * 120) }, () => pick(parts)).join('')
  }
  const escapeKey = (key: string) => (next() < 0.1 && key.length > 3 ? `${key.slice(0, 2)}\\u00${key.charCodeAt(2).toString(16)}${key.slice(3)}` : key)
  const scalar = (): string =>
    pick([
      () => JSON.stringify(pick(strings)),
      () => JSON.stringify(longString()),
      () => pick(['3', '3.0', '-0', '1e2', '0.5E-3', '2', '-12', '3e0']),
      () => pick(['true', 'false', 'null']),
    ])()
  const value = (depth: number): string => {
    if (depth > 4 || next() < 0.45) return scalar()
    if (next() < 0.4) return `[${space()}${Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1)).join(`${space()},${space()}`)}${space()}]`
    return object(depth + 1)
  }
  const object = (depth: number): string => {
    const members = Array.from({ length: Math.floor(next() * 7) }, () => {
      const key = pick(keys)
      const member =
        key === 'sections' && next() < 0.7
          ? `[${Array.from({ length: 1 + Math.floor(next() * 2) }, () => `{"offset":{"line":0,"column":0},"map":${next() < 0.2 ? JSON.stringify(object(depth + 1)) : object(depth + 1)}}`).join(',')}]`
          : key === 'sources' || key === 'sourcesContent'
            ? next() < 0.8
              ? `[${Array.from({ length: Math.floor(next() * 4) }, () => (next() < 0.8 ? JSON.stringify(next() < 0.5 ? pick(strings) : longString()) : value(depth + 1))).join(',')}]`
              : value(depth + 1)
            : key === 'version' && next() < 0.6
              ? pick(['3', '"3"', '2'])
              : value(depth + 1)
      return `"${escapeKey(key)}"${space()}:${space()}${member}`
    })
    return `{${space()}${members.join(`${space()},${space()}`)}${space()}}`
  }
  /** Breaks valid JSON the ways files get broken. */
  const mutate = (text: string): string => {
    const at = Math.floor(next() * text.length)
    return pick([
      () => text.slice(0, at),
      () => text.slice(0, at) + pick(['\u0001', '\n', '"', '\\', '\\x', '\\u12', ',', '}', ']', '01', '-', '1.', '1e', 'tru', 'nul', ' ']) + text.slice(at),
      () => `${text}${pick([' x', '{}', ',', '\u0000', ']'])}`,
      () => text.slice(0, at) + text.slice(at + 1),
    ])()
  }
  return { object, mutate, next, pick }
}

describe('MapReader agrees with JSON.parse', () => {
  it('on 4,000 random objects shaped like maps, valid and broken', () => {
    const { object, mutate, next } = generator(Number(process.env.SEED ?? 426))
    for (let round = 0; round < Number(process.env.ROUNDS ?? 4000); round++) {
      const valid = object(0)
      expectSameJudgement(Buffer.from(valid), valid)
      const broken = mutate(valid)
      expectSameJudgement(Buffer.from(broken), broken)
      if (next() < 0.1) expectSameJudgement(Buffer.from(`\ufeff)]}'\n${valid}`), 'with prefix')
    }
  })

  it('on edge cases of the JSON grammar', () => {
    const cases = [
      '{}', '[]', '""', '0', '-0', '1.5e+3', '01', '1.', '.5', '-', '1e', '+1', 'true', 'tru', 'nulls', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', "{'a':1}",
      '{"a":"\\u00e9"}', '{"a":"\\uZZZZ"}', '{"a":"\\q"}', '{"a":"tab\there"}', '{"a":1} {"b":2}', ' \t\n{"version":3,"mappings":"A","sources":[]}\r\n ',
      '{"version":3,"sources":["a"],"sourcesContent":["x"],"sourcesContent":null,"mappings":"A"}',
      '{"version":3,"sources\\u0043ontent":["x"],"mappings":"A"}',
      '{"sections":[{"map":{"version":3,"sources":["a"],"sourcesContent":["x"],"mappings":"A"}}]}',
      `{"version":3,"sections":${'['.repeat(1)}{"offset":{"line":0,"column":0},"map":"{\\"version\\":3,\\"sourcesContent\\":[\\"x\\"],\\"mappings\\":\\"A\\"}"}]}`,
      `{"version":3,"sourcesContent":${'['.repeat(5000)}"deep"${']'.repeat(5000)},"mappings":"A"}`,
      // U+FEFF starting a key or a source is part of it: the second key is not sourcesContent.
      '{"version":3,"sources":["\ufeffa.ts"],"sourcesContent":["secret"],"\ufeffsourcesContent":[],"mappings":"A"}',
      // A JSON Schema describes each field with an object; a broken map holds its texts in an array or a string.
      '{"sourcesContent":{"type":"array"},"mappings":{"type":"string"}}', '{"sourcesContent":["x"],"mappings":{}}', '{"sourcesContent":"x","mappings":{}}',
      '{"sourcesContent":{"a":"x"},"mappings":"A"}', '{"sourcesContent":["x"],"sourcesContent":{},"mappings":{}}', '{"mappings":{},"sourcesContent":{},"mappings":"A"}',
    ]
    for (const text of cases) expectSameJudgement(Buffer.from(text), text)
  })

  it('takes a JSON Schema of a map for no map, on both paths; a broken map that holds texts in an array or a string stays one', () => {
    const schema = '{"sourcesContent":{"type":"array","items":{"type":["string","null"]}},"mappings":{"type":"string"}}'
    // Past 16 MB the reader judges whole files instead of JSON.parse.
    const large = `{"description":"${'x'.repeat(17 * 1024 * 1024)}",${schema.slice(1)}`
    for (const text of [schema, large]) expect(readSourceMap(Buffer.from(text), false).type).toBe('not-a-map')
    for (const text of ['{"sourcesContent":["x"],"mappings":{}}', '{"sourcesContent":"x","mappings":{}}', '{"version":3,"sourcesContent":{"a":"x"},"mappings":{}}']) {
      expect(readSourceMapWithReader(Buffer.from(text), false)).toMatchObject({ type: 'map', map: { sourcesWithText: 1 } })
      expect(readSourceMapWithParse(Buffer.from(text), false)).toMatchObject({ type: 'map', map: { sourcesWithText: 1 } })
    }
  })

  it('counts source text that a repeated key hides from JSON.parse, on every path: the bytes ship it', async () => {
    const offset = '"offset":{"line":0,"column":0}'
    const withText = '{"version":3,"sources":["a.ts"],"sourcesContent":["const key = 1"],"mappings":"AAAA"}'
    const without = '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}'
    const hiding = [
      '{"version":3,"sources":["a.ts"],"sourcesContent":["const key = 1"],"mappings":"AAAA","sourcesContent":null}',
      '{"version":3,"sources":["a.ts"],"sourcesContent":["const key = 1"],"mappings":"AAAA","sourcesContent":[null]}',
      '{"version":3,"sources":["a.ts"],"sources\\u0043ontent":["const key = 1"],"mappings":"AAAA","sourcesContent":[null]}',
      '{"version":3,"sources":["a.ts"],"sourcesContent":"const key = 1","mappings":"AAAA","sourcesContent":""}',
      '{"version":3,"sources":["a.ts"],"sourcesContent":[{"a.ts":"const key = 1","a.ts":""}],"mappings":"AAAA"}',
      // A section's map replaced by one without text, and the sections replaced by none.
      `{"version":3,"sections":[{${offset},"map":${withText},"map":${without}}]}`,
      `{"version":3,"sections":[{${offset},"map":${withText}}],"sections":[{${offset},"map":${without}}]}`,
      // A section's map written as a JSON string, whose own key repeats.
      `{"version":3,"sections":[{${offset},"map":${JSON.stringify(`${withText.slice(0, -1)},"sourcesContent":null}`)}}]}`,
    ]
    const texts = (reading: ReturnType<typeof readSourceMap>) => (reading.type === 'map' ? reading.map.sourcesWithText + reading.map.sections.reduce((sum, section) => sum + (section.map?.sourcesWithText ?? 0), 0) : -1)
    for (const map of hiding) {
      // JSON's reading shows no text, in the map or in a section's map written as a string.
      expect(JSON.stringify(JSON.parse(map, (_key, value: unknown) => (typeof value === 'string' && value.startsWith('{') ? JSON.parse(value) : value))), map).not.toContain('const key')
      for (const read of [readSourceMap, readSourceMapWithParse, readSourceMapWithReader]) expect(texts(read(Buffer.from(map), true)), `${read.name} ${map}`).toBe(1)
      // Past 16 MB the reader reads it whole instead of JSON.parse; past the streaming threshold, in chunks.
      const large = Buffer.from(`{"x_pad":"${'x'.repeat(17 * 1024 * 1024)}",${map.slice(1)}`)
      expect(texts(readSourceMap(large, true)), map).toBe(1)
      async function* inTwo() {
        yield large.subarray(0, 1000)
        yield large.subarray(1000)
      }
      expect((await analyzeChunks('main.js.map', inTwo())).map?.sourcesWithText, map).toBeGreaterThan(0)
    }
    // Maps without text, repeated keys or not, stay maps without sources.
    for (const map of [without, '{"version":3,"sources":["a.ts"],"sourcesContent":[null,""],"mappings":"AAAA","sourcesContent":[null]}', `{"version":3,"sections":[{${offset},"map":${without}}],"sections":[]}`]) {
      for (const read of [readSourceMap, readSourceMapWithParse, readSourceMapWithReader]) expect(texts(read(Buffer.from(map), true)), `${read.name} ${map}`).toBe(0)
    }
  })

  it('refuses sections nested past the limit even where a repeated key hides them from JSON.parse', () => {
    const leaf = '{"version":3,"sources":["a.ts"],"sourcesContent":["secret"],"mappings":"A"}'
    let deep = leaf
    for (let level = 0; level < 40; level++) deep = `{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":${deep}}]}`
    const hidden = Buffer.from(`${deep.slice(0, -1)},"sections":[]}`)
    expect(readSourceMapWithParse(hidden, true).type).toBe('map')
    expect(readSourceMapWithReader(hidden, true).type).toBe('unreadable')
    expect(readSourceMap(hidden, true).type).toBe('unreadable')
  })

  it('gives the same answer however the bytes are split into chunks', () => {
    const { object, mutate, next } = generator(7)
    for (let round = 0; round < 500; round++) {
      const text = Buffer.from(round % 2 === 0 ? object(0) : mutate(object(0)))
      const whole = new MapReader()
      whole.push(text)
      const expected = judgeReading(whole.end(), true, () => false)
      const split = new MapReader()
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(next() * 7)
        split.push(text.subarray(at, at + size))
        at += size
      }
      expect(verdict(judgeReading(split.end(), true, () => false))).toEqual(verdict(expected))
    }
  })
})

describe('the chunked path', () => {
  it('fails closed, without throwing, on a kept string cut at 64 MB inside an escape', () => {
    const text = Buffer.from(`{"version":3,"mappings":"","sources":[],"file":"${'a'.repeat(64 * 1024 * 1024 - 1)}\\u0041"}`)
    const reading = readSourceMapWithReader(text, true)
    expect(reading.type).toBe('unreadable')
    expect(reading.type === 'unreadable' && reading.reason).toContain('a string longer than 64 MB')
  })

  it('reads a long number split across chunks whole: 0.000…3e81 is version 3', () => {
    const text = Buffer.from(`{"version":0.${'0'.repeat(80)}3e81,"sourcesContent":["secret"],"names":[]}`)
    const whole = new MapReader()
    whole.push(text)
    const split = new MapReader()
    for (let at = 0; at < text.length; at += 8) split.push(text.subarray(at, at + 8))
    for (const reader of [whole, split]) expect(judgeReading(reader.end(), false, () => false).type).toBe('map')
  })

  it('judges a UTF-16 map that arrives in chunks', async () => {
    const map = JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['secret'], mappings: 'AAAA' })
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(map, 'utf16le')])
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 16) yield bytes.subarray(at, at + 16)
    }
    const facts = await analyzeChunks('data.json', chunks())
    expect(facts.kind).toBe('sourcemap')
    expect(facts.map?.sourcesWithText).toBe(1)
  })
})

// Chunks of 16 KB and more are read with the WebAssembly scanner, piece by piece
// through its memory; smaller ones by the JavaScript loop. Both must read alike.
describe('the WebAssembly scanner', () => {
  it('is built from text-scan.wat as committed, and loads here', () => {
    execFileSync(process.execPath, ['packages/core/scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })
    expect(textScanner()).toBeDefined()
  })

  it('finds a sourceMappingURL comment wherever it falls against the pieces of a large script', () => {
    const map = Buffer.from(JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['secret'], mappings: 'AAAA' })).toString('base64')
    const comment = `//# sourceMappingURL=data:application/json;base64,${map}\n`
    for (const shift of [-20, -16, -15, -14, -13, -3, -2, -1, 0, 1]) {
      // Its `URL` starts `shift` bytes from the end of the first piece.
      const padding = PIECE_BYTES + shift - '//# sourceMapping'.length
      const code = Buffer.from(`${'x'.repeat(padding)}\n${comment}`.slice(1))
      const facts = analyzeFile('app.js', code)
      expect(facts.inlineMaps.map((inline) => inline.map?.sourcesWithText), `shift ${shift}`).toEqual([1])
      expect(analyzeFile('app.js', Buffer.from(`x\n//# sourceMappingURL=app.js.map\n${'y'.repeat(PIECE_BYTES + shift)}`)).link).toBeUndefined()
    }
    const linked = Buffer.from(`${'x'.repeat(PIECE_BYTES - 30)}\n//# sourceMappingURL=app.js.map\n`)
    expect(analyzeFile('app.js', linked).link?.url).toBe('app.js.map')
  })

  it('reads long mappings with an escape or a raw control character anywhere as JSON.parse does', () => {
    const next = random(77)
    for (let round = 0; round < 200; round++) {
      const mappings = Array.from({ length: 1000 + Math.floor(next() * 4000) }, () => 'ACEGIKMOQSUWYace;,'[Math.floor(next() * 18)]).join('')
      const at = Math.floor(next() * mappings.length)
      const flaw = ['\u0001', '\n', '\\n', '\\u0041', '\\/', '\u007f', ''][round % 7] as string
      const text = `{"version":3,"sources":["a.ts"],"names":[],"mappings":"${mappings.slice(0, at)}${flaw}${mappings.slice(at)}"}`
      expectSameJudgement(Buffer.from(text), `mappings with ${JSON.stringify(flaw)} at ${at}`)
    }
  })

  /** JSON text of a map whose sources' bodies straddle the scanner's pieces, broken now and then. */
  function largeMapText(next: () => number): string {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
    const plain = ['const a = 1;', ' '.repeat(17), '\\n', '\\t', '\\"', '\\\\', '\\/', '\\b\\f\\r', '\\u00e9', '\\uD83D\\uDE00', 'é', '😀', 'x']
    const broken = ['\n', '\u0001', '\\x', '\\a', '\\u12G4', '\\u', '"', '\\']
    const body = (flawed: boolean) => {
      const parts: string[] = []
      for (let length = 0, target = Math.floor(next() * 300_000); length < target; ) {
        const part = pick(plain)
        parts.push(part)
        length += part.length
      }
      // Between two parts, so that the flaw is not taken into an escape.
      if (flawed) parts.splice(Math.floor(next() * (parts.length + 1)), 0, pick(broken))
      return parts.join('')
    }
    const count = 1 + Math.floor(next() * 4)
    const flawed = next() < 0.4 ? Math.floor(next() * count) : -1
    const sources = Array.from({ length: count }, (_, index) => body(index === flawed))
    const padding = ' '.repeat(Math.floor(next() * 64))
    // Source names with escapes too: read past a piece, their bodies are scanned natively, escapes and all.
    const name = (index: number) => pick([`src/m${index}.ts`, `src\\/m${index}.ts`, `C:\\\\work\\\\m${index}.ts`, `src/\\u00e9${index}.ts`, `quoted\\"${index}.ts`])
    return `{${padding}"version":3,"sources":[${sources.map((_, index) => `"${name(index)}"`).join(',')}],"sourcesContent":[${sources.map((text) => `"${text}"`).join(',')}],"mappings":"AAAA;AACA"}`
  }

  it('agrees with JSON.parse, and with the JavaScript loop to the byte of each error, on maps past a piece', () => {
    const next = random(Number(process.env.SEED ?? 1609))
    let errors = 0
    for (let round = 0; round < 60; round++) {
      const bytes = Buffer.from(largeMapText(next))
      expectSameJudgement(bytes, `large map, round ${round}`)
      const whole = new MapReader()
      whole.push(bytes)
      const small = new MapReader()
      for (let at = 0; at < bytes.length; at += 4093) small.push(bytes.subarray(at, at + 4093))
      const result = whole.end()
      if (!result.ok) errors++
      expect(result, `round ${round}`).toEqual(small.end())
    }
    // Both verdicts were tried, and inputs past a piece.
    expect(errors).toBeGreaterThan(10)
    expect(errors).toBeLessThan(50)
    expect(PIECE_BYTES).toBeLessThan(300_000)
  })
})
