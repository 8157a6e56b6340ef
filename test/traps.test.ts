import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findingKeys, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const require = createRequire(import.meta.url)

/** A real file from an installed package, resolved through its package.json. */
function packageFile(name: string, path: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), path)
}

// Honest builds that a naive checker flags. A false alarm makes people switch the tool off.
describe('false-positive traps pass', () => {
  it("a real bundler's bundle whose code builds `sourceMappingURL=data:` comments", () => {
    const bundle = packageFile('vite', 'dist/node/chunks/node.js')
    expect(readFileSync(bundle, 'utf8')).toContain('sourceMappingURL=data:application/json')
    const cwd = tempDir()
    mkdirSync(join(cwd, 'dist'))
    copyFileSync(bundle, join(cwd, 'dist/node.js'))
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(JSON.parse(run.stdout).findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it("a real compiler's 9 MB bundle that emits sourceMappingURL comments (its own trailing link dangles: a warning only)", () => {
    const bundle = packageFile('typescript', 'lib/typescript.js')
    const cwd = tempDir()
    mkdirSync(join(cwd, 'dist'))
    copyFileSync(bundle, join(cwd, 'dist/typescript.js'))
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    const report = JSON.parse(run.stdout)
    expect(report.findings.filter((finding: { severity: string }) => finding.severity === 'error')).toEqual([])
    expect(report.summary.bytes).toBeGreaterThan(5_000_000)
    expect(run.code).toBe(0)
  })

  it("webpack's own source, bundled (its eval devtools build `eval(\"…\\n//# sourceURL=…\")` modules), and a compiler's code that evals strings naming a webpack:// URL (beside a module the devtool wrote)", async () => {
    const { build } = await import('esbuild')
    const cwd = tempDir()
    // As a tool that bundles webpack ships it: its devtool plugins are in there.
    for (const minify of [false, true]) {
      await build({ entryPoints: [packageFile('webpack', 'lib/index.js')], bundle: true, minify, platform: 'node', packages: 'external', outfile: join(cwd, `dist/webpack${minify ? '.min' : ''}.js`), logLevel: 'silent' })
    }
    expect(readFileSync(join(cwd, 'dist/webpack.js'), 'utf8')).toContain('//# sourceURL=[url]')
    writeFileSync(
      join(cwd, 'dist/runner.js'),
      [
        // A module runner that names what it evals: the URL goes on after the string, or code follows the comment.
        'export const run = (code, id) => eval(code + "\\n//# sourceURL=webpack://app/" + id + "?")',
        'export const check = () => eval("1\\n//# sourceURL=webpack://app/./check.js?\\n;2")',
        'export const doc = "eval(\\"x()\\\\n//# sourceURL=webpack://app/./src/x.js?\\")"',
      ].join('\n') + '\n',
    )
    // Beside them, to show the search ran: a module as the devtool writes it.
    writeFileSync(join(cwd, 'dist/module.js'), 'var __webpack_modules__={1(){eval("{// internal\\nx()\\n\\n//# sourceURL=webpack:///./src/x.js?\\n}")}}\n')
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['inline-map module.js:1'])
  })

  it('code that writes a link comment as text, last in its file, is no link (a webpack chunk, a template literal); a file name with a quote is', () => {
    const cwd = tempDir({
      'dist/chunk.js': '"use strict";(self.c=self.c||[]).push([[1],{2:(e,s,t)=>{t.d(s,{hello:()=>o});const o=e=>e+"\\n//# sourceMappingURL="+e}}]);',
      'dist/main.js': 'var e=`\n//# sourceMappingURL=`;console.log(e+location.hash)',
      'dist/template.js': 'export const link=u=>`\n//# sourceMappingURL=${u}`',
      'dist/whole.js': 'export const s=`\n//# sourceMappingURL=a.js.map`',
      // A file name may hold a quote, which bundlers write into the link as it is: a link all the same.
      "dist/it's.js": "x()\n//# sourceMappingURL=it's.js.map\n",
      "dist/it's.js.map": JSON.stringify({ version: 3, sources: ["../src/it's.ts"], mappings: 'AAAA', names: [] }),
      "dist/students'.js": "x()\n//# sourceMappingURL=students'.js.map\n",
      "dist/students'.js.map": JSON.stringify({ version: 3, sources: ["../src/students'.ts"], mappings: 'AAAA', names: [] }),
      // terser puts a literal left of a comparison.
      'dist/compare.js': 'export const isLink=e=>"//# sourceMappingURL=app.js.map"===e;',
    })
    const run = runCli(['scan', 'dist', '--json', '--allow-maps'], { cwd })
    const report = JSON.parse(run.stdout)
    expect(report.findings).toEqual([])
    expect(report.files.map((file: { path: string; map: string }) => `${file.path} ${file.map}`)).toEqual(['chunk.js none', 'compare.js none', "it's.js linked", "it's.js.map linked", 'main.js none', "students'.js linked", "students'.js.map linked", 'template.js none', 'whole.js none'])
    expect(run.code).toBe(0)
  })

  it('pages that mention a code coverage report, show its markup or sit in coverage/, without a source file shown whole (beside a page that shows one)', () => {
    const head = (title: string) => `<!doctype html>\n<html lang="en">\n<head>\n    <title>${title}</title>\n</head>\n`
    const cwd = tempDir({
      // Documentation about reading istanbul's report: its markup shown as text, a code sample prettified.
      'dist/docs/coverage.html': `${head('Code coverage report for src/app.ts')}<body><p>Each page of a Code coverage report for src/app.ts has a column of hits:</p><pre>&lt;td class="line-coverage quiet"&gt;</pre><pre class="prettyprint lang-ts">export const a: number = 1</pre></body></html>\n`,
      'dist/docs/guide.html': `${head('Reading a Code coverage report')}<body><table><tr><td class="line-coverage">1x</td><td><pre class="prettyprint lang-js">a()</pre></td></tr></table></body></html>\n`,
      // The report's summary pages list sources; a page for plain JavaScript shows what may be the package's own code.
      'dist/coverage/index.html': `${head('Code coverage report for All files')}<body><table class="coverage-summary"><tr><td class="file"><a href="src/app.ts.html">src/app.ts</a></td></tr></table></body></html>\n`,
      'dist/coverage/lib/util.js.html': `${head('Code coverage report for lib/util.js')}<pre><table class="coverage">\n<tr><td class="line-count quiet">1</td><td class="line-coverage quiet"><span class="cline-any cline-yes">1x</span></td><td class="text"><pre class="prettyprint lang-js">module.exports = 1</pre></td></tr>\n</table></pre>\n`,
      // Not a page: a note that quotes one.
      'dist/notes.md': `${head('Code coverage report for src/app.ts')}<td class="line-coverage quiet"></td><pre class="prettyprint lang-js">x</pre>\n`,
      // Beside them, to show the search ran: the page for a TypeScript file.
      'dist/coverage/src/app.ts.html': `${head('Code coverage report for src/app.ts')}<pre><table class="coverage">\n<tr><td class="line-count quiet">1</td><td class="line-coverage quiet"><span class="cline-any cline-yes">1x</span></td><td class="text"><pre class="prettyprint lang-js">export const a: number = 1</pre></td></tr>\n</table></pre>\n`,
    })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['source-file coverage/src/app.ts.html'])
  })

  it('binary files named *.map (a game level, an image)', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))
    const cwd = tempDir({ 'dist/level1.map': random, 'dist/tiles.map': png, 'dist/app.js': 'x()\n' })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    const report = JSON.parse(run.stdout)
    expect(report.findings).toEqual([])
    expect(report.files.map((file: { kind: string }) => file.kind)).toEqual(['script', 'asset', 'asset'])
    expect(run.code).toBe(0)
  })

  it('HLS video segments named .ts (MPEG transport streams); TypeScript that opens with the same byte is still source', () => {
    // Packets of 188 bytes behind the sync byte 0x47; the first is a PAT, whose header holds NUL bytes.
    const packet = (index: number) => Buffer.from([0x47, 0x40, 0x00, 0x10 | (index & 0x0f), ...Array.from({ length: 184 }, (_, i) => (i * 31 + index) % 256)])
    const segment = Buffer.concat(Array.from({ length: 20 }, (_, index) => packet(index)))
    const typescript = `G${'x'.repeat(187)}G${'y'.repeat(187)}G\nexport const a: number = 1\n`
    // A segment kept as a backup is video too; a backup of TypeScript is source.
    const run = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/video/seg0.ts': segment, 'dist/video/seg1.ts.bak': segment, 'dist/src/a.ts': typescript, 'dist/src/b.ts.orig': typescript }) })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['source-file src/a.ts', 'source-file src/b.ts.orig'])
  })

  it('M2TS video named .mts or .ts (AVCHD, Blu-ray: a 4-byte timestamp before each 188-byte packet); TypeScript named so is still source', () => {
    const packet = (index: number) => Buffer.from([0x00, 0x12, 0x34, index, 0x47, 0x40, 0x00, 0x10 | (index & 0x0f), ...Array.from({ length: 184 }, (_, i) => (i * 31 + index) % 256)])
    const clip = Buffer.concat(Array.from({ length: 20 }, (_, index) => packet(index)))
    const typescript = `/** ${'G'.repeat(400)} */\nexport const a: number = 1\n`
    // Short scripts whose fifth byte is a G, with a control byte (an escape sequence, a form feed) in them.
    const short = { 'dist/src/colors.mts': 'let G = "\x1b[0m"; export const reset: string = G\n', 'dist/src/page.ts': 'var G = 1\f\nexport const a: number = G\n' }
    const cwd = tempDir({ 'dist/video/00001.MTS': clip, 'dist/video/seg.ts': clip, 'dist/src/a.mts': typescript, ...short })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['source-file src/a.mts', 'source-file src/colors.mts', 'source-file src/page.ts'])
    expect(run.code).toBe(1)
  })

  it('Qt Linguist translations named .ts (XML) are no TypeScript; TypeScript that writes XML is still source', () => {
    const translation = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="de_DE">\n<context>\n    <name>MainWindow</name>\n    <message>\n        <source>Open</source>\n        <translation>Öffnen</translation>\n    </message>\n</context>\n</TS>\n'
    const typescript = 'export const feed: string = `<?xml version="1.0"?>\n<TS version="2.1"></TS>`\n'
    const run = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/i18n/app_de.ts': translation, 'dist/feed.ts': typescript }) })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['source-file feed.ts'])
    expect(run.code).toBe(1)
  })

  it("text maps that are no source maps (GNU ld's -Map, a console keymap) whose words include sections, sources and mappings", () => {
    const ldMap = [
      'Archive member included to satisfy reference by file (symbol)',
      '',
      'Discarded input sections',
      '',
      ' .text          0x0000000000000000        0x0 /home/ci/sources/firmware/build/main.o',
      ' .debug_sections',
      '                0x0000000000000000       0x1c /home/ci/sources/firmware/build/pins.o',
      '',
      'Memory Configuration',
      '',
      'Name             Origin             Length             Attributes',
      'FLASH            0x0000000008000000 0x0000000000100000 xr',
      'RAM              0x0000000020000000 0x0000000000020000 xrw',
      '*default*        0x0000000000000000 0xffffffffffffffff',
      '',
      'Linker script and memory map',
      '',
      'LOAD /home/ci/sources/firmware/build/main.o',
      '                [!provide]                        PROVIDE (__executable_start = SEGMENT_START ("text-segment", 0x8000000))',
      '.rodata         0x0000000008004000      0x120',
      ' .rodata.pin_mappings',
      '                0x0000000008004000       0x40 /home/ci/sources/firmware/build/pins.o',
      '                0x0000000008004000                pin_mappings',
      '.debug_info     0x0000000000000000     0x1a2f',
      ' *(.debug_info .gnu.linkonce.wi.*)',
      '',
    ].join('\n')
    const keymap = '# Console key mappings for a German layout; sources: kbd 2.6\nkeymaps 0-2,4-6,8-9,12\nkeycode   1 = Escape\n'
    const cwd = tempDir({ 'dist/firmware.map': ldMap, 'dist/keymaps/de.map': keymap, 'dist/app.js': 'x()\n' })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(JSON.parse(run.stdout).findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it("a minifier bundled into an app, whose code holds a map of nothing as a data URL (its bug report's template); one with sources there is still refused", () => {
    const empty = Buffer.from(JSON.stringify({ version: 3, sources: [], names: [], mappings: '' })).toString('base64')
    const carrying = Buffer.from(JSON.stringify({ version: 3, sources: [], names: [], mappings: '', sourcesContent: ['// LEAK-MARKER\n'] })).toString('base64')
    const minifier = `function report(code){code.push("//# sourceMappingURL=data:application/json;charset=utf-8;base64,${empty}");return code.join("\\n")}\nexport{report};\n`
    const honest = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/app.js': minifier }) })
    const report = JSON.parse(honest.stdout)
    expect(report.findings).toEqual([])
    expect(report.files.map((file: { path: string; map: string }) => `${file.path} ${file.map}`)).toEqual(['app.js none'])
    expect(honest.code).toBe(0)
    const leaking = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/app.js': minifier.replace(empty, carrying) }) })
    expect(findingKeys(JSON.parse(leaking.stdout))).toEqual(['inline-map app.js:1', 'sources-content app.js:1'])
    expect(leaking.code).toBe(1)
  })

  it('a declaration file whose map for editors is inline, as a library build writes a CommonJS re-export\'s types, is a declaration map: refused as one by default, passing with --allow-maps; with sources, or in code, still refused', () => {
    const declarationMap = (extra: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({ version: 3, file: 'index.cjs.d.ts', sourceRoot: '', sources: ['./declarations/src/index.d.ts'], names: [], mappings: 'AAAA', ...extra })).toString('base64')
    const withMap = (map: string) => `export * from "./declarations/src/index";\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}\n`
    const honest = { 'dist/index.cjs.d.ts': withMap(declarationMap()), 'dist/index.cjs.d.mts': withMap(declarationMap()), 'dist/declarations/src/index.d.ts': 'export declare const a: number;\n' }
    const allowed = runCli(['scan', 'dist', '--json', '--allow-maps'], { cwd: tempDir(honest) })
    expect(JSON.parse(allowed.stdout).findings).toEqual([])
    expect(allowed.code).toBe(0)
    const refused = runCli(['scan', 'dist', '--json'], { cwd: tempDir(honest) })
    const report = JSON.parse(refused.stdout)
    expect(findingKeys(report)).toEqual(['public-map index.cjs.d.mts:2', 'public-map index.cjs.d.ts:2'])
    expect(report.findings[0].message).toBe('a source map that would ship, embedded as a data URL in a declaration file')
    expect(refused.code).toBe(1)
    const carrying = declarationMap({ sourcesContent: ['export const a: number = 1 // LEAK-MARKER\n'] })
    const leaking = runCli(['scan', 'dist', '--json', '--allow-maps'], { cwd: tempDir({ 'dist/index.cjs.d.ts': withMap(carrying), 'dist/index.cjs.js': withMap(declarationMap()) }) })
    expect(findingKeys(JSON.parse(leaking.stdout))).toEqual(['inline-map index.cjs.js:2', 'sources-content index.cjs.d.ts:2'])
    expect(leaking.code).toBe(1)
  })

  it('JSON data with a version 3 and fields named as a map\'s (a search index template, a pipeline config) is no map; under a map\'s name it still is', () => {
    const data = {
      'dist/index-template.json': JSON.stringify({ index_patterns: ['logs-*'], version: 3, mappings: { properties: { message: { type: 'text' } } } }),
      'dist/settings.json': JSON.stringify({ version: 3, mappings: {}, sourcesContent: null }),
      'dist/pipeline.json': JSON.stringify({ version: 3, sources: { in: { type: 'file', include: ['/var/log/*.log'] } } }),
    }
    const run = runCli(['scan', 'dist', '--json'], { cwd: tempDir(data) })
    expect(JSON.parse(run.stdout).findings).toEqual([])
    expect(run.code).toBe(0)
    const named = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/app.js.map': data['dist/index-template.json'] }) })
    expect(findingKeys(JSON.parse(named.stdout))).toEqual(['public-map app.js.map'])
    expect(named.code).toBe(1)
  })
})
