import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasStackTrace, runCli } from './support/cli.ts'
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
})
