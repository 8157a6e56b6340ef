import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { withoutMapLink, findTrailingMapLink } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { findingKeys, hasStackTrace, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// Source that ships spelled or packed in a way a reader has to undo first.
const map = { version: 3, sources: ['../src/app.ts'], sourcesContent: ['export const secret = 1\n'], mappings: 'AAAA', names: [] }
const mapText = JSON.stringify(map)
const inlineComment = `//# sourceMappingURL=data:application/json;base64,${Buffer.from(mapText).toString('base64')}`

function scan(files: Record<string, string | Uint8Array>, ...args: string[]) {
  const dir = tempDir(files)
  const run = runCli(['scan', '.', '--json', ...args], { cwd: dir })
  expect(hasStackTrace(run.stderr)).toBe(false)
  return { run, report: JSON.parse(run.stdout) }
}

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le')
  return endian === 'le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(body).swap16()])
}

describe('UTF-16 scripts and styles are read as a browser decodes them', () => {
  it('an inline map in a UTF-16 script (either byte order) or style is refused', () => {
    const { run, report } = scan({
      'le.js': utf16(`console.log(1)\n${inlineComment}\n`, 'le'),
      'be.js': utf16(`console.log(1)\n${inlineComment}\n`, 'be'),
      'style.css': utf16(`a{color:red}\n/*# sourceMappingURL=data:application/json;base64,${Buffer.from(mapText).toString('base64')} */\n`, 'le'),
    })
    expect(findingKeys(report)).toEqual(['inline-map be.js:2', 'inline-map le.js:2', 'inline-map style.css:2', 'sources-content be.js:2', 'sources-content le.js:2', 'sources-content style.css:2'])
    expect(run.code).toBe(1)
  })

  it("a UTF-16 script's link is found, and removing it leaves UTF-16 with the same byte order", () => {
    const { report } = scan({ 'app.js': utf16('x()\n//# sourceMappingURL=gone.js.map\n', 'be') })
    expect(findingKeys(report)).toEqual(['map-link app.js:2'])
    for (const endian of ['le', 'be'] as const) {
      // A lone surrogate, an astral character and a two-byte one before the link stay as they were.
      const code = 'x("\ud800 \u{1f600} \u00e4")\n'
      const bytes = utf16(`${code}//# sourceMappingURL=app.js.map\n`, endian)
      const link = findTrailingMapLink(Buffer.from(new TextDecoder(`utf-16${endian}`).decode(bytes)))
      expect(link?.url).toBe('app.js.map')
      expect(Buffer.from(withoutMapLink(bytes, link!))).toEqual(utf16(code, endian))
    }
  })
})

/** Text in UTF-32 with its byte order mark, as PowerShell's Out-File -Encoding utf32 writes it. */
function utf32(text: string, endian: 'le' | 'be'): Buffer {
  const codePoints = [0xfeff, ...[...text].map((character) => character.codePointAt(0) as number)]
  const bytes = Buffer.alloc(4 * codePoints.length)
  codePoints.forEach((codePoint, index) => (endian === 'le' ? bytes.writeUInt32LE(codePoint, 4 * index) : bytes.writeUInt32BE(codePoint, 4 * index)))
  return bytes
}

describe('UTF-32 text is read as its byte order mark says', () => {
  it('a map (under any name) and an inline map in a script are refused, either byte order', () => {
    const { run, report } = scan({ 'le.js.map': utf32(mapText, 'le'), 'notes': utf32(mapText, 'be'), 'app.js': utf32(`console.log(1)\n${inlineComment}\n`, 'le') })
    expect(findingKeys(report)).toEqual(['inline-map app.js:2', 'public-map le.js.map', 'public-map notes', 'sources-content app.js:2', 'sources-content le.js.map', 'sources-content notes'])
    expect(run.code).toBe(1)
  })

  it("a UTF-32 script's link is removed with every other byte as it was", () => {
    for (const endian of ['le', 'be'] as const) {
      const code = 'x("\u{1f600} \u00e4")\n'
      const bytes = utf32(`${code}//# sourceMappingURL=app.js.map\n`, endian)
      const link = findTrailingMapLink(Buffer.from(`${code}//# sourceMappingURL=app.js.map\n`))
      expect(link?.url).toBe('app.js.map')
      expect(Buffer.from(withoutMapLink(bytes, link!))).toEqual(utf32(code, endian))
    }
  })
})

describe('maps packed twice, or in ways Node cannot undo, under a map name', () => {
  it('brotli inside brotli, and brotli or zlib inside gzip, are read through', () => {
    const { run, report } = scan({
      'a.js.map': brotliCompressSync(brotliCompressSync(mapText)),
      'b.js.map.gz': gzipSync(brotliCompressSync(mapText)),
      'c.js.map.gz': gzipSync(deflateSync(mapText)),
    })
    expect(findingKeys(report).filter((key) => key.startsWith('sources-content'))).toEqual(['sources-content a.js.map', 'sources-content b.js.map.gz', 'sources-content c.js.map.gz'])
    expect(run.code).toBe(1)
  })

  it('a plain .map that starts with zstd, xz, lz4 or bzip2 magic bytes fails closed, naming the compressor', () => {
    const after = Buffer.from('compressed bytes that shipguard cannot undo, standing in for a map')
    const { run, report } = scan({
      'a.js.map': Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), after]),
      'b.js.map': Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), after]),
      'c.js.map': Buffer.concat([Buffer.from([0x04, 0x22, 0x4d, 0x18]), after]),
      'd.js.map': Buffer.concat([Buffer.from('BZh9'), after]),
    })
    expect(findingKeys(report)).toEqual(['unreadable-map a.js.map', 'unreadable-map b.js.map', 'unreadable-map c.js.map', 'unreadable-map d.js.map'])
    expect(report.findings.map((finding: { message: string }) => /compressed with (\w+)/.exec(finding.message)?.[1])).toEqual(['zstd', 'xz', 'lz4', 'bzip2'])
    expect(run.code).toBe(1)
  })

  it('binary data under a map name that still spells a map inside fails closed; binary without one passes', () => {
    const { run, report } = scan({ 'app.js.map': Buffer.concat([Buffer.alloc(4), Buffer.from(mapText)]), 'level.map': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)) })
    expect(findingKeys(report)).toEqual(['unreadable-map app.js.map'])
    expect(run.code).toBe(1)
  })

  it('a map in text that is no JSON under a map name fails closed: after a prefix, cut off at its start, in a script, in a string, its keys escaped', () => {
    const { run, report } = scan({
      'prefixed.js.map': `// generated\n${mapText}`,
      'tail.js.map': mapText.slice(mapText.indexOf('"mappings"') - 5),
      'module.js.map': "module.exports = { version: 3, sources: ['a.ts'], sourcesContent: ['export const secret = 1'] }\n",
      'string.js.map': `var map = ${JSON.stringify(JSON.stringify({ version: 3, sources: ['a.ts'], mappings: 'AAAA' }))}\n`,
      'escaped.js.map': `map = {"version":3,"\\u0073ources":["a.ts"],"\\u006dappings":"AAAA"}\n`,
    })
    expect(findingKeys(report)).toEqual(['unreadable-map escaped.js.map', 'unreadable-map module.js.map', 'unreadable-map prefixed.js.map', 'unreadable-map string.js.map', 'unreadable-map tail.js.map'])
    expect(run.code).toBe(1)
  })

  it('a JSON string, number, boolean or null under a map name fails closed as an array does; text that is no JSON passes', () => {
    const { run, report } = scan({ 'a.js.map': 'null', 'b.js.map': '42', 'c.js.map': '"x"', 'd.js.map': 'true', 'e.js.map': '[1]', 'f.js.map.gz': gzipSync('null'), 'System.map': '0000000000000000 A fixed_percpu_data\n' })
    expect(findingKeys(report)).toEqual(['unreadable-map a.js.map', 'unreadable-map b.js.map', 'unreadable-map c.js.map', 'unreadable-map d.js.map', 'unreadable-map e.js.map', 'unreadable-map f.js.map.gz'])
    expect(report.findings.map((finding: { message: string }) => /a JSON (\w+), not a source map object/.exec(finding.message)?.[1])).toEqual(['null', 'number', 'string', 'boolean', 'array', 'null'])
    expect(run.code).toBe(1)
  })
})

describe('damaged gzip that still starts as JSON fails closed, whatever the name', () => {
  const lines = { ...map, sourcesContent: [Array.from({ length: 200 }, (_, i) => `export const line${i} = ${i}`).join('\n')] }
  const gzipped = gzipSync(JSON.stringify(lines))

  it('trailing garbage, a wrong checksum, a cut-off end', () => {
    const badCrc = Buffer.from(gzipped)
    badCrc[badCrc.length - 5] = (badCrc[badCrc.length - 5] as number) ^ 0xff
    const { run, report } = scan({
      trailing: Buffer.concat([gzipped, Buffer.from('garbage!')]),
      crc: badCrc,
      truncated: gzipped.subarray(0, Math.floor(gzipped.length * 0.8)),
    })
    expect(findingKeys(report)).toEqual(['unreadable-map crc', 'unreadable-map trailing', 'unreadable-map truncated'])
    expect(run.code).toBe(1)
  })

  it('damaged gzip of something that is not JSON stays an asset', () => {
    const { run, report } = scan({ 'photo.bin': gzipSync(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256))).subarray(0, 2000) })
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })
})

describe('index map sections that hold their map as a string', () => {
  const section = (embedded: string) => JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: embedded }] })

  it('a string that does not parse fails closed, small (parsed whole) or large (read in pieces)', () => {
    const broken = mapText.slice(0, -1)
    const large = section(JSON.stringify({ ...map, mappings: 'AAAA;'.repeat(300_000) }).slice(0, -1))
    const { run, report } = scan({ 'small.js.map': section(broken), 'prefixed.js.map': section(`)]}'\n${mapText}`), 'large.js.map': large }, '--allow-maps')
    expect(large.length).toBeGreaterThan(1024 * 1024)
    expect(findingKeys(report)).toEqual(['unreadable-map large.js.map', 'unreadable-map prefixed.js.map', 'unreadable-map small.js.map'])
    expect(report.findings[0].message).toMatch(/section holds its map as a string that is not JSON/)
    expect(run.code).toBe(1)
  })

  it('a string that parses is judged as the map it holds', () => {
    const { report } = scan({ 'app.js.map': section(mapText) }, '--allow-maps')
    expect(findingKeys(report)).toEqual(['sources-content app.js.map'])
  })
})

describe('inputs that once broke the judgement', () => {
  it('a map with 130,000 sources is judged, not a stack overflow', () => {
    const sources = Array.from({ length: 130_000 }, (_, i) => `src/module${i}.ts`)
    const { run, report } = scan({ 'app.js.map': JSON.stringify({ version: 3, mappings: '', sources }) }, '--allow-maps')
    expect(report.findings).toEqual([])
    expect(report.files[0].modules).toHaveLength(130_000)
    expect(run.code).toBe(0)
  })

  it('JSON lines whose keys are written with \\u escapes (ensure_ascii) are data, not a broken map', () => {
    const { run, report } = scan({ 'events.json': '{"n\\u00e4me":"a"}\n{"n\\u00e4me":"b"}\n' })
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it('broken JSON whose escaped keys spell two of a map\'s keys is still a broken map', () => {
    const { run, report } = scan({ 'data.json': '{"\\u006dappings":"AAAA","sources\\u0043ontent":["export const secret = 1"]' })
    expect(findingKeys(report)).toEqual(['unreadable-map data.json'])
    expect(run.code).toBe(1)
  })
})

describe('maps inside data URLs that are no sourceMappingURL comment (assets a bundler inlined)', () => {
  const base64Map = Buffer.from(mapText).toString('base64')
  const scriptWithMap = Buffer.from(`console.log(1)\n${inlineComment}\n`).toString('base64')

  it('a map, or a script carrying one, inlined into JS, CSS or HTML is refused', () => {
    const { run, report } = scan({
      'app.js': `const a = 1\nconst mapUrl = "data:application/json;base64,${base64Map}"\n`,
      'worklet.js': `new Worker('data:text/javascript;base64,${scriptWithMap}')\n`,
      'percent.js': `const u = 'data:application/json,${encodeURIComponent(mapText)}'\n`,
      'raw.js': `const u = 'data:application/json,${mapText}'\n`,
      'style.css': `a{background:url(data:application/json;base64,${base64Map})}\n`,
      'index.html': `<!doctype html>\n<script src="data:text/javascript;base64,${scriptWithMap}"></script>\n`,
    })
    expect(findingKeys(report)).toEqual([
      'inline-map app.js:2', 'inline-map index.html:2', 'inline-map percent.js:1', 'inline-map raw.js:1', 'inline-map style.css:1', 'inline-map worklet.js:1',
      'sources-content app.js:2', 'sources-content index.html:2', 'sources-content percent.js:1', 'sources-content raw.js:1', 'sources-content style.css:1', 'sources-content worklet.js:1',
    ])
    expect(report.findings.find((finding: { rule: string }) => finding.rule === 'inline-map').fix).toMatch(/stop importing the map/)
    expect(run.code).toBe(1)
  })

  it('however the URL is spelled: escaped or percent-encoded raw JSON, DATA: in capitals, an SVG with a script, UTF-16, white space before the map, a long media type', () => {
    const utf16Map = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(mapText, 'utf16le')]).toString('base64')
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>x()\n${inlineComment}\n</script></svg>`).toString('base64')
    const { run, report } = scan({
      'escaped.js': `const u = ${JSON.stringify(`data:application/json,${mapText}`)}\n`,
      'encoded-quotes.js': `const u = ${JSON.stringify(`data:application/json,${mapText.replaceAll('"', '%22')}`)}\n`,
      'capitals.js': `const u = "DATA:application/json;base64,${base64Map}"\n`,
      'icon.css': `a{background:url(data:image/svg+xml;base64,${svg})}\n`,
      'utf16.js': `const u = "data:application/json;base64,${utf16Map}"\n`,
      'padded.js': `const u = "data:application/json;base64,${Buffer.from(' '.repeat(40) + mapText).toString('base64')}"\n`,
      'long-type.js': `const u = "data:application/json;${'name=value;'.repeat(30)}base64,${base64Map}"\n`,
      'spaced.js': `const u = "data:application/json;base64, ${base64Map}"\n`,
    })
    const files = ['capitals.js', 'encoded-quotes.js', 'escaped.js', 'icon.css', 'long-type.js', 'padded.js', 'spaced.js', 'utf16.js']
    expect(findingKeys(report).filter((key: string) => key.startsWith('sources-content'))).toEqual(files.map((file) => `sources-content ${file}:1`))
    expect(run.code).toBe(1)
  })

  it('a URL read whole does not hide the next one: after an SVG in CSS, inside an eval string, later in one literal; quotes and parentheses in the media type', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')
    const module = `var font = "data:application/font-woff;base64,d09GRgABAAA=";\nvar m = "data:application/json;base64,${base64Map}";\n`
    const { report } = scan({
      'icons.css': `.a{background:url(data:image/svg+xml;base64,${svg})}.b{background:url(data:application/json;base64,${base64Map})}\n`,
      'eval.js': `eval(${JSON.stringify(module)});\n`,
      'two.js': `var u = "data:text/plain,hi data:application/json;base64,${base64Map}";\n`,
      'charset.js': `var u = 'data:application/json;charset="utf-8";base64,${base64Map}';\n`,
      'paren.js': `var u = 'data:application/json;name=app(1).js.map;base64,${base64Map}';\n`,
    })
    expect(findingKeys(report).filter((key: string) => key.startsWith('sources-content'))).toEqual(['charset.js:1', 'eval.js:1', 'icons.css:1', 'paren.js:1', 'two.js:1'].map((key) => `sources-content ${key}`))
  })

  it('a map inside an inlined script or page is reported once; two URLs that carry the same map twice', () => {
    const { report } = scan({
      'comment.js': `var u = ${JSON.stringify(`data:text/javascript,x()\n${inlineComment}`)};\n`,
      'page.js': `var s = \`data:text/html,<p>\n<script src="data:application/json;base64,${base64Map}"></script>\`;\n`,
      'twice.js': `var a = "data:application/json;base64,${base64Map}", b = "data:application/json;base64,${base64Map}";\n`,
    })
    expect(findingKeys(report)).toEqual(['inline-map comment.js:1', 'inline-map page.js:2', 'inline-map twice.js:1', 'inline-map twice.js:1', 'sources-content comment.js:1', 'sources-content page.js:2', 'sources-content twice.js:1', 'sources-content twice.js:1'])
  })

  it('a comment with spaces around its equals sign is one map; two different maps with equal facts are two', () => {
    const otherText = Buffer.from(JSON.stringify({ ...map, sourcesContent: ['export const other = 2\n'] })).toString('base64')
    const script = Buffer.from(`x()\n${inlineComment}\n`).toString('base64')
    const { report } = scan({
      'spaced.js': `x();\n//# sourceMappingURL=${' '.repeat(30)}data:application/json;base64,${base64Map}\n`,
      'two.js': `var a = "data:application/json;base64,${otherText}";\nx();\nvar s = "data:text/javascript;base64,${script}";\n`,
    })
    expect(findingKeys(report).filter((key: string) => key.startsWith('sources-content'))).toEqual(['sources-content spaced.js:2', 'sources-content two.js:1', 'sources-content two.js:3'])
  })

  it('CSS url()s of JSON that is no map before a raw map do not keep it from being read', () => {
    const { report } = scan({ 'a.css': `${'.a{b:url(data:application/json,%7B)}'.repeat(40)}\n/* data:application/json,${mapText} */\n` })
    expect(findingKeys(report)).toContain('sources-content a.css:2')
  })

  it('raw JSON after a quote that opens no string, and raw JSON in a map comment that breaks the grammar, still count', () => {
    const broken = mapText.replace('"names":[]', '"names":[],')
    const { report } = scan({
      'see.js': `// see "data:application/json,${mapText}"\nx()\n`,
      'page.html': `<pre>"data:application/json,${mapText}"</pre>\n`,
      'eval.js': `eval('x()\\n//# sourceMappingURL=data:application/json,${mapText.replaceAll('\\', '\\\\')}\\n')\n`,
      'comma.js': `x()\n//# sourceMappingURL=data:application/json,${broken}\n`,
    })
    expect(findingKeys(report)).toEqual(['inline-map eval.js:1', 'inline-map page.html:1', 'inline-map see.js:1', 'sources-content eval.js:1', 'sources-content page.html:1', 'sources-content see.js:1', 'unreadable-map comma.js:2'])
  })

  it('raw JSON that is no JSON early on a line does not stop a raw map later on it from being read', () => {
    const { report } = scan({ 'app.js': `var a="e.g. data:application/json,{\\"a\\":1}";${'var q=1;'.repeat(200)}/* data:application/json,${mapText} */\n` })
    expect(findingKeys(report)).toEqual(['inline-map app.js:1', 'sources-content app.js:1'])
  })

  it('data URLs of images, fonts and JSON that is no map, and code with data: keys, pass', () => {
    const { run, report } = scan({
      'app.js': `const x={data:e,b:1};const i='data:image/png;base64,iVBORw0KGgo=';const j='data:application/json,%7B%22a%22%3A1%7D';const k="data:application/json;base64,${Buffer.from('{"sources":[1]}').toString('base64')}"\n`,
      'style.css': `@font-face{src:url(data:font/woff2;base64,d09GMgABAAAAA)}\n`,
    })
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })
})

describe('maps inside JSON data that is no map itself', () => {
  const bare = { version: 3, sources: ['../src/app.ts'], mappings: 'AAAA', names: [] }

  it("a build cache's { code, map }, a list of maps, a map kept as a JSON string: their source text is refused", () => {
    const { run, report } = scan({
      'cache/1f3a.json': JSON.stringify({ code: 'export const a = 1', map }, null, 2),
      'maps.json': JSON.stringify([bare, map]),
      'record.json': JSON.stringify({ file: 'app.js', map: mapText }),
    })
    expect(findingKeys(report)).toEqual(['sources-content cache/1f3a.json:8', 'sources-content maps.json:1', 'sources-content record.json:1'])
    expect(report.findings[0].message).toMatch(/^a source map inside JSON data carrying the source text of 1 of 1 module/)
    expect(report.findings[0].fix).toMatch(/keep this file out of the output/)
    expect(run.code).toBe(1)
  })

  it('each map is reported on the line of its own sourcesContent, past maps and data without source text, and maps kept as strings', () => {
    const empty = { ...bare, sourcesContent: [null] }
    const { report } = scan({
      'cache.json': JSON.stringify({ a: empty, note: { sourcesContent: 'a field of its own' }, b: map }, null, 2),
      'strings.json': `{\n"a": ${JSON.stringify(JSON.stringify(empty))},\n"b": ${JSON.stringify(JSON.stringify(map))}\n}`,
    })
    expect(findingKeys(report)).toEqual(['sources-content cache.json:21', 'sources-content strings.json:3'])
  })

  it('a JSON Schema of a map, which describes sourcesContent and mappings with objects, passes, at the root or inside data', () => {
    const fields = { sourcesContent: { type: 'array', items: { type: ['string', 'null'] } }, mappings: { type: 'string' } }
    const { run, report } = scan({ 'schema.json': JSON.stringify({ properties: fields }), 'fields.json': JSON.stringify(fields) })
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it('code kept with its inline map, and a map kept as a data URL, inside JSON data: refused as maps inside JSON data, not as inline maps', () => {
    const base64 = Buffer.from(mapText).toString('base64')
    const { run, report } = scan({
      'cache.json': JSON.stringify({ id: 'app', code: `export const a = 1\n//# sourceMappingURL=data:application/json;base64,${base64}\n` }, null, 2),
      'record.json': JSON.stringify({ file: 'app.js', map: `data:application/json;charset=utf-8,${encodeURIComponent(mapText)}` }),
    })
    expect(findingKeys(report)).toEqual(['sources-content cache.json:3', 'sources-content record.json:1'])
    expect(report.findings.every((finding: { message: string }) => finding.message.startsWith('a source map inside JSON data carrying the source text of 1 of 1 module'))).toBe(true)
    expect(run.code).toBe(1)
  })

  it('JSON data with data URLs that hold no map (an icon, JSON, a snippet that writes a link) passes', () => {
    const snippet = '//# sourceMappingURL=data:application/json;base64,${1}'
    const { run, report } = scan({ 'manifest.json': JSON.stringify({ icon: 'data:image/png;base64,iVBORw0KGgo=', data: `data:application/json;base64,${Buffer.from('{"a":1}').toString('base64')}`, snippet }) })
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it('maps without source text inside data, and data with a sourcesContent field of its own, pass', () => {
    const { run, report } = scan({ 'maps.json': JSON.stringify({ maps: [bare] }), 'data.json': JSON.stringify({ sourcesContent: ['not a map'], rows: [1, 2] }) })
    expect(report.findings).toEqual([])
    expect(run.code).toBe(0)
  })
})

it('broken JSON with a stray quote before keys spelled with escapes is still a broken map', () => {
  const { run, report } = scan({ 'data.json': '{"x":"a"b","\\u0073ources":["a.ts"],"\\u0073ourcesContent":["secret code"],"\\u006dappings":"AAAA"}' })
  expect(findingKeys(report)).toEqual(['unreadable-map data.json'])
  expect(run.code).toBe(1)
})

it('a map inside JSON data whose sourcesContent key is spelled with escapes is found too', () => {
  const escaped = JSON.stringify({ cached: map }).replace('"sourcesContent"', '"sources\\u0043ontent"')
  const { report } = scan({ 'cache.json': escaped })
  expect(findingKeys(report)).toEqual(['sources-content cache.json:1'])
})
