import { randomBytes } from 'node:crypto'
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { analyzeChunks } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { findingKeys, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const mapWithSources = JSON.stringify({ version: 3, sources: ['../src/app.ts'], sourcesContent: ['export const secret = 1\n'], mappings: 'AAAA', names: [] })
const inlineMapJs = `x()\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(mapWithSources).toString('base64')}\n`

function scan(files: Record<string, string | Uint8Array>, ...args: string[]) {
  const dir = tempDir(files)
  const run = runCli(['scan', '.', '--json', ...args], { cwd: dir })
  return { run, report: JSON.parse(run.stdout) }
}

describe('compressed files are judged by what they decompress to', () => {
  it('finds sources in a gzip-compressed map (.map.gz)', () => {
    const { run, report } = scan({ 'app.js': 'x()\n', 'app.js.map.gz': gzipSync(mapWithSources) })
    expect(findingKeys(report)).toEqual(['public-map app.js.map.gz', 'sources-content app.js.map.gz'])
    expect(report.files.find((file: { path: string }) => file.path === 'app.js.map.gz').kind).toBe('sourcemap')
    expect(run.code).toBe(1)
  })

  it('finds sources in a brotli-compressed map (.map.br)', () => {
    const { run, report } = scan({ 'app.js': 'x()\n', 'app.js.map.br': brotliCompressSync(mapWithSources) })
    expect(findingKeys(report)).toEqual(['public-map app.js.map.br', 'sources-content app.js.map.br'])
    expect(run.code).toBe(1)
  })

  it('finds a gzip map by its magic bytes whatever its name', () => {
    const { report } = scan({ 'static/blob.bin': gzipSync(mapWithSources) })
    expect(findingKeys(report)).toEqual(['public-map static/blob.bin', 'sources-content static/blob.bin'])
  })

  it('finds a brotli map stored under a plain .map name', () => {
    const { report } = scan({ 'app.js.map': brotliCompressSync(mapWithSources) })
    expect(findingKeys(report)).toEqual(['public-map app.js.map', 'sources-content app.js.map'])
  })

  it('finds an inline map in a precompressed script (.js.gz, .js.br)', () => {
    const { report } = scan({ 'app.js.gz': gzipSync(inlineMapJs), 'app.js.br': brotliCompressSync(inlineMapJs) })
    expect(findingKeys(report)).toEqual(['inline-map app.js.br:2', 'inline-map app.js.gz:2', 'sources-content app.js.br:2', 'sources-content app.js.gz:2'])
  })

  it('lets a compressed map without sources ship under --allow-maps', () => {
    const bare = JSON.stringify({ version: 3, sources: ['a.ts'], mappings: 'AAAA', names: [] })
    const { run, report } = scan({ 'app.js.map.gz': gzipSync(bare), 'app.js.map.br': brotliCompressSync(bare) }, '--allow-maps')
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it('refuses compressed files that cannot be decompressed (fail closed)', () => {
    const junk = Buffer.from('this is not compressed data at all, just junk bytes \x00\x01\x02')
    const { run, report } = scan({ 'app.js.map.gz': junk, 'app.js.map.br': junk, 'chunk.js.gz': Buffer.concat([Buffer.from([0x1f, 0x8b]), junk]) })
    expect(findingKeys(report)).toEqual(['unreadable-map app.js.map.br', 'unreadable-map app.js.map.gz', 'unreadable-map chunk.js.gz'])
    expect(report.findings[0].message).toMatch(/^looks like a source map but cannot be read: .*cannot be decompressed/)
    // Code is no map by its name: said so, and refused all the same.
    expect(report.findings[2].message).toMatch(/^cannot be read, so a source map or source in it cannot be ruled out: /)
    expect(run.code).toBe(1)
  })

  it('refuses code, styles, pages and JSON compressed with zstd, xz or bzip2 unless the uncompressed file ships beside them; other files so compressed pass', () => {
    // shipguard cannot undo these: what they hold is never read, only their names say what it is.
    const unread = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(64)])
    const { run, report } = scan({ 'app.js.zst': unread, 'data.json.xz': unread, 'page.html.bz2': unread, 'served.js': 'x()\n', 'served.js.zst': unread, 'served.css.xz': unread, 'served.css': 'a{}\n', 'photo.png.zst': unread, 'fonts.tar.xz': unread })
    expect(findingKeys(report)).toEqual(['unreadable-map app.js.zst', 'unreadable-map data.json.xz', 'unreadable-map page.html.bz2'])
    expect(report.findings[0].message).toBe('cannot be read, so a source map or source in it cannot be ruled out: it is compressed with zst, which shipguard cannot read, and no uncompressed app.js beside it shows what it holds: keep app.js in the output beside it, or compress with gzip or brotli, which shipguard reads')
    expect(run.code).toBe(1)
  })

  it('refuses code and JSON compressed with zstd, xz or bzip2 in place, under their plain names, as files uploaded with a Content-Encoding are; other files so compressed pass', () => {
    // Each compressor's magic bytes, then data shipguard cannot undo.
    const compressed = (magic: number[]) => Buffer.concat([Buffer.from(magic), randomBytes(64)])
    const zstd = compressed([0x28, 0xb5, 0x2f, 0xfd])
    const xz = compressed([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])
    const bzip2 = compressed([0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
    const { run, report } = scan({ 'app.js': zstd, 'data.json': xz, 'page.html': bzip2, 'photo.png': zstd })
    expect(findingKeys(report)).toEqual(['unreadable-map app.js', 'unreadable-map data.json', 'unreadable-map page.html'])
    expect(report.findings[0].message).toBe('cannot be read, so a source map or source in it cannot be ruled out: it is compressed with zstd under its plain name, which shipguard cannot read: ship it uncompressed, or compressed with gzip or brotli, which shipguard reads')
    expect(run.code).toBe(1)
  })

  it('finds maps compressed without saying so under a map name: zlib, raw deflate, gzip inside gzip', () => {
    const { report } = scan({ 'a.js.map': deflateSync(mapWithSources), 'b.js.map': deflateRawSync(mapWithSources), 'c.js.map.gz': gzipSync(gzipSync(mapWithSources)) })
    expect(findingKeys(report).filter((key) => key.startsWith('sources-content'))).toEqual(['sources-content a.js.map', 'sources-content b.js.map', 'sources-content c.js.map.gz'])
  })

  it('reads a map saved as UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(mapWithSources, 'utf16le')])
    const { report } = scan({ 'app.js.map': utf16 })
    expect(findingKeys(report)).toEqual(['public-map app.js.map', 'sources-content app.js.map'])
  })

  it('finds a brotli, zlib or raw deflate map under a name that says nothing of maps or compression', () => {
    const { run, report } = scan({ 'static/a8f3e2': brotliCompressSync(mapWithSources), 'static/blob.bin': deflateSync(mapWithSources), 'static/data.dat': deflateRawSync(mapWithSources) })
    expect(findingKeys(report)).toEqual([
      'public-map static/a8f3e2',
      'public-map static/blob.bin',
      'public-map static/data.dat',
      'sources-content static/a8f3e2',
      'sources-content static/blob.bin',
      'sources-content static/data.dat',
    ])
    expect(report.files.find((file: { path: string }) => file.path === 'static/a8f3e2')).toMatchObject({ kind: 'sourcemap' })
    expect(run.code).toBe(1)
  })

  it('finds such a map when the file is judged in chunks, as files too large to hold are', async () => {
    const compressed = brotliCompressSync(JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'.repeat(500_000) + randomBytes(200_000).toString('base64')], mappings: 'AAAA' }))
    async function* chunks() {
      for (let at = 0; at < compressed.length; at += 16 * 1024) yield compressed.subarray(at, at + 16 * 1024)
    }
    const facts = await analyzeChunks('static/a8f3e2', chunks())
    expect(facts.kind).toBe('sourcemap')
    expect(facts.map?.sourcesWithText).toBe(1)
  })

  it('refuses binary data whose start decompresses to JSON but whose whole does not (fail closed), and reads JSON with bytes after its stream', () => {
    const compressed = brotliCompressSync(`${mapWithSources.slice(0, -1)},"padding":"${randomBytes(60_000).toString('base64')}"}`)
    const { run, report } = scan({ 'static/cut': compressed.subarray(0, compressed.length - 100), 'static/padded': Buffer.concat([compressed, Buffer.from('\n')]) })
    expect(findingKeys(report)).toEqual(['public-map static/padded', 'sources-content static/padded', 'unreadable-map static/cut'])
    expect(report.findings.find((finding: { rule: string }) => finding.rule === 'unreadable-map').message).toMatch(/brotli-compressed JSON that may be a source map, but its brotli data cannot be decompressed/)
    expect(run.code).toBe(1)
  })

  it('finds compressed maps whose first bytes are not ASCII, and compressed UTF-16 maps', () => {
    const accented = JSON.stringify({ version: 3, file: 'página.js', sources: ['../src/página.ts'], sourcesContent: ['export const señal = 1\n'], mappings: 'AAAA' })
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(mapWithSources, 'utf16le')])
    const { report } = scan({ 'a.bin': brotliCompressSync(accented), 'b.bin': deflateRawSync(accented), 'c.bin': brotliCompressSync(utf16) })
    expect(findingKeys(report).filter((key) => key.startsWith('sources-content'))).toEqual(['sources-content a.bin', 'sources-content b.bin', 'sources-content c.bin'])
  })

  it('finds maps stored without compressing (deflate level 0, brotli of a tiny map) and maps whose start compresses past 1,000 to 1', () => {
    // 17,957 bytes: the stored block's length bytes make the header valid UTF-8.
    const largeMap = JSON.stringify({ version: 3, sources: ['../src/app.ts'], sourcesContent: ['x'.repeat(17_957 - 92)], mappings: 'AAAA', names: [] })
    const repetitive = JSON.stringify({ version: 3, sources: ['../src/table.ts'], sourcesContent: ['export const row = [0, 0, 0, 0]\n'.repeat(130_000)], mappings: 'AAAA' })
    const { report } = scan({
      'a.bin': deflateSync(mapWithSources, { level: 0 }),
      'b.bin': deflateRawSync(mapWithSources, { level: 0 }),
      // Stored blocks whose headers read as text to a test of UTF-8 or of brotli.
      'b2.bin': deflateSync(largeMap, { level: 0 }),
      'b3.bin': deflateRawSync(largeMap, { level: 0 }),
      'c.bin': brotliCompressSync(mapWithSources, { params: { [constants.BROTLI_PARAM_QUALITY]: 0 } }),
      'd.bin': brotliCompressSync(repetitive),
    })
    expect(findingKeys(report).filter((key) => key.startsWith('sources-content'))).toEqual(['sources-content a.bin', 'sources-content b.bin', 'sources-content b2.bin', 'sources-content b3.bin', 'sources-content c.bin', 'sources-content d.bin'])
  })

  it('reads a precompressed script in an 8-bit encoding as the script it holds', () => {
    const latin1 = Buffer.from(`// Fran\xe7ois M\xfcller, soci\xe9t\xe9 g\xe9n\xe9rale\n${inlineMapJs}`, 'latin1')
    const { report } = scan({ 'assets/app.js': brotliCompressSync(latin1), 'assets/vendor.js': deflateSync(latin1) })
    expect(findingKeys(report)).toEqual(['inline-map assets/app.js:3', 'inline-map assets/vendor.js:3', 'sources-content assets/app.js:3', 'sources-content assets/vendor.js:3'])
  })

  it('reads scripts and styles in an 8-bit encoding as text, never as compressed data', () => {
    // Each of these starts with bytes that brotli reads as a stream header with an uncompressed block.
    const header = '/**\n * @fileoverview Date helpers, shipped as-is from the legacy site\n * Copyright Soci\xe9t\xe9 G\xe9n\xe9rale\n */\nvar months = ["janvier", "f\xe9vrier"];\n'
    const legacy = Buffer.from(`${header.repeat(4000)}//# sourceMappingURL=data:application/json;base64,${Buffer.from(mapWithSources).toString('base64')}\n`, 'latin1')
    const theme = Buffer.from('/*!\n * Theme v2.1.0 (https://example.com/theme) - MIT license\n * Auteur : Fran\xe7ois M\xfcller\n */\nbody{margin:0;color:#222}\n', 'latin1')
    const { report } = scan({ 'legacy.js': legacy, 'theme.css': theme, 'index.html': Buffer.from(header.repeat(400), 'latin1') })
    expect(findingKeys(report)).toEqual(['inline-map legacy.js:20001', 'sources-content legacy.js:20001'])
  })

  it('judges a script served precompressed under its own name (brotli, no suffix) as the script it holds', () => {
    const banner = `/*! ${'*'.repeat(76)}\n${'\n'.repeat(40)}`
    const { run, report } = scan({ 'assets/app.js': brotliCompressSync(inlineMapJs), 'assets/banner.js': deflateSync(banner + inlineMapJs), 'assets/clean.js': brotliCompressSync('export const clean = 1\n'.repeat(20)) })
    expect(findingKeys(report)).toEqual(['inline-map assets/app.js:2', 'inline-map assets/banner.js:43', 'sources-content assets/app.js:2', 'sources-content assets/banner.js:43'])
    expect(run.code).toBe(1)
  })

  it('passes binary files that are not compressed maps: compressed JSON data, random bytes, images and fonts', () => {
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(4000)])
    const woff2 = Buffer.concat([Buffer.from('wOF2'), randomBytes(4000)])
    const files = {
      'data.bin': brotliCompressSync(JSON.stringify({ users: [{ name: 'a' }] })),
      'zeros.bin': deflateSync(Buffer.alloc(50_000_000)),
      'spaces.bin': deflateRawSync(Buffer.alloc(50_000_000, ' ')),
      'braces.br.bin': brotliCompressSync(Buffer.alloc(50_000_000, '{')),
      // Nine random bytes that raw deflate reads as a `{` repeated.
      'tiny.bin': Buffer.from('aa261fe0d6561f3134', 'hex'),
      'logo.png': png,
      'font.woff2': woff2,
      ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`noise/${i}`, randomBytes(2000)])),
    }
    const { run, report } = scan(files)
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })
})
