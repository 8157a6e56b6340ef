import { spawnSync } from 'node:child_process'
import { linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, findingKeys, hasStackTrace, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const leaky = {
  'dist/app.js': 'x()\n//# sourceMappingURL=app.js.map\n',
  'dist/app.js.map': JSON.stringify({ version: 3, sources: ['../src/app.ts'], sourcesContent: ['const secret = 1'], mappings: 'AAAA' }),
  'dist/old.js': 'y()\n//# sourceMappingURL=old.js.map\n',
}

describe('human output', () => {
  it('lists each finding under its rule with the fix said once, then one summary line', () => {
    const run = runCli(['scan', 'dist'], { cwd: tempDir(leaky) })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe(
      [
        '✖ error sources-content',
        '  dist/app.js.map: a source map carrying the source text of 1 of 1 module in sourcesContent',
        "  fix: build maps without sources: rollup/rolldown/vite output.sourcemapExcludeSources true, esbuild sourcesContent false, webpack/rspack devtool 'nosources-source-map'; or let a shipguard plugin strip them",
        '',
        '✖ error public-map',
        '  dist/app.js.map: a source map that would ship (linked from app.js)',
        '  fix: keep maps out of the release, or pass --allow-maps if maps without sources are meant to ship',
        '',
        '▲ warning map-link',
        '  dist/old.js:2: links to old.js.map, which is not in the output',
        '  fix: remove the sourceMappingURL comment (hidden source maps), or ship the map it names',
        '',
        'shipguard scan dist: fail: 2 errors, 1 warning in 3 files, 169 B, 1 map',
        '',
      ].join('\n'),
    )
  })

  it('says pass in one line for a clean build', () => {
    const run = runCli(['scan', 'dist'], { cwd: tempDir({ 'dist/index.html': '<!doctype html>\n', 'dist/app.js': 'x()\n' }) })
    expect(run).toMatchObject({ code: 0, stdout: 'shipguard scan dist: pass: 0 errors, 0 warnings in 2 files, 20 B, no maps\n' })
  })

  it('uses colour only when asked or on a terminal', () => {
    const cwd = tempDir(leaky)
    expect(runCli(['scan', 'dist'], { cwd }).stdout).not.toContain('\u001b[')
    expect(runCli(['scan', 'dist'], { cwd, env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[31m')
    expect(runCli(['scan', 'dist'], { cwd, env: { FORCE_COLOR: '0' } }).stdout).not.toContain('\u001b[')
    expect(runCli(['scan', 'dist'], { cwd, env: { FORCE_COLOR: 'false' } }).stdout).not.toContain('\u001b[')
  })

  it('prints GitHub Actions annotations when GITHUB_ACTIONS=true', () => {
    const run = runCli(['scan', 'dist'], { cwd: tempDir(leaky), env: { GITHUB_ACTIONS: 'true' } })
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'))
    expect(annotations).toEqual([
      expect.stringMatching(/^::error file=dist\/app\.js\.map,title=shipguard public-map::a source map that would ship/),
      expect.stringMatching(/^::error file=dist\/app\.js\.map,title=shipguard sources-content::a source map carrying .* Fix: build maps without sources/),
      expect.stringMatching(/^::warning file=dist\/old\.js,line=2,title=shipguard map-link::links to old\.js\.map/),
    ])
  })

  it('waives findings on --allow globs and counts them in the summary', () => {
    const run = runCli(['scan', 'dist', '--allow', '*.map', '--allow', 'old.js'], { cwd: tempDir(leaky) })
    expect(run).toMatchObject({ code: 0, stdout: 'shipguard scan dist: pass: 0 errors, 0 warnings, 3 allowed in 3 files, 169 B, 1 map\n' })
  })

  it('refuses a negated --allow or --forbid glob, which picomatch reads as every other path, not as an exception', () => {
    const cwd = tempDir({ ...leaky, 'dist/vendor/lib/v.js': 'v()\n', 'dist/vendor/secret/s.js.map': leaky['dist/app.js.map'] })
    const negation = "is a negation (a leading !): it matches every path the rest does not, not an exception to the other globs; negation is not supported, so list only the paths to match (\\! for a name that starts with !); run shipguard --help\n"
    // Taken as every path outside vendor/secret/, it waived the leak in dist/app.js.map and the scan passed.
    expect(runCli(['scan', 'dist', '--allow', 'vendor/**', '--allow', '!vendor/secret/**'], { cwd })).toMatchObject({ code: 2, stdout: '', stderr: `shipguard scan: --allow '!vendor/secret/**' ${negation}` })
    expect(runCli(['pack', '.', '--json', '--forbid', '!**/*.js'], { cwd })).toMatchObject({ code: 2, stdout: '', stderr: `shipguard pack: --forbid '!**/*.js' ${negation}` })
    // An extglob's !( ) is not a negation of the whole glob, nor an escaped !.
    const run = runCli(['scan', 'dist', '--json', '--allow', 'vendor/!(secret)/**', '--allow', '\\!vendor/**'], { cwd })
    expect(run.code).toBe(1)
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['map-link old.js:2', 'public-map app.js.map', 'public-map vendor/secret/s.js.map', 'sources-content app.js.map', 'sources-content vendor/secret/s.js.map'])
  })
})

describe('--json and --manifest', () => {
  it('will not write the report over a file it has just judged, in a folder or a package', () => {
    const cwd = tempDir({ 'dist/index.html': '<!doctype html>\n', 'pkg/package.json': '{"name": "pkg", "version": "1.0.0"}', 'pkg/index.js': 'x()\n' })
    expect(runCli(['scan', 'dist', '--manifest', 'dist/index.html'], { cwd })).toMatchObject({ code: 2, stderr: 'shipguard: --manifest dist/index.html is one of the files just judged; write the report outside what ships\n' })
    expect(readFileSync(join(cwd, 'dist/index.html'), 'utf8')).toBe('<!doctype html>\n')
    expect(runCli(['pack', 'pkg', '--manifest', 'pkg/index.js'], { cwd }).code).toBe(2)
    expect(readFileSync(join(cwd, 'pkg/index.js'), 'utf8')).toBe('x()\n')
    expect(runCli(['pack', 'pkg', '--manifest', 'pkg/report.json'], { cwd }).code).toBe(0)
  })

  it('will not write it over a judged file reached another way: a linked folder, a hard link', () => {
    const cwd = tempDir({ 'dist/a.js': 'console.log(1)\n' })
    symlinkSync('dist', join(cwd, 'distlink'))
    linkSync(join(cwd, 'dist/a.js'), join(cwd, 'hard.js'))
    for (const target of ['distlink/a.js', 'hard.js']) {
      expect(runCli(['scan', 'dist', '--manifest', target], { cwd })).toMatchObject({ code: 2, stderr: `shipguard: --manifest ${target} is one of the files just judged; write the report outside what ships\n` })
      expect(readFileSync(join(cwd, 'dist/a.js'), 'utf8')).toBe('console.log(1)\n')
    }
  })

  it('says why when the report\'s folder cannot be made, even where Node\'s own mkdir -p never returns (under /proc)', () => {
    const cwd = tempDir({ 'dist/a.js': 'console.log(1)\n' })
    expect(runCli(['scan', 'dist', '--manifest', '/proc/shipguard-none/report.json'], { cwd, timeoutMs: 10_000 })).toMatchObject({ code: 2, stderr: 'shipguard: cannot write the report to /proc/shipguard-none/report.json: its folder cannot be made there\n' })
    writeFileSync(join(cwd, 'taken'), '')
    expect(runCli(['scan', 'dist', '--manifest', 'taken/deeper/report.json'], { cwd })).toMatchObject({ code: 2, stderr: 'shipguard: cannot write the report to taken/deeper/report.json: a file stands where a folder of its path should be\n' })
    expect(runCli(['scan', 'dist', '--manifest', 'reports/a/b/report.json'], { cwd }).code).toBe(0)
    expect(JSON.parse(readFileSync(join(cwd, 'reports/a/b/report.json'), 'utf8'))).toMatchObject({ summary: { verdict: 'pass' } })
  })

  it('prints the report whatever the verdict, and --manifest writes the same bytes', () => {
    const cwd = tempDir(leaky)
    const run = runCli(['scan', 'dist', '--json', '--manifest', 'reports/scan.json'], { cwd })
    expect(run.code).toBe(1)
    expect(readFileSync(join(cwd, 'reports/scan.json'), 'utf8')).toBe(run.stdout)
    const report = JSON.parse(run.stdout)
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'shipguard' }, bundler: null, mode: 'production', policy: 'refuse', outDir: 'dist', withheld: [] })
    expect(report.files).toEqual([
      { path: 'app.js', bytes: 36, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'script', map: 'linked', modules: ['../src/app.ts'] },
      { path: 'app.js.map', bytes: 97, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'sourcemap', map: 'linked', modules: ['../src/app.ts'] },
      { path: 'old.js', bytes: 36, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'script', map: 'none', modules: [] },
    ])
    expect(report.summary).toEqual({ files: 3, bytes: 169, maps: 1, mapsWithSources: 1, errors: 2, warnings: 1, fixed: 0, allowed: 0, verdict: 'fail' })
  })

  it('is byte-identical across runs and independent of file creation order', () => {
    const a = tempDir(leaky)
    const reversed = Object.fromEntries(Object.entries(leaky).reverse())
    const b = tempDir(reversed)
    const first = runCli(['scan', 'dist', '--json'], { cwd: a }).stdout
    expect(runCli(['scan', 'dist', '--json'], { cwd: a }).stdout).toBe(first)
    expect(runCli(['scan', 'dist', '--json'], { cwd: b }).stdout).toBe(first)
  })

  it('records each file sha256 of the bytes on disk', async () => {
    const { createHash } = await import('node:crypto')
    const cwd = tempDir(leaky)
    const report = JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout)
    for (const file of report.files) {
      expect(file.sha256).toBe(createHash('sha256').update(readFileSync(join(cwd, 'dist', file.path))).digest('hex'))
    }
  })
})

describe('output that cannot be written', () => {
  // Enough files for a report larger than a pipe holds, so that the reader is gone before it is written.
  const manyFiles = (extra: Record<string, string> = {}) => tempDir({ ...Object.fromEntries(Array.from({ length: 1500 }, (_, index) => [`dist/chunk-${index}.js`, `x(${index})\n`])), ...extra })
  const piped = (cwd: string, args: string, reader: string) => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" ${args} 2>stderr.txt | ${reader} >/dev/null; echo \${PIPESTATUS[0]}`], { cwd, encoding: 'utf8' })
    return { code: Number(result.stdout.trim()), stderr: readFileSync(join(cwd, 'stderr.txt'), 'utf8') }
  }

  it.each([
    ['a clean build', {}, 0],
    ['a leaking build', leaky, 1],
  ] as const)('a reader that stops early (--json | head) gets no stack trace, and %s keeps its exit code', (_name, extra, code) => {
    const run = piped(manyFiles(extra), 'scan dist --json', 'head -c 1')
    expect(run).toEqual({ code, stderr: '' })
  })

  it('a full disk under the report is one line and exit 2', () => {
    const full = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" scan dist --json > /dev/full`], { cwd: manyFiles(), encoding: 'utf8' })
    expect(full.status).toBe(2)
    expect(full.stderr).toBe('shipguard: cannot write to standard output: the disk is full\n')
    expect(hasStackTrace(full.stderr)).toBe(false)
  })
})

describe('names that hold control characters', () => {
  const workflowCommand = 'n\n::error file=pwn.js::INJECTED'
  const map = JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'], mappings: 'AAAA' })

  it('print on one line each, escaped, so that no name starts a line of its own (or a CI workflow command)', () => {
    const cwd = tempDir({ [`dist/${workflowCommand}.js.map`]: map, [`dist/bell\u0007.js.map`]: map, [`dist/x\u202esj.map`]: map })
    const run = runCli(['scan', 'dist'], { cwd, env: { GITHUB_ACTIONS: 'true' } })
    expect(run.code).toBe(1)
    const lines = run.stdout.split('\n')
    expect(lines.filter((line) => line.startsWith('::')).every((line) => /^::error file=dist\/(n%0A%3A%3Aerror|bell\\u0007|x\\u202esj)/.test(line))).toBe(true)
    expect(lines).toContain('  dist/n\\n::error file=pwn.js::INJECTED.js.map: a source map that would ship (nothing links to it)')
    const report = lines.filter((line) => !line.startsWith('::')).join('\n')
    expect(report).not.toContain('\u0007')
    expect(report).toContain('dist/bell\\u0007.js.map')
    expect(report).toContain('dist/x\\u202esj.map')
    expect(run.stdout).not.toContain('\u202e')
  })

  it('print on one line in an error message', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    symlinkSync('missing.js', join(cwd, 'dist', workflowCommand))
    const run = runCli(['scan', 'dist'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('shipguard: dist/n\\n::error file=pwn.js::INJECTED: broken symbolic link; remove it, or build the file it points to\n')
  })
})

describe('names that are not UTF-8', () => {
  const named = (cwd: string, bytes: number[], content: string) => writeFileSync(Buffer.concat([Buffer.from(join(cwd, 'dist/a')), Buffer.from(bytes), Buffer.from('.js')]), content)
  const leakyMap = JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['const secret = 1'], mappings: 'AAAA' })

  it('are refused with the reason: the folder listing gives them a name they cannot be opened by', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    named(cwd, [0xff, 0xfe], leakyMap)
    const run = runCli(['scan', 'dist'], { cwd })
    expect(run).toMatchObject({ code: 2, stderr: 'shipguard: dist/a\uFFFD\uFFFD.js: its name is not valid UTF-8; rename it\n' })
  })

  it('are refused when another file lists under the same name, rather than judging that file twice', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    named(cwd, [0x85], leakyMap)
    named(cwd, [0xef, 0xbf, 0xbd], 'x()\n')
    const run = runCli(['scan', 'dist'], { cwd })
    expect(run).toMatchObject({ code: 2, stderr: 'shipguard: dist/a\uFFFD.js: its name is not valid UTF-8; rename it\n' })
  })
})

describe('help', () => {
  it('is asked for by -h as a flag of its own, not as the value of a flag or after --', () => {
    const cwd = tempDir(leaky)
    expect(runCli(['scan', 'dist', '-h'], { cwd })).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: shipguard') })
    expect(runCli(['scan', 'dist', '--manifest', '-h'], { cwd })).toMatchObject({ code: 2, stderr: 'shipguard scan: --manifest needs a value; for one that starts with a dash, write --manifest=<value>; run shipguard --help\n' })
    expect(runCli(['scan', 'dist', '--manifest=-h'], { cwd }).code).toBe(1)
    expect(JSON.parse(readFileSync(join(cwd, '-h'), 'utf8')).summary.verdict).toBe('fail')
    const afterDashes = runCli(['scan', '--', '-h'], { cwd: tempDir({ '-h/app.js.map': leaky['dist/app.js.map'] }) })
    expect(afterDashes.code).toBe(1)
    expect(afterDashes.stdout).toContain('shipguard scan -h: fail')
  })
})
