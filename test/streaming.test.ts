import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, symlinkSync, truncateSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { analyzeChunks, analyzeFile, STREAM_THRESHOLD } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { writeLargeMap } from '../bench/generators.mjs'
import { findingKeys, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// Files past STREAM_THRESHOLD are judged in chunks, never held whole. These are just
// past it, so that the chunked path runs here; bench/ measures one past V8's largest string.
const bigMap = { sources: 5_000, bytesPerSource: 22_000, mappingsBytes: 40_000_000 }

function sha256(path: string): string {
  const hash = createHash('sha256')
  const fd = openSync(path, 'r')
  const buffer = Buffer.alloc(8 * 1024 * 1024)
  for (let read: number; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read))
  closeSync(fd)
  return hash.digest('hex')
}

/** A script of `size` bytes of plain code, then `ending`. */
function writeBigScript(path: string, size: number, ending: string, middle = ''): void {
  const fd = openSync(path, 'w')
  const line = `${'x();'.repeat(24)}\n`
  const block = line.repeat(Math.ceil((4 * 1024 * 1024) / line.length))
  let written = 0
  let middleDone = middle === ''
  while (written < size) {
    written += writeSync(fd, block)
    if (!middleDone && written > size / 2) {
      written += writeSync(fd, middle)
      middleDone = true
    }
  }
  writeSync(fd, ending)
  closeSync(fd)
}

/** An MPEG transport stream of `size` bytes or a little more: 188-byte packets behind the sync byte 0x47. */
function writeTransportStream(path: string, size: number): void {
  const packets = Buffer.concat(Array.from({ length: 16 }, (_, index) => Buffer.from([0x47, 0x40, 0x00, 0x10 | index, ...Array.from({ length: 184 }, (_, i) => (i * 31 + index) % 256)])))
  const block = Buffer.concat(Array.from({ length: 1024 }, () => packets))
  const fd = openSync(path, 'w')
  for (let written = 0; written < size; ) written += writeSync(fd, block)
  closeSync(fd)
}

describe('files past the streaming threshold', () => {
  it(`a map of ${Math.round(STREAM_THRESHOLD / 2 ** 20)} MB and more is judged in chunks: sources counted, sha256 exact`, () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    const size = writeLargeMap(join(cwd, 'dist/app.js.map'), bigMap)
    expect(size).toBeGreaterThan(STREAM_THRESHOLD)
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    const report = JSON.parse(run.stdout)
    expect(findingKeys(report)).toEqual(['public-map app.js.map', 'sources-content app.js.map'])
    expect(report.findings.find((finding: { rule: string }) => finding.rule === 'sources-content').message).toContain('5,000 of 5,000 modules')
    const map = report.files.find((file: { path: string }) => file.path === 'app.js.map')
    expect(map).toMatchObject({ bytes: size, kind: 'sourcemap', sha256: sha256(join(cwd, 'dist/app.js.map')) })
    expect(map.modules).toHaveLength(5_000)
    expect(run.code).toBe(1)
  })

  it('JSON data that large that holds a map is refused as unreadable, as too large to search; without sourcesContent it passes', () => {
    const cwd = tempDir()
    const filler = `"${'x'.repeat(4 * 1024 * 1024)}"`
    const write = (name: string, last: string) => {
      const fd = openSync(join(cwd, name), 'w')
      writeSync(fd, '[')
      for (let written = 0; written < STREAM_THRESHOLD; ) written += writeSync(fd, `${filler},`)
      writeSync(fd, `${last}]`)
      closeSync(fd)
    }
    write('cache.json', JSON.stringify({ code: 'x()', map: { version: 3, sources: ['src/a.ts'], sourcesContent: ['export const a = 1'], mappings: 'AAAA' } }))
    write('rows.json', '{"id":1}')
    const run = runCli(['scan', '.', '--json'], { cwd })
    const report = JSON.parse(run.stdout)
    expect(findingKeys(report)).toEqual(['unreadable-map cache.json'])
    expect(report.findings[0].message).toMatch(/^cannot be read, so a source map or source in it cannot be ruled out: it is JSON data of [\d,]+ bytes that spells sourcesContent, .*: keep it out of the output, or split it$/)
    expect(run.code).toBe(1)
  })

  it('a truncated map that large is refused as unreadable', () => {
    const cwd = tempDir()
    const path = join(cwd, 'app.js.map')
    writeLargeMap(path, bigMap)
    truncateSync(path, statSync(path).size - 1000)
    const report = JSON.parse(runCli(['scan', '.', '--json'], { cwd }).stdout)
    expect(findingKeys(report)).toEqual(['unreadable-map app.js.map'])
    expect(report.findings[0].message).toMatch(/ends early/)
  })

  it('a script that large: its trailing link is found with its line; an inline map in it is refused', () => {
    const cwd = tempDir()
    writeBigScript(join(cwd, 'linked.js'), STREAM_THRESHOLD + 1024, '//# sourceMappingURL=linked.js.map\n')
    const inlineMap = Buffer.from(JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'], mappings: 'AAAA' })).toString('base64')
    writeBigScript(join(cwd, 'inline.js'), STREAM_THRESHOLD + 1024, '', `//# sourceMappingURL=data:application/json;base64,${inlineMap}\n`)
    const report = JSON.parse(runCli(['scan', '.', '--json'], { cwd }).stdout)
    const lines = readFileSync(join(cwd, 'linked.js')).toString('latin1').split('\n').length - 1
    expect(findingKeys(report)).toEqual([`map-link linked.js:${lines}`, 'unreadable-map inline.js'])
    expect(report.findings.find((finding: { file: string }) => finding.file === 'inline.js').message).toMatch(/too large to decode/)
  })

  it('a video segment that large named .ts (MPEG transport stream) passes as video, not TypeScript', () => {
    const cwd = tempDir({ 'dist/index.html': '<video src="video/seg0.ts"></video>\n' })
    mkdirSync(join(cwd, 'dist/video'))
    writeTransportStream(join(cwd, 'dist/video/seg0.ts'), STREAM_THRESHOLD)
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    const report = JSON.parse(run.stdout)
    expect(report.files.find((file: { path: string }) => file.path === 'video/seg0.ts').bytes).toBeGreaterThanOrEqual(STREAM_THRESHOLD)
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it('pack streams a map that large out of a tarball', () => {
    const dir = tempDir({ 'package.json': JSON.stringify({ name: 'big', version: '1.0.0', files: ['dist'] }), 'dist/index.js': 'x()\n' })
    writeLargeMap(join(dir, 'dist/index.js.map'), bigMap)
    execFileSync('npm', ['pack', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
    const run = runCli(['pack', 'big-1.0.0.tgz', '--json'], { cwd: dir })
    const report = JSON.parse(run.stdout)
    expect(findingKeys(report)).toEqual(['public-map dist/index.js.map', 'sources-content dist/index.js.map'])
    expect(report.files.find((file: { path: string }) => file.path === 'dist/index.js.map').sha256).toBe(sha256(join(dir, 'dist/index.js.map')))
    expect(run.code).toBe(1)
  })

  // Extracting keeps the last entry of a path: that is the one judged, however large.
  // Read again by its place among the entries, not its name, which the link holds first.
  it('pack judges a large map that a tarball holds after a link of the same name', () => {
    const dir = tempDir({ 'package/package.json': JSON.stringify({ name: 'twice', version: '1.0.0' }) })
    symlinkSync('../elsewhere.json', join(dir, 'package/data.json'))
    execFileSync('tar', ['cf', 'twice.tar', 'package'], { cwd: dir })
    rmSync(join(dir, 'package/data.json'))
    writeLargeMap(join(dir, 'package/data.json'), bigMap)
    execFileSync('tar', ['rf', 'twice.tar', 'package/data.json'], { cwd: dir })
    execFileSync('gzip', ['-1', 'twice.tar'], { cwd: dir })
    const run = runCli(['pack', 'twice.tar.gz', '--json'], { cwd: dir })
    expect(findingKeys(JSON.parse(run.stdout))).toContain('sources-content data.json')
    expect(run.code).toBe(1)
  })
})

// The chunked reader sees a file's start first and decides from it alone what the file
// is: whatever that start, it must reach the verdict the whole file gets. Small chunks
// stand in for a file past the threshold.
describe('the chunked reader decides as the whole file would', () => {
  const withSources = { version: 3, sources: ['src/secret.ts'], sourcesContent: ['export const SECRET = 42'], mappings: 'AAAA' }

  async function* chunksOf(...parts: Array<string | Buffer>): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      const bytes = Buffer.from(part)
      for (let at = 0; at < bytes.length; at += 1024 * 1024) yield bytes.subarray(at, at + 1024 * 1024)
    }
  }

  it('a map after more whitespace than its first chunks holds is still a map', async () => {
    const facts = await analyzeChunks('data.json', chunksOf(' '.repeat(5 * 1024 * 1024), JSON.stringify(withSources)))
    expect(facts.kind).toBe('sourcemap')
    expect(facts.map?.sourcesWithText).toBe(1)
  })

  it('a script that starts with { or [ is searched for inline maps and its link as well', async () => {
    const inline = `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(withSources)).toString('base64')}\n`
    const block = await analyzeChunks('app.js', chunksOf(`{ var a = "${'x'.repeat(2 * 1024 * 1024)}"; }\n`, inline))
    expect(block.unreadable).toMatch(/embeds a data URL source map/)
    const array = await analyzeChunks('app.js', chunksOf(`["${'x'.repeat(2 * 1024 * 1024)}"].forEach(f)\n`, '//# sourceMappingURL=app.js.map\n'))
    expect(array).toMatchObject({ kind: 'script', unreadable: undefined, link: { url: 'app.js.map', line: 2 } })
  })

  it('a file that large under a map\'s name that starts as no JSON object or array is judged in chunks as a whole one is: refused for a map\'s keys in text, sourcesContent in binary data or a JSON value that is no object', async () => {
    const cases: Array<[Array<string | Buffer>, string | undefined]> = [
      [['hello world '.repeat(200_000), '"sources": 1'], "it holds text with a source map's keys that is not JSON"],
      [[Buffer.alloc(3 * 1024 * 1024), 'sourcesContent'], "it holds binary data around a source map's sourcesContent"],
      [[Buffer.alloc(3 * 1024 * 1024)], undefined],
      [['hello world '.repeat(200_000)], undefined],
      [[`"${'x'.repeat(3 * 1024 * 1024)}"`], 'it holds a JSON string, not a source map object'],
      [['4'.repeat(3 * 1024 * 1024)], 'it holds a JSON number, not a source map object'],
      [['0000000000000000 A fixed_percpu_data\n'.repeat(100_000)], undefined],
      [['Discarded input sections\n', ' .rodata.pin_mappings 0x0 0x40 /home/ci/sources/pins.o\n'.repeat(60_000)], undefined],
      [['hello world '.repeat(200_000), 'module.exports = { sourcesContent: ["x"] }'], "it holds text with a source map's keys that is not JSON"],
      [['hello world '.repeat(200_000), 'var map = "{\\"version\\":3,\\"mappings\\":\\"AAAA\\"}"'], "it holds text with a source map's keys that is not JSON"],
    ]
    for (const [parts, unreadable] of cases) {
      const whole = analyzeFile('big.map', Buffer.concat(parts.map((part) => Buffer.from(part))))
      const chunked = await analyzeChunks('big.map', chunksOf(...parts))
      expect(chunked.unreadable).toBe(unreadable)
      expect({ kind: chunked.kind, unreadable: chunked.unreadable, sha256: chunked.sha256 }).toEqual({ kind: whole.kind, unreadable: whole.unreadable, sha256: whole.sha256 })
    }
  })

  it('a transport stream named .ts or .mts, in 188- or 192-byte packets, is video; TypeScript with a G where sync bytes go is not', async () => {
    const packet = (size: 188 | 192, index: number) => {
      const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + index) % 256))
      bytes[size - 188] = 0x47
      return bytes
    }
    const stream = (size: 188 | 192) => Buffer.concat(Array.from({ length: 12_000 }, (_, index) => packet(size, index)))
    const typescript = `/** ${'G'.repeat(400)} */\nexport const a: number = 1\n${'export const b = 2\n'.repeat(200_000)}`
    const cases: Array<[string, Buffer, true | undefined]> = [
      ['seg0.ts', stream(188), true],
      ['00001.MTS', stream(192), true],
      ['seg1.ts', stream(192), true],
      ['a.ts', Buffer.from(typescript), undefined],
      ['a.mts', Buffer.from(typescript.replace('/** ', '/**\t')), undefined],
      ['b.ts', Buffer.from(`G${typescript}`), undefined],
    ]
    for (const [path, bytes, videoSegment] of cases) {
      const chunked = await analyzeChunks(path, chunksOf(bytes))
      expect(chunked.videoSegment, path).toBe(videoSegment)
      expect(analyzeFile(path, bytes).videoSegment, path).toBe(videoSegment)
    }
  })

  it('an inline map in a script that large is refused whatever white space stands around its =', async () => {
    const payload = `data:application/json;base64,${Buffer.from(JSON.stringify(withSources)).toString('base64')}\n`
    for (const comment of [`//# sourceMappingURL=${' '.repeat(40)}`, `//# sourceMappingURL${'\t'.repeat(20)}=\f\v`, '/*# sourceMappingURL=\r\n']) {
      const facts = await analyzeChunks('app.js', chunksOf(`var a = "${'x'.repeat(2 * 1024 * 1024)}";\n`, comment + payload))
      expect(facts.unreadable, JSON.stringify(comment)).toMatch(/embeds a data URL source map/)
    }
  })

  it('a script that large is searched for maps in data URLs, across chunks; one too long to hold is refused as unreadable', async () => {
    const base64Map = Buffer.from(JSON.stringify(withSources)).toString('base64')
    const filler = `var a = "${'x'.repeat(9 * 1024 * 1024)}";\n`
    const inlined = await analyzeChunks('app.js', chunksOf(filler, 'x()\n', `const u = "DATA:application/json;base64,${base64Map}";\n`, filler))
    expect(inlined).toMatchObject({ unreadable: undefined, inlineMaps: [{ line: 3, inDataUrl: true, map: { sourcesWithText: 1 } }] })
    // JSON that is no map, or text about data URLs, early in a bundle of one long line: nothing to refuse.
    const oneLine = await analyzeChunks('app.js', chunksOf(`var cfg="data:application/json;base64,eyJhIjoxfQ==";throw new Error("expected e.g. data:application/json,{\\"version\\":3} here");${'x'.repeat(20 * 1024 * 1024)}\n`))
    expect(oneLine).toMatchObject({ unreadable: undefined, inlineMaps: [] })
    const images = await analyzeChunks('app.js', chunksOf(filler, `const i = "data:image/png;base64,${'A'.repeat(3 * 1024 * 1024)}";\n`, filler))
    expect(images).toMatchObject({ unreadable: undefined, inlineMaps: [] })
    const huge = await analyzeChunks('app.js', chunksOf(filler, `const u = "data:application/json;base64,${base64Map}${'A'.repeat(10 * 1024 * 1024)}";\n`, filler))
    expect(huge.unreadable).toMatch(/embeds a data URL over a megabyte long/)
    // Raw JSON in a comment, cut by the window inside its source text.
    const rawMap = JSON.stringify({ ...withSources, sourcesContent: ['x'.repeat(12 * 1024 * 1024)] })
    const raw = await analyzeChunks('app.js', chunksOf(filler, `/* data:application/json,${rawMap} */\n`, filler))
    expect(raw.unreadable).toMatch(/embeds a data URL over a megabyte long/)
  })

  it('a map followed by more JSON, past its first chunk, is a broken map (fail closed)', async () => {
    const facts = await analyzeChunks('a.json', chunksOf(`{"mappings":"${'A'.repeat(2 * 1024 * 1024)}","sources":["a.ts"],"sourcesContent":["x"]}\n`, '{"x":1}\n'))
    expect(facts).toMatchObject({ kind: 'sourcemap', unreadable: expect.stringMatching(/more after the end/) })
  })

  it('JSON data that holds a map past its first chunk is refused, as too large to search; its key cut by a chunk, or spelled with escapes, too', async () => {
    const inside = `{"rows":"${'A'.repeat(2 * 1024 * 1024 - 15)}","cache":{"map":${JSON.stringify(withSources)}}}`
    // The key falls across the 2 MB boundary between chunks, 7 of its bytes on either side.
    const cut = `{"rows":"${'A'.repeat(2 * 1024 * 1024 - 66)}","map":${JSON.stringify(withSources)}}`
    const escaped = inside.replace('"sourcesContent"', '"sources\\u0043ontent"')
    for (const text of [inside, cut, escaped]) {
      const facts = await analyzeChunks('data.json', chunksOf(text))
      expect(facts, text.slice(-120)).toMatchObject({ kind: 'asset', unreadable: expect.stringMatching(/^it is JSON data of [\d,]+ bytes that spells sourcesContent/) })
    }
  })

  it('JSON data that holds code with its inline map, or a map as a data URL, past its first chunk: judged as the whole file would be, or refused', async () => {
    const base64 = Buffer.from(JSON.stringify(withSources)).toString('base64')
    const padding = 'A'.repeat(2 * 1024 * 1024)
    const inCode = await analyzeChunks('cache.json', chunksOf(`{"rows":"${padding}","code":"x()\\n//# sourceMappingURL=data:application/json;base64,${base64}\\n"}`))
    expect(inCode).toMatchObject({ kind: 'asset', unreadable: expect.stringMatching(/^it embeds a data URL source map/) })
    const asDataUrl = await analyzeChunks('record.json', chunksOf(`{"rows":"${padding}","map":"data:application/json;base64,${base64}"}`))
    expect(asDataUrl.inlineMaps).toMatchObject([{ inJsonData: true, map: { sources: ['src/secret.ts'] } }])
    // Keys data shares with maps (version, names) do not end the search; a map's own (mappings with sources) do.
    const dataWithMapWords = await analyzeChunks('record.json', chunksOf(`{"version":2,"names":["a"],"rows":"${padding}","map":"data:application/json;base64,${base64}"}`))
    expect(dataWithMapWords.inlineMaps).toMatchObject([{ inJsonData: true, map: { sources: ['src/secret.ts'] } }])
  })

  it('JSON data past its first chunk that is no map stays data', async () => {
    const facts = await analyzeChunks('data.json', chunksOf(`{"rows":"${'A'.repeat(2 * 1024 * 1024)}"}\n`, '{"x":1}\n'))
    expect(facts).toMatchObject({ kind: 'asset', unreadable: undefined })
  })
})
