import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import shipguardVite from 'shipguard/vite'
import { inProject } from './bundlers/adapters.ts'
import { hasStackTrace, runCli } from './support/cli.ts'
import { makeProject } from './support/project.ts'
import { tempDir, writeFiles } from './support/temp.ts'

const bare = (sources: string[]) => JSON.stringify({ version: 3, sources, mappings: 'AAAA', names: [] })

/** Two releases of one app, each judged by scan into a report. */
function twoReports() {
  const dir = tempDir({
    'v1/app.js': 'x()\n//# sourceMappingURL=app.js.map\n',
    'v1/app.js.map': bare(['src/app.ts', 'src/util.ts']),
    'v1/old.js': 'old()\n',
    'v2/app.js': 'x(2)\n//# sourceMappingURL=app.js.map\n',
    'v2/app.js.map': bare(['src/app.ts', 'src/internal/admin.ts']),
    'v2/chunk.js': 'c()\n//# sourceMappingURL=chunk.js.map\n',
    'v2/chunk.js.map': JSON.stringify({ version: 3, sources: ['src/chunk.ts'], sourcesContent: ['secret'], mappings: 'AAAA' }),
  })
  runCli(['scan', 'v1', '--allow-maps', '--manifest', 'old.json'], { cwd: dir })
  runCli(['scan', 'v2', '--allow-maps', '--manifest', 'new.json'], { cwd: dir })
  return dir
}

describe('shipguard diff', () => {
  it('reports files added, removed and changed, maps appearing, modules and new findings', () => {
    const cwd = twoReports()
    const run = runCli(['diff', 'old.json', 'new.json'], { cwd })
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        'shipguard diff old.json new.json',
        'files: 2 added, 1 removed, 2 changed',
        '  + chunk.js (38 B)',
        '  + chunk.js.map (86 B)',
        '  - old.js',
        '  ~ app.js (36 B → 37 B)',
        '  ~ app.js.map (81 B → 91 B)',
        'maps appearing: chunk.js, chunk.js.map',
        'modules: 2 added, 1 removed',
        '  + src/chunk.ts',
        '  + src/internal/admin.ts',
        '  - src/util.ts',
        '1 new finding:',
        '  ✖ sources-content chunk.js.map: a source map carrying the source text of 1 of 1 module in sourcesContent',
        '',
      ].join('\n'),
    )
  })

  it('--json gives the same as data', () => {
    const cwd = twoReports()
    const diff = JSON.parse(runCli(['diff', 'old.json', 'new.json', '--json'], { cwd }).stdout)
    expect(diff.files.added.map((file: { path: string }) => file.path)).toEqual(['chunk.js', 'chunk.js.map'])
    expect(diff.files.removed.map((file: { path: string }) => file.path)).toEqual(['old.js'])
    expect(diff.modules).toEqual({ added: ['src/chunk.ts', 'src/internal/admin.ts'], removed: ['src/util.ts'] })
    expect(diff.newFindings.map((finding: { rule: string; file: string }) => `${finding.rule} ${finding.file}`)).toEqual(['sources-content chunk.js.map'])
  })

  it('exits 1 only for the conditions --fail-on names', () => {
    const cwd = twoReports()
    expect(runCli(['diff', 'old.json', 'new.json', '--fail-on', 'new-modules'], { cwd }).code).toBe(1)
    expect(runCli(['diff', 'old.json', 'new.json', '--fail-on', 'new-files,findings'], { cwd }).code).toBe(1)
    expect(runCli(['diff', 'old.json', 'old.json', '--fail-on', 'new-files', '--fail-on', 'new-modules', '--fail-on', 'findings'], { cwd }).code).toBe(0)
  })

  it('rejects what is not a report, and bad flags, with one line and exit 2', () => {
    const cwd = twoReports()
    writeFiles(cwd, {
      'notes.txt': 'hello',
      'other.json': '{"files": []}',
      'holes.json': '{"schemaVersion": 1, "files": [null, 1], "findings": []}',
      'blank.json': '{"schemaVersion": 1, "files": [{}], "findings": [{}]}',
      'no-message.json': '{"schemaVersion": 1, "files": [], "findings": [{"rule": "public-map", "file": "a.js.map", "severity": "error"}]}',
    })
    const cases: Array<[string[], RegExp]> = [
      [['diff', 'old.json'], /^shipguard diff: it takes two reports/],
      [['diff', 'old.json', 'notes.txt'], /^shipguard: notes\.txt is not JSON/],
      [['diff', 'old.json', 'other.json'], /^shipguard: other\.json is not a shipguard report/],
      [['diff', 'old.json', 'missing.json'], /^shipguard: cannot read missing\.json/],
      [['diff', 'old.json', 'holes.json'], /^shipguard: holes\.json is not a shipguard report \(files\[0\] is not a file with path, bytes, sha256, kind, map and modules\)/],
      [['diff', 'blank.json', 'old.json'], /^shipguard: blank\.json is not a shipguard report \(files\[0\]/],
      [['diff', 'old.json', 'no-message.json'], /^shipguard: no-message\.json is not a shipguard report \(findings\[0\] is not a finding with rule, file, severity, message and fixed\)/],
      [['diff', 'old.json', 'new.json', '--fail-on', 'new-maps'], /^shipguard diff: --fail-on new-maps is not one of new-files, new-modules, findings/],
    ]
    for (const [args, pattern] of cases) {
      const run = runCli(args, { cwd })
      expect(run.code).toBe(2)
      expect(run.stderr.trimEnd()).toMatch(pattern)
      expect(hasStackTrace(run.stderr)).toBe(false)
    }
  })

  it('reads a report saved with a byte order mark', () => {
    const cwd = twoReports()
    writeFileSync(join(cwd, 'bom.json'), `\uFEFF${readFileSync(join(cwd, 'old.json'), 'utf8')}`)
    expect(runCli(['diff', 'old.json', 'bom.json', '--fail-on', 'new-files'], { cwd })).toMatchObject({ code: 0, stderr: '' })
  })

  it('compares a plugin manifest with a scan report of the same files', () => {
    const cwd = twoReports()
    writeFileSync(join(cwd, 'again.json'), runCli(['scan', 'v2', '--allow-maps', '--json'], { cwd }).stdout)
    const diff = JSON.parse(runCli(['diff', 'new.json', 'again.json', '--json'], { cwd }).stdout)
    expect(diff).toEqual({ files: { added: [], removed: [], changed: [] }, mapsAppearing: [], modules: { added: [], removed: [] }, newFindings: [] })
  })

  it('pairs a file renamed by its content hash with the file it was, in two real vite builds; a new chunk stays added', async () => {
    const root = makeProject('diff-vite-releases')
    const { build } = await import('vite')
    const release = async (manifest: string) =>
      inProject(root, undefined, () => build({ root, configFile: false, logLevel: 'silent', build: { sourcemap: 'hidden' }, plugins: [shipguardVite({ sourcemaps: 'hidden', manifest: { path: manifest } })] }))
    await release('v1.json')
    // The lazy chunk changes; a chunk no release had before appears.
    writeFiles(root, {
      'src/lazy.js': "export function describe(name) {\n  return `(${name.length} letters, changed)`\n}\n",
      'src/extra.js': 'export const extra = () => 42\n',
      'src/main.js': `${readFileSync(join(root, 'src/main.js'), 'utf8')}import('./extra.js').then((module) => console.log(module.extra()))\n`,
    })
    await release('v2.json')
    const diff = JSON.parse(runCli(['diff', 'v1.json', 'v2.json', '--json'], { cwd: root }).stdout)
    // Every changed file came from a file of the release before; only the new chunk and its map are new.
    expect(diff.files.added.map((file: { path: string }) => file.path.replace(/-[\w-]{8}\./, '-HASH.'))).toEqual(['assets/extra-HASH.js', 'assets/extra-HASH.js.map'])
    expect(diff.files.removed).toEqual([])
    const renamed = diff.files.changed.filter((file: { renamedFrom?: string }) => file.renamedFrom !== undefined)
    expect(renamed.map((file: { path: string }) => file.path.replace(/-[\w-]{8}\./, '-HASH.'))).toEqual(['assets/index-HASH.js', 'assets/index-HASH.js.map', 'assets/lazy-HASH.js', 'assets/lazy-HASH.js.map'])
    for (const file of renamed) expect(file.renamedFrom.replace(/-[\w-]{8}\./, '-HASH.')).toBe(file.path.replace(/-[\w-]{8}\./, '-HASH.'))
    expect(diff.mapsAppearing.map((path: string) => path.replace(/-[\w-]{8}\./, '-HASH.'))).toEqual(['assets/extra-HASH.js', 'assets/extra-HASH.js.map'])
    expect(runCli(['diff', 'v1.json', 'v2.json', '--fail-on', 'new-files'], { cwd: root }).code).toBe(1)
    expect(diff.modules.added).toEqual(['src/extra.js'])
    const text = runCli(['diff', 'v1.json', 'v2.json'], { cwd: root }).stdout
    expect(text).toMatch(/~ assets\/lazy-[\w-]{8}\.js \([\d.]+ k?B → [\d.]+ k?B, was assets\/lazy-[\w-]{8}\.js\)/)
  })

  it('takes a hash out only where it is one, and pairs only where one file on each side reads the same', () => {
    const file = (path: string) => ({ path, bytes: 1, sha256: path, kind: path.endsWith('.map') ? 'sourcemap' : 'script', map: 'none', modules: [] })
    const finding = (path: string) => ({ rule: 'map-link', file: path, severity: 'warning', message: 'links to a map on another host', fixed: false })
    const report = (paths: string[], warned: string[]) => JSON.stringify({ schemaVersion: 1, files: paths.map(file), findings: warned.map(finding) })
    const cwd = tempDir({
      'old.json': report(['main.3f2a9c1e5b7d0a4f6e8c.js', 'locale-ukrainian.js', 'locale-estonian.js', 'icons/brand-Facebook.svg', 'assets/route-about-us.js', 'Button-Bx9aK2Qa.js', 'Dialog-C3kq_2Lm.js', 'lib/vendor-D-x_7Zq1.js'], ['Button-Bx9aK2Qa.js']),
      'new.json': report(['main.a9e17c03d2b4f5e6a7b8.js', 'locale-norwegian.js', 'locale-romanian.js', 'icons/brand-LinkedIn.svg', 'assets/route-sign-out.js', 'Button-Q2kx9_Lm.js', 'Dialog-E5tr2-Pq.js', 'Dialog-F8uy3_Zw.js', 'lib/vendor-Z9y_8Wv3.js'], ['Button-Q2kx9_Lm.js', 'locale-norwegian.js']),
    })
    const diff = JSON.parse(runCli(['diff', 'old.json', 'new.json', '--json'], { cwd }).stdout)
    expect(diff.files.changed.map((each: { path: string; renamedFrom: string }) => `${each.renamedFrom} → ${each.path}`)).toEqual([
      'main.3f2a9c1e5b7d0a4f6e8c.js → main.a9e17c03d2b4f5e6a7b8.js',
      'Button-Bx9aK2Qa.js → Button-Q2kx9_Lm.js',
      'lib/vendor-D-x_7Zq1.js → lib/vendor-Z9y_8Wv3.js',
    ])
    // Two dialogs now where there was one: which is which cannot be told, so both are new and the old one is gone.
    expect(diff.files.added.map((each: { path: string }) => each.path)).toEqual(['locale-norwegian.js', 'locale-romanian.js', 'icons/brand-LinkedIn.svg', 'assets/route-sign-out.js', 'Dialog-E5tr2-Pq.js', 'Dialog-F8uy3_Zw.js'])
    expect(diff.files.removed.map((each: { path: string }) => each.path)).toEqual(['locale-ukrainian.js', 'locale-estonian.js', 'icons/brand-Facebook.svg', 'assets/route-about-us.js', 'Dialog-C3kq_2Lm.js'])
    // The renamed file's warning is the one it had; the new file's is new.
    expect(diff.newFindings.map((each: { file: string }) => each.file)).toEqual(['locale-norwegian.js'])
  })
})
