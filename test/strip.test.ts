import { brotliCompressSync, gzipSync } from 'node:zlib'
import { analyzeFile, enforcePolicy, judge, readSourceMap, relativizeMapPaths, stripSourcesContent, verifyOutput, type GateOptions } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { random } from '../bench/generators.mjs'

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8')

/** What a consumer reads from stripped bytes must equal the original minus `sourcesContent`. */
function expectStripped(input: string, expected: unknown) {
  const output = text(stripSourcesContent(Buffer.from(input)))
  expect(JSON.parse(output.replace(/^\ufeff/, '').replace(/^\)\]\}'[^\n]*\n/, ''))).toEqual(expected)
  // Stripping twice changes nothing.
  expect(text(stripSourcesContent(Buffer.from(output)))).toBe(output)
  return output
}

describe('stripSourcesContent', () => {
  const base = { version: 3, file: 'app.js', sources: ['a.ts', 'b.ts'], names: ['x', 'y'], mappings: 'AAAA;AACA,CAAC' }

  it('removes the key in every position: first, middle, last, only', () => {
    expectStripped('{"sourcesContent":["a"],"version":3,"mappings":"AAAA"}', { version: 3, mappings: 'AAAA' })
    expectStripped('{"version":3,"sourcesContent":["a"],"mappings":"AAAA"}', { version: 3, mappings: 'AAAA' })
    expectStripped('{"version":3,"mappings":"AAAA","sourcesContent":["a"]}', { version: 3, mappings: 'AAAA' })
    expectStripped('{"sourcesContent":["a"]}', {})
  })

  it('keeps mappings, sources, names and formatting byte for byte', () => {
    const pretty = JSON.stringify({ ...base, sourcesContent: ['const a = 1', null] }, null, 2)
    const output = expectStripped(pretty, base)
    expect(output).toBe(JSON.stringify(base, null, 2))
  })

  it('removes every duplicate, so the last-one-wins value is gone too', () => {
    expectStripped('{"sourcesContent":null,"version":3,"sourcesContent":["secret"],"mappings":"A"}', { version: 3, mappings: 'A' })
    expectStripped('{"sourcesContent":["a"],"sourcesContent":["b"]}', {})
  })

  it('matches keys the way JSON.parse reads them: escaped spellings are the same key', () => {
    expectStripped('{"version":3,"sources\\u0043ontent":["secret"],"\\u0073ourcesContent":["again"],"mappings":"A"}', { version: 3, mappings: 'A' })
    // A different key that merely looks alike stays.
    expectStripped('{"sourcesContent ":["kept"],"SourcesContent":["kept"]}', { 'sourcesContent ': ['kept'], SourcesContent: ['kept'] })
  })

  it('strips each section of an index map, nested ones included, and leaves other keys', () => {
    const inner = { ...base, sourcesContent: ['inner'] }
    const input = {
      version: 3,
      sections: [
        { offset: { line: 0, column: 0 }, map: { ...base, sourcesContent: ['one'] } },
        { offset: { line: 5, column: 0 }, map: { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: inner }] } },
        { offset: { line: 9, column: 0 }, map: base },
      ],
    }
    expectStripped(JSON.stringify(input), {
      version: 3,
      sections: [
        { offset: { line: 0, column: 0 }, map: base },
        { offset: { line: 5, column: 0 }, map: { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: base }] } },
        { offset: { line: 9, column: 0 }, map: base },
      ],
    })
  })

  it('keeps a BOM or a )]}\' prefix in place', () => {
    const bom = expectStripped(`\ufeff${JSON.stringify({ ...base, sourcesContent: ['x'] })}`, base)
    expect(bom.startsWith('\ufeff{')).toBe(true)
    const xssi = expectStripped(`)]}'\n${JSON.stringify({ ...base, sourcesContent: ['x'] })}`, base)
    expect(xssi.startsWith(")]}'\n{")).toBe(true)
  })

  it('handles strings full of quotes, backslashes and non-ASCII text', () => {
    const tricky = ['a "quoted" \\ path\\', '\\"', 'emoji 😀 and ünïcödé', '}],{"sourcesContent":', '\u2028\u2029']
    expectStripped(JSON.stringify({ ...base, sources: tricky, sourcesContent: tricky, names: tricky }), { ...base, sources: tricky, names: tricky })
  })

  it('survives sourcesContent nested deeper than a recursive walker could go', () => {
    const deep = `${'['.repeat(20_000)}"x"${']'.repeat(20_000)}`
    expectStripped(`{"version":3,"sourcesContent":${deep},"mappings":"A"}`, { version: 3, mappings: 'A' })
  })

  it('returns the very same bytes when there is nothing to strip', () => {
    const input = Buffer.from(JSON.stringify(base))
    expect(stripSourcesContent(input)).toBe(input)
  })

  it('round-trips 300 random maps with shuffled keys, whitespace and duplicates', () => {
    const next = random(42)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
    const space = () => pick(['', ' ', '\n', '\t ', '\r\n  '])
    const randomString = () => pick(['a', 'src/x.ts', 'quote"d', 'back\\slash', 'ünï', '', 'line\nbreak'])
    for (let round = 0; round < 300; round++) {
      const members: Array<[string, unknown]> = [
        ['version', 3],
        ['sources', Array.from({ length: Math.floor(next() * 4) }, randomString)],
        ['names', Array.from({ length: Math.floor(next() * 3) }, randomString)],
        ['mappings', pick(['', 'AAAA', 'AAAA;AACA,CAAC'])],
      ]
      const contents = Math.floor(next() * 3)
      for (let i = 0; i < contents; i++) members.push([pick(['sourcesContent', 'sources\\u0043ontent']), pick([null, [randomString()], [null, randomString()], 'lone'])])
      if (next() < 0.3) members.push(['x_extra', { nested: [1, { sourcesContent: ['stays: not a map member'] }] }])
      members.sort(() => next() - 0.5)
      const json = `{${space()}${members.map(([key, value]) => `"${key}"${space()}:${space()}${JSON.stringify(value)}`).join(`${space()},${space()}`)}${space()}}`
      const expected = JSON.parse(json)
      delete expected.sourcesContent
      expectStripped(json, expected)
    }
  })

  it('leaves a map that readSourceMap sees as carrying no source text', () => {
    const stripped = stripSourcesContent(Buffer.from(JSON.stringify({ ...base, sourcesContent: ['secret'] })))
    const reading = readSourceMap(stripped, true)
    expect(reading.type).toBe('map')
    expect(reading.type === 'map' && reading.map.sourcesWithText).toBe(0)
  })
})

describe("the build gate under 'hidden'", () => {
  const gate: GateOptions = { policy: 'hidden', mode: 'production', audit: false, tool: { name: 'shipguard', version: '0' }, bundler: { name: 'rollup', version: '0' }, outDir: 'dist', privateDir: undefined, messages: {} }
  const shipped = (map: string) => text((enforcePolicy([{ path: 'app.js.map', bytes: Buffer.from(map) }], gate).files[0] as { bytes: Uint8Array }).bytes)

  it('a map under more compression than an edit reaches (brotli inside gzip) ships as it is, and is refused for its sources', () => {
    const map = JSON.stringify({ version: 3, sources: ['/work/app/src/a.ts'], sourcesContent: ['const key = 1'], mappings: 'AAAA' })
    const bytes = gzipSync(brotliCompressSync(Buffer.from(map)))
    for (const policy of ['public', 'hidden'] as const) {
      const options = { ...gate, policy, outputFolder: '/work/app/dist' }
      const outcome = enforcePolicy([{ path: 'app.js.map', bytes }], options)
      expect(Buffer.compare(outcome.files[0]?.bytes as Uint8Array, bytes)).toBe(0)
      const verdict = verifyOutput(outcome.files, outcome, options)
      expect(verdict.manifest.findings.map((finding) => finding.rule)).toContain('sources-content')
    }
  })

  it('leaves a map without sourcesContent as the bundler wrote it', () => {
    const sourceless = '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}'
    expect(shipped(sourceless)).toBe(sourceless)
  })

  it('strips text that a repeated key hides from JSON.parse, wherever the key repeats and however it is spelled', () => {
    const offset = '"offset":{"line":0,"column":0}'
    for (const map of [
      '{"version":3,"sources":["a.ts"],"sourcesContent":["const key = 1"],"mappings":"AAAA","sourcesContent":null}',
      '{"version":3,"sources":["a.ts"],"sources\\u0043ontent":["const key = 1"],"mappings":"AAAA","sourcesContent":null}',
      // Inside the value: by JSON's reading, the member that holds text is replaced by an empty one.
      '{"version":3,"sources":["a.ts"],"sourcesContent":{"a.ts":"const key = 1","a.ts":""},"mappings":"AAAA"}',
      // On the container: the sections that hold text are replaced by none.
      `{"version":3,"sections":[{${offset},"map":{"version":3,"sources":["a.ts"],"sourcesContent":["const key = 1"],"mappings":"AAAA"}}],"sections":[]}`,
    ]) {
      expect(JSON.stringify(JSON.parse(map))).not.toContain('const key')
      expect(shipped(map)).not.toContain('const key')
    }
  })
})

describe('relativizeMapPaths: local absolute paths of a shipped map made relative to where it lands', () => {
  const relativized = (map: unknown, folder = '/work/app/dist/assets') => JSON.parse(text(relativizeMapPaths(Buffer.from(JSON.stringify(map)), folder)))

  it('sources without a sourceRoot, file: URLs among them; everything else as it was', () => {
    const map = { version: 3, file: 'main.js', sources: ['/work/app/src/main.ts', 'file:///work/app/src/util.ts', '../../src/rel.ts', 'webpack://app/./src/w.ts', 'C:\\app\\src\\win.ts'], names: ['a'], mappings: 'AAAA,CAAC' }
    expect(relativized(map)).toEqual({ ...map, sources: ['../../src/main.ts', '../../src/util.ts', '../../src/rel.ts', 'webpack://app/./src/w.ts', 'C:\\app\\src\\win.ts'] })
  })

  it('an absolute sourceRoot keeps its trailing slash; sources joined to a sourceRoot stay as they are', () => {
    expect(relativized({ version: 3, sourceRoot: '/work/app/src/', sources: ['main.ts'], mappings: '' })).toMatchObject({ sourceRoot: '../../src/', sources: ['main.ts'] })
    expect(relativized({ version: 3, sourceRoot: 'src/', sources: ['/work/app/src/main.ts'], mappings: '' })).toMatchObject({ sourceRoot: 'src/', sources: ['/work/app/src/main.ts'] })
  })

  it('a build folder under any top-level folder (a CI checkout in /ci): its paths are local, root-relative URL paths are not', () => {
    const map = { version: 3, sources: ['/ci/app/src/main.ts', '/ci/shared/util.ts', '/src/url-path.ts'], mappings: 'AAAA' }
    expect(relativized(map, '/ci/app/dist/assets').sources).toEqual(['../../src/main.ts', '../../../shared/util.ts', '/src/url-path.ts'])
  })

  it('the absolute-path rule reads paths under the top-level folder the files come from as local', () => {
    const map = analyzeFile('main.js.map', Buffer.from(JSON.stringify({ version: 3, sources: ['/ci/app/src/main.ts', '/src/url-path.ts'], mappings: 'AAAA' })))
    const pathsFound = (localFolder?: string) => judge([map], { policy: 'public', localFolder }).findings.filter((finding) => finding.rule === 'absolute-path').map((finding) => finding.paths)
    expect(pathsFound('/ci/app/dist')).toEqual([['/ci/app/src/main.ts']])
    const webpackMap = analyzeFile('main.js.map', Buffer.from(JSON.stringify({ version: 3, sources: ['webpack:///ci/app/src/main.ts'], mappings: 'AAAA' })))
    expect(judge([webpackMap], { policy: 'public', localFolder: '/ci/app/dist' }).findings.map((finding) => finding.rule)).toEqual(['absolute-path'])
    expect(pathsFound('/builds/app/dist')).toEqual([])
    expect(pathsFound()).toEqual([])
  })

  it("paths of another drive, a network share or a Windows file: URL on posix stay; a root stays a root; a file: URL's escapes stay escapes", () => {
    expect(relativized({ version: 3, sources: ['C:\\app\\src\\a.ts', 'D:\\lib\\b.ts', '\\\\server\\share\\c.ts'], mappings: '' }, 'C:\\app\\dist').sources).toEqual(['../src/a.ts', 'D:\\lib\\b.ts', '\\\\server\\share\\c.ts'])
    expect(relativized({ version: 3, sources: ['file:///C:/app/src/a.ts', 'file:///work/app/src/100%25%20done.ts'], mappings: '' }).sources).toEqual(['file:///C:/app/src/a.ts', '../../src/100%25%20done.ts'])
    expect(relativized({ version: 3, sourceRoot: '/work/app/dist/assets/', sources: ['a.ts'], mappings: '' }).sourceRoot).toBe('./')
  })

  it('the maps of index map sections too', () => {
    const map = { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: { version: 3, sources: ['/work/app/src/a.ts'], mappings: 'AAAA' } }] }
    expect(relativized(map).sections[0].map.sources).toEqual(['../../src/a.ts'])
  })

  it('returns the input itself when nothing is absolute, and keeps the formatting when something is', () => {
    const input = Buffer.from('{"version":3,"sources":["../src/a.ts"],"mappings":"AAAA"}')
    expect(relativizeMapPaths(input, '/work/app/dist')).toBe(input)
    expect(text(relativizeMapPaths(Buffer.from('{ "version": 3,\n  "sources": [ "/work/app/src/a.ts" ],\n  "mappings": "AAAA" }'), '/work/app/dist'))).toBe('{ "version": 3,\n  "sources": [ "../src/a.ts" ],\n  "mappings": "AAAA" }')
  })
})
