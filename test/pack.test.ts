import { execFileSync, spawnSync } from 'node:child_process'
import { linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { largeMapJson } from '../bench/generators.mjs'
import { findingKeys, hasStackTrace, runCli } from './support/cli.ts'
import { tempDir, writeFiles } from './support/temp.ts'

const withSources = JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export const secret = 1\n'], mappings: 'AAAA', names: [] })
const withoutSources = JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: 'AAAA', names: [] })
const declarationMap = JSON.stringify({ version: 3, file: 'index.d.ts', sourceRoot: '', sources: ['../src/index.ts'], names: [], mappings: 'AAAA' })
const pkg = (fields: Record<string, unknown>) => JSON.stringify({ version: '1.0.0', ...fields }, null, 2)

/** What npm itself would put in the tarball. */
function npmPackFiles(dir: string): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  return (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((file) => file.path).sort() ?? []
}

function packReport(dir: string, ...args: string[]) {
  const run = runCli(['pack', dir, '--json', ...args])
  expect(run.stderr).toBe('')
  return { run, report: JSON.parse(run.stdout) as { files: Array<{ path: string }>; findings: Array<{ rule: string; file: string }> } }
}

// Each folder is a package as an author would leave it before `npm publish`.
const packages: Record<string, Record<string, string>> = {
  'no files field': { 'package.json': pkg({ name: 'plain' }), 'index.js': 'x()\n', 'lib/util.js': 'y()\n', 'README.md': '# plain\n', '.DS_Store': 'junk', 'npm-debug.log': 'log' },
  'files with folders and globs': {
    'package.json': pkg({ name: 'files-field', files: ['dist', 'types/*.d.ts', 'CHANGELOG.md'] }),
    'dist/index.js': 'x()\n',
    'dist/deep/more.js': 'y()\n',
    'types/index.d.ts': 'export {}\n',
    'types/extra.ts': 'export {}\n',
    'src/index.ts': 'export {}\n',
    'CHANGELOG.md': '# changes\n',
    'LICENSE': 'MIT\n',
  },
  'files with a negation': { 'package.json': pkg({ name: 'negated', files: ['dist', '!dist/**/*.map'] }), 'dist/a.js': 'x()\n', 'dist/a.js.map': withSources, 'dist/sub/b.js.map': withSources },
  '.npmignore': { 'package.json': pkg({ name: 'npmignore' }), '.npmignore': 'src/\n*.map\ntest/\n', 'index.js': 'x()\n', 'index.js.map': withSources, 'src/index.ts': 'secret\n', 'test/a.test.js': 't()\n' },
  '.gitignore fallback': { 'package.json': pkg({ name: 'gitignore' }), '.gitignore': 'coverage/\n*.log\nsrc/\n', 'index.js': 'x()\n', 'coverage/lcov.info': 'data', 'src/index.ts': 'secret\n', 'build.log': 'log' },
  '.npmignore wins over .gitignore': { 'package.json': pkg({ name: 'both' }), '.gitignore': 'dist/\n', '.npmignore': 'src/\n', 'dist/index.js': 'x()\n', 'src/index.ts': 'secret\n' },
  'nested .npmignore': { 'package.json': pkg({ name: 'nested' }), 'lib/.npmignore': '*.map\nfixtures/\n', 'lib/a.js': 'x()\n', 'lib/a.js.map': withSources, 'lib/fixtures/f.json': '{}', 'lib/deeper/b.js': 'y()\n' },
  'bin outside files': { 'package.json': pkg({ name: 'with-bin', files: ['dist'], bin: { tool: './bin/tool.js' }, main: './main.js' }), 'bin/tool.js': '#!/usr/bin/env node\n', 'dist/index.js': 'x()\n', 'main.js': 'm()\n' },
  'scoped name': { 'package.json': pkg({ name: '@acme/scoped', files: ['dist'] }), 'dist/index.js': 'x()\n', 'dist/index.d.ts': 'export {}\n', 'dist/index.d.ts.map': declarationMap },
  'bundled dependencies': {
    'package.json': pkg({ name: 'bundler-of-deps', files: ['index.js'], dependencies: { 'tiny-dep': '1.0.0' }, bundleDependencies: ['tiny-dep'] }),
    'index.js': 'x()\n',
    'node_modules/tiny-dep/package.json': pkg({ name: 'tiny-dep', files: ['index.js', 'index.js.map'] }),
    'node_modules/tiny-dep/index.js': 'dep()\n//# sourceMappingURL=index.js.map\n',
    'node_modules/tiny-dep/index.js.map': withSources,
    'node_modules/tiny-dep/test.js': 't()\n',
  },
  // npm takes each character of a string for a path: it publishes b, i and l, not lib/.
  'files as a string': { 'package.json': pkg({ name: 'files-string', files: 'lib' }), 'lib/a.js': 'x()\n', b: 'b', i: 'i', l: 'l', 'other.js': 'o()\n' },
  'always excluded and always included': {
    'package.json': pkg({ name: 'always', files: ['lib'] }),
    'lib/a.js': 'x()\n',
    'lib/.npmrc': '//registry.npmjs.org/:_authToken=x',
    'lib/.git/HEAD': 'ref',
    'README.md': '# a\n',
    'LICENCE': 'MIT\n',
    'package-lock.json': '{}',
  },
  // npm-packlist lists a root entry starting with `@` as `./@…`; npm's tar strips that, and a drive from `x:`.
  'names tar rewrites': { 'package.json': pkg({ name: 'rewritten' }), 'index.js': 'x()\n', '@config/settings.json': '{}\n', '@notes.txt': 'n\n', 'x:notes.txt': 'x\n' },
}

describe('pack judges exactly the files npm publish would ship', () => {
  for (const [name, files] of Object.entries(packages)) {
    it(name, () => {
      const dir = tempDir(files)
      const expected = npmPackFiles(dir)
      expect(expected.length).toBeGreaterThan(0)
      const { report } = packReport(dir, '--allow-maps')
      expect(report.files.map((file) => file.path).sort()).toEqual(expected)
    })
  }
})

describe('pack verdicts', () => {
  it('a leak left out by files or .npmignore passes; the same leak included fails', () => {
    const excluded = tempDir({ 'package.json': pkg({ name: 'x', files: ['dist/*.js'] }), 'dist/a.js': 'x()\n', 'dist/a.js.map': withSources, 'src/a.ts': 'secret\n' })
    expect(packReport(excluded).run.code).toBe(0)
    const ignored = tempDir({ 'package.json': pkg({ name: 'y' }), '.npmignore': '*.map\nsrc\n', 'a.js': 'x()\n', 'a.js.map': withSources, 'src/a.ts': 'secret\n' })
    expect(packReport(ignored).run.code).toBe(0)
    const included = tempDir({ 'package.json': pkg({ name: 'z', files: ['dist'] }), 'dist/a.js': 'x()\n', 'dist/a.js.map': withSources })
    const { run, report } = packReport(included)
    expect(findingKeys(report)).toEqual(['public-map dist/a.js.map', 'sources-content dist/a.js.map'])
    expect(run.code).toBe(1)
  })

  it('a secret file judged by the name it ships under: under a root folder starting with @, and behind a drive', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'at' }), '@config/.env': 'API_KEY=1\n', 'x:.npmrc': 'x\n' })
    const { run, report } = packReport(dir)
    expect(findingKeys(report)).toEqual(['forbidden-file .npmrc', 'forbidden-file @config/.env'])
    expect(run.code).toBe(1)
  })

  it('.ts sources that ship fail; declaration files pass', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'ts' }), 'index.js': 'x()\n', 'index.d.ts': 'export {}\n', 'index.d.mts': 'export {}\n', 'schemas/options.d.json.ts': 'declare const schema: object\nexport = schema\n', 'src/index.ts': 'export const a = 1\n', 'src/data.json.ts': 'export default {}\n' })
    const { run, report } = packReport(dir)
    expect(findingKeys(report)).toEqual(['source-file src/data.json.ts', 'source-file src/index.ts'])
    expect(run.code).toBe(1)
  })

  it('a Svelte component library ships its .svelte components: they pass, as folder and as tarball, where the package says it is one; its .ts sources still fail', () => {
    const library = (fields: Record<string, unknown>) => ({
      'package.json': pkg({ name: 'buttons', type: 'module', files: ['dist'], peerDependencies: { svelte: '^5.0.0' }, ...fields }),
      'dist/Button.svelte': '<script>\n  export let label = "ok"\n</script>\n<button>{label}</button>\n',
      'dist/index.js': "export { default as Button } from './Button.svelte'\n",
      'dist/util.ts': 'export const twice = (n: number) => 2 * n\n',
    })
    for (const fields of [{ svelte: './dist/index.js' }, { exports: { '.': { types: './dist/index.d.ts', svelte: './dist/index.js' } } }]) {
      const dir = tempDir(library(fields))
      const { run, report } = packReport(dir)
      expect(findingKeys(report)).toEqual(['source-file dist/util.ts'])
      expect(run.code).toBe(1)
      execFileSync('npm', ['pack', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
      expect(findingKeys(packReport(join(dir, 'buttons-1.0.0.tgz')).report)).toEqual(['source-file dist/util.ts'])
    }
    // A bundled dependency's components are that package's own: its package.json, not the root's, would say so.
    const withDependency = { ...library({ svelte: './dist/index.js', bundleDependencies: ['widgets'], dependencies: { widgets: '1.0.0' } }), 'node_modules/widgets/package.json': pkg({ name: 'widgets' }), 'node_modules/widgets/src/Widget.svelte': '<script lang="ts">let n: number = 1</script>\n' }
    expect(findingKeys(packReport(tempDir(withDependency)).report)).toEqual(['source-file dist/util.ts', 'source-file node_modules/widgets/src/Widget.svelte'])
    // Without a word from its package.json a .svelte file is the app's source, copied where it should not be.
    expect(findingKeys(packReport(tempDir(library({ exports: { '.': './dist/index.js' } }))).report)).toEqual(['source-file dist/Button.svelte', 'source-file dist/util.ts'])
  })

  it('declaration maps are maps: refused by default, allowed by --allow-maps', () => {
    const dir = tempDir({ 'package.json': pkg({ name: '@acme/types', files: ['dist'] }), 'dist/index.d.ts': 'export {}\n//# sourceMappingURL=index.d.ts.map\n', 'dist/index.d.ts.map': declarationMap })
    expect(findingKeys(packReport(dir).report)).toEqual(['public-map dist/index.d.ts.map'])
    expect(packReport(dir).run.code).toBe(1)
    expect(packReport(dir, '--allow-maps').run.code).toBe(0)
  })

  it('a tarball whose unlinked 55 MB map carries sources fails, naming the map', () => {
    const dir = tempDir({ 'package.json': pkg({ name: '@acme/cli', bin: { acme: 'cli.js' }, files: ['cli.js', 'cli.js.map'] }), 'cli.js': '#!/usr/bin/env node\nconsole.log("acme")\n' })
    writeFileSync(join(dir, 'cli.js.map'), largeMapJson({ sources: 4200 }))
    execFileSync('npm', ['pack', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
    const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz')) as string
    const run = runCli(['pack', tarball], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`${tarball}/cli.js.map: a source map carrying the source text of 4,200 of 4,200 modules in sourcesContent`)
    expect(run.stdout).toContain(`${tarball}/cli.js.map: a source map that would ship (nothing links to it)`)
  })

  it('reads a tarball in memory: paths without package/, same files as the folder', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'same', files: ['lib'] }), 'lib/a.js': 'x()\n', 'lib/b.css': 'a{}\n' })
    execFileSync('npm', ['pack', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
    const fromTarball = packReport(join(dir, 'same-1.0.0.tgz')).report.files
    expect(fromTarball).toEqual(packReport(dir).report.files)
  })
})

it('pack judges a file npm packed as a hard link to another at its own path too, as extracting it puts it there', () => {
  // npm pack fails when the link would be the tarball's last entry: a file packed after it.
  const dir = tempDir({ 'package.json': pkg({ name: 'hardlinked' }), 'dist/a.js': 'x()\n', 'dist/a.js.map': withSources, 'config.txt': 'a\n' })
  linkSync(join(dir, 'dist/a.js.map'), join(dir, 'dist/copy.js.map'))
  const packed = tempDir({})
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packed], { cwd: dir, stdio: 'ignore' })
  const tarball = join(packed, 'hardlinked-1.0.0.tgz')
  expect(execFileSync('tar', ['tvzf', tarball], { encoding: 'utf8' })).toMatch(/package\/dist\/copy\.js\.map link to package\/dist\/a\.js\.map/)
  const fromTarball = packReport(tarball)
  expect(fromTarball.report.files).toEqual(packReport(dir).report.files)
  expect(findingKeys(fromTarball.report)).toContain('sources-content dist/copy.js.map')
})

/** A tar entry's header with its type flag changed, the checksum made right again. */
function retype(tar: Buffer, entryName: string, type: string): Buffer {
  return rewriteHeader(tar, entryName, (header) => header.write(type, 156, 'latin1'))
}

function rewriteHeader(tar: Buffer, entryName: string, change: (header: Buffer) => void): Buffer {
  const copy = Buffer.from(tar)
  for (let at = 0; at + 512 <= copy.length; at += 512) {
    if (copy.toString('latin1', at, at + 100).replace(/\0.*$/s, '') !== entryName) continue
    change(copy.subarray(at, at + 512))
    copy.fill(' ', at + 148, at + 156)
    let sum = 0
    for (let i = at; i < at + 512; i++) sum += copy[i] as number
    copy.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1')
    return copy
  }
  throw new Error(`no entry ${entryName}`)
}

it('pack refuses a tarball holding entries of kinds npm skips but GNU tar writes out as files (sparse, unknown)', () => {
  for (const type of ['Z', 'S']) {
    const dir = tempDir({ 'package/package.json': pkg({ name: 'odd' }), 'package/a.js.map': withSources })
    execFileSync('tar', ['cf', 'odd.tar', '--format=ustar', 'package/package.json', 'package/a.js.map'], { cwd: dir })
    writeFileSync(join(dir, 'odd.tgz'), gzipSync(retype(readFileSync(join(dir, 'odd.tar')), 'package/a.js.map', type)))
    const run = runCli(['pack', 'odd.tgz'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toMatch(/^shipguard: odd\.tgz holds package\/a\.js\.map as a tar entry of a kind npm skips \(\w+\) but other tools extract, which shipguard cannot judge; pack the package again with npm pack$/)
  }
})

it('pack names each tarball entry where installing puts it: the first folder stripped, `.`, empty segments and trailing slashes gone, a backslash a separator', () => {
  const dir = tempDir({ 'package/package.json': pkg({ name: 'spelled' }), 'package/index.js': 'x()\n', 'other/src/a.ts': 'export {}\n', 'package/b.ts': 'export {}\n', 'package/.env': 'A=1\n', 'package/.npmrc': 'x\n', 'package/prod.json': '{}\n' })
  // Spellings npm pack never writes, which tar's extraction still lands at a plain name.
  const entries = ['package/package.json', 'package/index.js', 'other/src/a.ts', 'package/b.ts', 'package/.env', 'package/.npmrc', 'package/prod.json']
  execFileSync('tar', ['cf', 'odd.tar', '--format=ustar', ...entries], { cwd: dir })
  let tar: Buffer = readFileSync(join(dir, 'odd.tar'))
  tar = rename(tar, 'package/b.ts', 'package/b.ts/.')
  tar = rename(tar, 'package/.env', 'package/./.env')
  tar = rename(tar, 'package/.npmrc', 'package\\.npmrc')
  tar = rename(tar, 'package/prod.json', 'package//config/prod.json')
  writeFileSync(join(dir, 'odd.tgz'), gzipSync(tar))
  const { report } = packReport(join(dir, 'odd.tgz'), '--allow', 'other/**', '--forbid', 'config/**')
  // other/src/a.ts lands as src/a.ts, which the allow glob written for other/ does not cover.
  expect(report.files.map((file: { path: string }) => file.path)).toEqual(['.env', '.npmrc', 'b.ts', 'config/prod.json', 'index.js', 'package.json', 'src/a.ts'])
  expect(findingKeys(report)).toEqual(['forbidden-file .env', 'forbidden-file .npmrc', 'forbidden-file config/prod.json', 'source-file b.ts', 'source-file src/a.ts'])
})

it('pack refuses a tarball holding a file outside a top folder, which npm skips but pnpm installs at the root', () => {
  const dir = tempDir({ 'package/package.json': pkg({ name: 'rooted' }), 'package/index.js': 'x()\n', 'leak.js.map': withSources, 'index.js': 'other()\n', 'other/leak.js.map': withSources })
  const refusal = (entry: string) => `shipguard: odd.tgz holds ${entry} outside a top folder, which npm skips but pnpm installs at the package's root; shipguard cannot judge it: pack the package again with npm pack`
  const cases: Array<[string[], string]> = [
    [['package/package.json', 'package/index.js', 'leak.js.map'], 'leak.js.map'],
    // Where npm installs package/index.js, pnpm installs the later root entry's bytes instead.
    [['package/package.json', 'package/index.js', 'index.js'], 'index.js'],
  ]
  for (const [entries, refused] of cases) {
    execFileSync('tar', ['czf', 'odd.tgz', '--format=ustar', ...entries], { cwd: dir })
    const run = runCli(['pack', 'odd.tgz', '--json'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim()).toBe(refusal(refused))
  }
  // A hard link there is refused too: pnpm writes it as an empty file.
  const linked = tempDir({ 'package/package.json': pkg({ name: 'rooted' }), 'package/.env': 'A=1\n' })
  linkSync(join(linked, 'package/.env'), join(linked, '.env'))
  execFileSync('tar', ['czf', 'odd.tgz', '--format=ustar', 'package/package.json', 'package/.env', '.env'], { cwd: linked })
  expect(execFileSync('tar', ['tvzf', 'odd.tgz'], { cwd: linked, encoding: 'utf8' })).toMatch(/ \.env link to package\/\.env/)
  expect(runCli(['pack', 'odd.tgz'], { cwd: linked })).toMatchObject({ code: 2, stderr: `${refusal('.env')}\n` })
  // Under a top folder of another name, npm and pnpm both strip it: judged where both install it.
  execFileSync('tar', ['czf', 'odd.tgz', '--format=ustar', 'package/package.json', 'package/index.js', 'other/leak.js.map'], { cwd: dir })
  const { run, report } = packReport(join(dir, 'odd.tgz'))
  expect(run.code).toBe(1)
  expect(findingKeys(report)).toEqual(['public-map leak.js.map', 'sources-content leak.js.map'])
})

it('pack refuses a tarball whose link entry carries bytes, which other tools extract as a file', () => {
  const dir = tempDir({ 'package/package.json': pkg({ name: 'linked' }), 'package/a.ts': 'export const secret = 1\n' })
  execFileSync('tar', ['cf', 'odd.tar', '--format=ustar', 'package/package.json', 'package/a.ts'], { cwd: dir })
  const asLink = rewriteHeader(readFileSync(join(dir, 'odd.tar')), 'package/a.ts', (header) => {
    header.write('1', 156, 'latin1')
    header.write('package/package.json', 157, 'latin1')
  })
  writeFileSync(join(dir, 'odd.tgz'), gzipSync(asLink))
  const run = runCli(['pack', 'odd.tgz'], { cwd: dir })
  expect(run.code).toBe(2)
  expect(run.stderr.trim()).toBe('shipguard: odd.tgz holds package/a.ts as a link entry carrying 24 bytes, which npm skips but other tools extract as a file; shipguard cannot judge it: pack the package again with npm pack')
})

// npm's tar writes `x:a.js.map` as `a.js.map`: beside a file of that name, the tarball holds the path twice.
it('pack refuses a tarball that holds one path twice, whichever copy carries source: it ships both', () => {
  for (const [first, last] of [[withSources, withoutSources], [withoutSources, withSources]] as const) {
    const dir = tempDir({ 'package/package.json': pkg({ name: 'twice' }), 'package/a.js': 'x()\n', 'first/a.js.map': first, 'last/a.js.map': last })
    execFileSync('tar', ['cf', 'twice.tar', '--format=ustar', 'package/package.json', 'package/a.js', 'first/a.js.map', 'last/a.js.map'], { cwd: dir })
    const tar = rename(rename(readFileSync(join(dir, 'twice.tar')), 'first/a.js.map', 'package/a.js.map'), 'last/a.js.map', 'package/a.js.map')
    writeFileSync(join(dir, 'twice.tgz'), gzipSync(tar))
    const run = runCli(['pack', 'twice.tgz', '--json', '--allow-maps'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim()).toBe('shipguard: twice.tgz holds two files that install at a.js.map: it ships both, though installing it keeps the later, and shipguard judges one file per path; rename one of them (tar drops a leading drive letter such as x: from a name) and pack the package again')
  }
})

/** A tar entry's header with its name changed, the checksum made right again. */
function rename(tar: Buffer, entryName: string, newName: string): Buffer {
  return rewriteHeader(tar, entryName, (header) => {
    header.fill(0, 0, 100)
    header.write(newName, 0, 'latin1')
  })
}

it('pack takes a numeric version, which npm packs as a string', () => {
  const dir = tempDir({ 'package.json': '{"name": "numeric", "version": 1}', 'index.js': 'x()\n' })
  expect(runCli(['pack', '.'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' })
})

describe('pack of input it cannot read exits 2 with one line', () => {
  const cases: Array<[string, (dir: string) => string, RegExp]> = [
    ['a corrupt tarball', (dir) => (writeFiles(dir, { 'broken.tgz': 'this is not a tarball at all' }), 'broken.tgz'), /^shipguard: broken\.tgz is not a readable tarball \(.+\); pass a package folder or the \.tgz that npm pack wrote$/],
    ['a truncated tarball', (dir) => (writeFiles(dir, { 'cut.tgz': gzipSync(Buffer.alloc(4096, 65)).subarray(0, 30) }), 'cut.tgz'), /^shipguard: cut\.tgz is not a readable tarball/],
    // tar's parser takes zstd by its magic, which Node 20's zlib cannot decompress.
    ['a zstd tarball', (dir) => (writeFiles(dir, { 'z.tar.zst': Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(1020)]) }), 'z.tar.zst'), /^shipguard: z\.tar\.zst is not a readable tarball \(it is compressed with zstd; npm packs with gzip\)/],
    ['a folder without package.json', (dir) => (mkdirSync(join(dir, 'dist')), 'dist'), /^shipguard: dist has no package\.json; pack judges a package, use shipguard scan for a build folder$/],
    ['a path that does not exist', () => 'nowhere', /^shipguard: nowhere: no such folder or file/],
    ['a package.json that is not JSON', (dir) => (writeFiles(dir, { 'pkg/package.json': '{bad', 'pkg/index.js': 'x()\n' }), 'pkg'), /^shipguard: pkg\/package\.json is not valid JSON \(.+\); fix it, npm pack fails on it too$/],
    ['a package.json without a version', (dir) => (writeFiles(dir, { 'pkg/package.json': '{"name": "pkg"}' }), 'pkg'), /^shipguard: pkg\/package\.json needs a name and a version; npm pack refuses a package without them$/],
    ['a files field that is not a list of paths', (dir) => (writeFiles(dir, { 'pkg/package.json': pkg({ name: 'pkg', files: { lib: true } }), 'pkg/index.js': 'x()\n' }), 'pkg'), /^shipguard: pkg\/package\.json: "files" must be a list of paths, as strings; fix it, npm pack fails on it too$/],
    [
      "a bundled dependency's files field with something other than paths",
      (dir) => (
        writeFiles(dir, {
          'pkg/package.json': pkg({ name: 'pkg', dependencies: { dep: '1.0.0' }, bundleDependencies: true }),
          'pkg/index.js': 'x()\n',
          'pkg/node_modules/dep/package.json': pkg({ name: 'dep', files: ['index.js', 1, null] }),
          'pkg/node_modules/dep/index.js': 'd()\n',
        }),
        'pkg'
      ),
      /^shipguard: pkg\/node_modules\/dep\/package\.json: "files" must be a list of paths, as strings; fix it, npm pack fails on it too$/,
    ],
    ['a package.json that is a folder', (dir) => (mkdirSync(join(dir, 'pkg/package.json'), { recursive: true }), 'pkg'), /^shipguard: cannot read pkg\/package\.json: it is a folder; pack needs the package's manifest$/],
  ]
  for (const [name, make, pattern] of cases) {
    it(name, () => {
      const dir = tempDir()
      const run = runCli(['pack', make(dir)], { cwd: dir })
      expect(run.code).toBe(2)
      expect(run.stderr.trimEnd()).toMatch(pattern)
      expect(hasStackTrace(run.stderr)).toBe(false)
    })
  }
})

describe('pack of a workspace member', () => {
  it("applies the workspace root's ignore files, as npm does", () => {
    const root = tempDir({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      '.gitignore': '*.map\nsecret/\n',
      'packages/a/package.json': pkg({ name: 'a' }),
      'packages/a/dist/a.js': 'x()\n',
      'packages/a/dist/a.js.map': withSources,
      'packages/a/secret/key.txt': 'k',
    })
    const member = join(root, 'packages/a')
    expect(npmPackFiles(member)).toEqual(['dist/a.js', 'package.json'])
    const { run, report } = packReport(member)
    expect(report.files.map((file) => file.path)).toEqual(['dist/a.js', 'package.json'])
    expect(run.code).toBe(0)
  })
})

describe('pack of a package reached another way', () => {
  const bundling = {
    'package.json': pkg({ name: 'bundling', dependencies: { dep: '1.0.0' }, bundleDependencies: true }),
    'index.js': 'x()\n',
    'node_modules/dep/package.json': pkg({ name: 'dep' }),
    'node_modules/dep/index.js': 'd()\n//# sourceMappingURL=index.js.map\n',
    'node_modules/dep/index.js.map': withSources,
  }

  it('through a symbolic link (as macOS reaches /tmp): the bundled dependencies and their map are still judged', () => {
    const real = tempDir(bundling)
    const link = join(tempDir(), 'linked')
    symlinkSync(real, link)
    const run = runCli(['pack', link, '--json'])
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string }>; findings: Array<{ rule: string; file: string }> }
    expect(report.files.map((file) => file.path).sort()).toEqual(npmPackFiles(real))
    expect(findingKeys(report)).toContain('sources-content node_modules/dep/index.js.map')
    expect(run.code).toBe(1)
  })

  it("a workspace member: the nearest root whose workspaces include it, past one whose do not; a root package.json with a BOM read as npm reads it", () => {
    const root = tempDir({
      'package.json': `\uFEFF${JSON.stringify({ name: 'root', private: true, workspaces: ['inner/pkgs/*'] })}`,
      '.gitignore': '*.map\n*.log\n',
      'inner/package.json': JSON.stringify({ name: 'inner', private: true, workspaces: ['other/*'] }),
      'inner/pkgs/a/package.json': pkg({ name: 'a' }),
      'inner/pkgs/a/index.js': 'x()\n',
      'inner/pkgs/a/index.js.map': withSources,
      'inner/pkgs/a/debug.log': 'log',
    })
    const member = join(root, 'inner/pkgs/a')
    expect(npmPackFiles(member)).toEqual(['index.js', 'package.json'])
    const { run, report } = packReport(member)
    expect(report.files.map((file) => file.path)).toEqual(['index.js', 'package.json'])
    expect(run.code).toBe(0)
  })
})

describe('pack and the scripts npm runs before it packs', () => {
  it('says that a prepack or prepare script has yet to run, outside postpack', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'builds-late', scripts: { prepack: 'node build.js', prepare: 'husky' } }), 'index.js': 'x()\n' })
    const run = runCli(['pack', dir])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/has a prepack and a prepare script, which npm runs before it packs \(prepublishOnly on npm publish only\): this judged the folder as it is now; run shipguard pack from postpack/)
    for (const after of ['postpack', 'postpublish']) expect(runCli(['pack', dir], { env: { npm_lifecycle_event: after } }).stderr).toBe('')
  })

  it('says so of a prepublishOnly script too, unless shipguard runs in it or later', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'builds-on-publish', scripts: { prepublishOnly: 'node build.js' } }), 'index.js': 'x()\n' })
    expect(runCli(['pack', dir]).stderr).toMatch(/has a prepublishOnly script, which npm runs before it packs/)
    for (const during of ['prepublishOnly', 'prepack', 'postpack']) expect(runCli(['pack', dir], { env: { npm_lifecycle_event: during } }).stderr).toBe('')
  })

  it('from postpack it judges what prepack built, and its refusal stops npm pack', () => {
    const cli = join(process.cwd(), 'packages/shipguard/dist/cli.js')
    const dir = tempDir({
      'package.json': pkg({ name: 'gated', files: ['dist'], scripts: { prepack: 'node build.js', postpack: `node ${JSON.stringify(cli)} pack` } }),
      'build.js': `require('fs').mkdirSync('dist', { recursive: true }); require('fs').writeFileSync('dist/index.js', 'x()\\n//# sourceMappingURL=index.js.map\\n'); require('fs').writeFileSync('dist/index.js.map', ${JSON.stringify(withSources)})\n`,
    })
    const npm = spawnSync('npm', ['pack', '--dry-run'], { cwd: dir, encoding: 'utf8' })
    expect(npm.status).not.toBe(0)
    expect(npm.stdout + npm.stderr).toContain('dist/index.js.map: a source map carrying the source text of 1 of 1 module in sourcesContent')
  })
})
