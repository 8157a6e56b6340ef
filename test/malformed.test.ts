import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasStackTrace, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

/** Exit 2, one line on stderr that names what was wrong, nothing on stdout, no stack. */
function expectInputError(run: ReturnType<typeof runCli>, pattern: RegExp) {
  expect(run.code).toBe(2)
  expect(run.stdout).toBe('')
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(run.stderr.trimEnd()).toMatch(pattern)
  expect(hasStackTrace(run.stderr)).toBe(false)
}

describe('input shipguard cannot read exits 2 with one line naming it', () => {
  it('a missing folder', () => {
    const cwd = tempDir()
    expectInputError(runCli(['scan', 'dist'], { cwd }), /^shipguard: dist: no such folder; build first/)
  })

  it('a file where a folder was expected', () => {
    const cwd = tempDir({ 'dist.zip': 'x' })
    expectInputError(runCli(['scan', 'dist.zip'], { cwd }), /^shipguard: dist\.zip is a file, not a folder/)
  })

  it('a symbolic link loop back to a parent folder', () => {
    const cwd = tempDir({ 'dist/assets/app.js': 'x()\n' })
    symlinkSync('..', join(cwd, 'dist/assets/up'))
    expectInputError(runCli(['scan', 'dist'], { cwd }), /^shipguard: dist\/assets\/up: symbolic link loop .*remove the link/)
  })

  it('a loop closed by two links, each to the folder that holds the other', () => {
    const cwd = tempDir({ 'dist/a/app.js': 'x()\n', 'dist/b/lib.js': 'y()\n' })
    symlinkSync('../b', join(cwd, 'dist/a/to-b'))
    symlinkSync('../a', join(cwd, 'dist/b/to-a'))
    expectInputError(runCli(['scan', 'dist'], { cwd }), /^shipguard: dist\/a\/to-b\/to-a: symbolic link loop .*remove the link/)
  })

  it('a symbolic link that points at itself', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    symlinkSync('self.js.map', join(cwd, 'dist/self.js.map'))
    expectInputError(runCli(['scan', 'dist'], { cwd }), /^shipguard: dist\/self\.js\.map: symbolic link loop; remove the link/)
  })

  it('a broken symbolic link', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    symlinkSync('../build/app.js.map', join(cwd, 'dist/app.js.map'))
    expectInputError(runCli(['scan', 'dist'], { cwd }), /^shipguard: dist\/app\.js\.map: broken symbolic link/)
  })

  it('a named pipe, which would block a reader forever', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    execFileSync('mkfifo', [join(cwd, 'dist/app.js.map')])
    expectInputError(runCli(['scan', 'dist'], { cwd }), /^shipguard: dist\/app\.js\.map: a named pipe; remove it from the output/)
  })

  // Root reads files whatever their mode: the CLI runs unprivileged so that the mode applies.
  // Where the checkout itself is closed to other users, that cannot work, and these say so.
  const unprivilegedWorks = runCli(['--version'], { unprivileged: true }).code === 0
  it.runIf(unprivilegedWorks)('a file without read permission', () => {
    const cwd = tempDir({ 'dist/app.js.map': '{}', 'dist/app.js': 'x()\n' })
    chmodSync(cwd, 0o755)
    chmodSync(join(cwd, 'dist/app.js.map'), 0)
    expectInputError(runCli(['scan', 'dist'], { cwd, unprivileged: true }), /^shipguard: cannot read dist\/app\.js\.map: permission denied/)
  })

  it.runIf(unprivilegedWorks)('a folder without read permission', () => {
    const cwd = tempDir({ 'dist/private/app.js.map': '{}' })
    chmodSync(cwd, 0o755)
    chmodSync(join(cwd, 'dist/private'), 0)
    expectInputError(runCli(['scan', 'dist'], { cwd, unprivileged: true }), /^shipguard: dist\/private: permission denied/)
  })

  it('links to folders outside the output are followed, not refused', () => {
    const cwd = tempDir({ 'shared/app.js.map': JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'], mappings: 'AAAA' }), 'dist/index.js': 'x()\n' })
    mkdirSync(join(cwd, 'dist/sub'))
    symlinkSync('../../shared', join(cwd, 'dist/sub/shared'))
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).findings.map((finding: { file: string }) => finding.file)).toContain('sub/shared/app.js.map')
  })
})

describe('wrong arguments exit 2 with one line and a pointer to --help', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no command', [], /^Usage: shipguard/],
    ['an unknown command', ['publish'], /^shipguard: unknown command 'publish'; run shipguard --help$/],
    ['scan without a folder', ['scan'], /^shipguard scan: which folder\?/],
    ['scan with two folders', ['scan', 'a', 'b'], /^shipguard scan: one folder at a time, got a, b/],
    ['an unknown option', ['scan', 'dist', '--strict'], /^shipguard scan: unknown option --strict; run shipguard --help$/],
    ['an option without its value', ['scan', 'dist', '--manifest'], /^shipguard scan: --manifest needs a value; run shipguard --help$/],
    ['a value given to a flag', ['scan', 'dist', '--json=1'], /^shipguard scan: --json takes no value; write --json alone; run shipguard --help$/],
    ['an empty --allow glob', ['scan', 'dist', '--allow', ''], /^shipguard scan: --allow needs a glob/],
    ['a --forbid glob that matches nothing for a brace left open', ['scan', 'dist', '--forbid', '**/*.{key,p12'], /^shipguard scan: --forbid '\*\*\/\*\.\{key,p12' has a \{ that is never closed; close it with \}, or escape it as \\\{; run shipguard --help$/],
    ['an --allow glob with a bracket left open', ['pack', '.', '--allow', 'vendor/[ab'], /^shipguard pack: --allow 'vendor\/\[ab' has a \[ that is never closed/],
    ['an option value that starts with a dash', ['scan', 'dist', '--manifest', '-h'], /^shipguard scan: --manifest needs a value; for one that starts with a dash, write --manifest=<value>; run shipguard --help$/],
  ]
  for (const [name, args, pattern] of cases) {
    it(name, () => {
      const run = runCli(args, { cwd: tempDir() })
      expect(run.code).toBe(2)
      expect(run.stdout).toBe('')
      expect(run.stderr.trimEnd()).toMatch(pattern)
      expect(hasStackTrace(run.stderr)).toBe(false)
    })
  }

  it('--help and --version exit 0 on stdout', () => {
    expect(runCli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: shipguard <command>/) })
    expect(runCli(['scan', '--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/scan <dir>/) })
    expect(runCli(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) })
  })
})

describe('pathological inputs finish in linear time', () => {
  // Each of these took a minute or more before the scanner stopped re-reading what it had read.
  const cases: Record<string, string> = {
    'a needle on every few bytes with no whitespace': '//# sourceMappingURL=data:,x'.repeat(100_000),
    'data URLs that never reach a comma': 'sourceMappingURL=data:'.repeat(400_000),
    'percent-encoded payloads cut by a quote, all on one line': 'f("//# sourceMappingURL=data:application/json,"+x%2);'.repeat(100_000),
    'raw JSON payloads that never close': '//# sourceMappingURL=data:application/json,{'.repeat(60_000),
    'inlined raw JSON data URLs that never close, one per line': "u('data:application/json,{')\n".repeat(80_000),
    'data: without a comma, in both cases': 'data:DATA:'.repeat(200_000),
    'data: run into data: up to a comma': `${'data:'.repeat(800)},`.repeat(1000),
    'string literals of raw JSON that never close': '`data:,{'.repeat(500_000),
    'raw JSON URLs in one long line of single-quoted literals': "'data:application/json,{',".repeat(200_000),
    'a media type of many empty parameters and an encoded comma': `var u = "data:a/b${'; '.repeat(40)}%2C,{}";\n`.repeat(1000),
    'raw JSON after unquoted data URLs, never closed': 'data:,{"'.repeat(500_000),
    // Text data URLs are decoded for secrets, and each decodes to more data URLs.
    'base64 text data URLs that decode to data URLs': `"data:;base64,${Buffer.from('data:;base64,'.repeat(8)).toString('base64')}" `.repeat(30_000),
  }
  for (const [name, content] of Object.entries(cases)) {
    it(name, { timeout: 20_000 }, () => {
      const run = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/bundle.js': content }) })
      expect(run.code).toBe(0)
      expect(JSON.parse(run.stdout).findings.filter((finding: { severity: string }) => finding.severity === 'error')).toEqual([])
    })
  }
})

it('JSON data full of \\u escapes (written with ensure_ascii) is read in linear time', { timeout: 5_000 }, () => {
  const values = Array.from({ length: 2000 }, (_, index) => `"k${index}": "${'\\u00e4'.repeat(100)}"`).join(', ')
  const run = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/data.json': `{"head": "${'\\u00e4'.repeat(40_000)}", ${values}, "sources\\u0043ontent": ""}` }) })
  expect(run.code).toBe(0)
})

describe('--manifest that cannot be written', () => {
  it('exits 2 with one line naming the path', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n', 'reports/scan.json/keep': '' })
    expectInputError(runCli(['scan', 'dist', '--manifest', 'reports/scan.json'], { cwd }), /^shipguard: cannot write the report to reports\/scan\.json: it is a folder$/)
  })
})

