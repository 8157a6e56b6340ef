import { execFileSync } from 'node:child_process'
import { existsSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, crc32, deflateSync, gzipSync } from 'node:zlib'
import { STREAM_THRESHOLD } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { asarOf, asarWithHeader } from './support/asar.ts'
import { findingKeys, hasStackTrace, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// A tarball left in a package folder (npm pack, then npm publish with no "files") ships whole:
// what is inside it is judged as any shipped file, named under the archive's path.

const withSources = JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: ['export const secret = 1\n'], mappings: 'AAAA', names: [] })
const withoutSources = JSON.stringify({ version: 3, sources: ['../src/cli.ts'], mappings: 'AAAA', names: [] })
const pkg = (fields: Record<string, unknown>) => JSON.stringify({ version: '1.0.0', ...fields }, null, 2)

interface Report {
  files: Array<{ path: string; bytes: number; sha256: string }>
  findings: Array<{ rule: string; file: string; message: string; fix: string }>
  summary: { maps: number; mapsWithSources: number; verdict: string }
}

function judge(command: 'pack' | 'scan', target: string, cwd: string, ...args: string[]) {
  const run = runCli([command, target, '--json', ...args], { cwd })
  expect(run.stderr).toBe('')
  expect([0, 1]).toContain(run.code)
  return { code: run.code, report: JSON.parse(run.stdout) as Report }
}

/** An earlier release as npm pack wrote it: `<name>-1.0.0.tgz` holding `package/…`. */
function npmPacked(files: Record<string, string>, name = 'my-cli'): Buffer {
  const dir = tempDir({ 'package.json': pkg({ name }), ...files })
  execFileSync('npm', ['pack', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
  return readFileSync(join(dir, `${name}-1.0.0.tgz`))
}

/** A tar archive (GNU tar, as a user's own `tar cf` writes it) of the given files. */
function tarOf(files: Record<string, string | Uint8Array>, options: { gzip?: boolean } = {}): Buffer {
  const dir = tempDir(files)
  execFileSync('tar', [options.gzip ? 'czf' : 'cf', 'out.tar', ...Object.keys(files)], { cwd: dir })
  return readFileSync(join(dir, 'out.tar'))
}

const leakingRelease = () => npmPacked({ 'dist/cli.js': 'console.log(1)\n//# sourceMappingURL=cli.js.map\n', 'dist/cli.js.map': withSources, 'src/cli.ts': 'export const secret = 1\n' })

describe('a package folder holding the tarball of an earlier release', () => {
  it('pack and scan fail on the map with sources and the .ts inside it, naming them under the tarball', () => {
    const tarball = leakingRelease()
    const dir = tempDir({ 'package.json': pkg({ name: 'my-cli', version: '1.1.0' }), 'cli.js': 'console.log(2)\n', 'old/my-cli-1.0.0.tgz': tarball })
    const expected = [
      'public-map old/my-cli-1.0.0.tgz/package/dist/cli.js.map',
      'source-file old/my-cli-1.0.0.tgz/package/src/cli.ts',
      'sources-content old/my-cli-1.0.0.tgz/package/dist/cli.js.map',
    ]
    for (const command of ['pack', 'scan'] as const) {
      const { code, report } = judge(command, '.', dir)
      expect(code).toBe(1)
      expect(findingKeys(report)).toEqual(expected)
      // The manifest lists the tarball as it lies on disk, not the files inside it.
      expect(report.files.map((file) => file.path)).toEqual(['cli.js', 'old/my-cli-1.0.0.tgz', 'package.json'])
      expect(report.files.find((file) => file.path === 'old/my-cli-1.0.0.tgz')?.bytes).toBe(tarball.length)
      expect(report.summary.mapsWithSources).toBe(1)
    }
    const { stdout } = runCli(['pack', '.'], { cwd: dir })
    expect(stdout).toContain('old/my-cli-1.0.0.tgz/package/dist/cli.js.map: a source map carrying the source text of 1 of 1 module in sourcesContent')
  })

  it('a .ts source alone inside the tarball fails pack', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'my-lib' }), 'index.js': 'x()\n', 'my-lib-0.9.0.tgz': npmPacked({ 'index.js': 'x()\n', 'src/index.ts': 'export {}\n' }, 'my-lib') })
    const { code, report } = judge('pack', '.', dir)
    expect(code).toBe(1)
    expect(findingKeys(report)).toEqual(['source-file my-lib-0.9.0.tgz/package/src/index.ts'])
    // --allow globs match the names inside an archive as they match any other.
    expect(judge('pack', '.', dir, '--allow', 'my-lib-0.9.0.tgz/**').code).toBe(0)
  })

  it('a clean tarball passes: maps without sources under --allow-maps, plain JS; its map is counted among the maps that ship', () => {
    const clean = npmPacked({ 'dist/cli.js': 'console.log(1)\n//# sourceMappingURL=cli.js.map\n', 'dist/cli.js.map': withoutSources, 'README.md': '# old\n' })
    const dir = tempDir({ 'package.json': pkg({ name: 'my-cli', version: '1.1.0' }), 'cli.js': 'x()\n', 'my-cli-1.0.0.tgz': clean })
    const { code, report } = judge('pack', '.', dir, '--allow-maps')
    expect(code).toBe(0)
    expect(report.findings).toEqual([])
    expect(report.summary.maps).toBe(1)
    // Without --allow-maps the map inside is refused as any map that ships is.
    expect(findingKeys(judge('pack', '.', dir).report)).toEqual(['public-map my-cli-1.0.0.tgz/package/dist/cli.js.map'])
  })

  it('pack of a tarball that holds the earlier release fails, naming the map inside the inner tarball', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'my-cli', version: '1.1.0' }), 'cli.js': 'x()\n', 'my-cli-1.0.0.tgz': leakingRelease() })
    const packed = tempDir()
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packed], { cwd: dir, stdio: 'ignore' })
    const { code, report } = judge('pack', 'my-cli-1.1.0.tgz', packed)
    expect(code).toBe(1)
    expect(findingKeys(report)).toContain('sources-content my-cli-1.0.0.tgz/package/dist/cli.js.map')
    expect(findingKeys(report)).toContain('source-file my-cli-1.0.0.tgz/package/src/cli.ts')
  })

  it('a file npm packed as a hard link inside the tarball is judged at its own path too', () => {
    const dir = tempDir({ 'package.json': pkg({ name: 'linked' }), 'dist/a.js': 'x()\n', 'dist/a.js.map': withSources, 'config.txt': 'a\n' })
    linkSync(join(dir, 'dist/a.js.map'), join(dir, 'dist/copy.js.map'))
    execFileSync('npm', ['pack', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
    const shipped = tempDir({ 'linked-1.0.0.tgz': readFileSync(join(dir, 'linked-1.0.0.tgz')) })
    const keys = findingKeys(judge('scan', '.', shipped).report)
    expect(keys).toContain('sources-content linked-1.0.0.tgz/package/dist/a.js.map')
    expect(keys).toContain('sources-content linked-1.0.0.tgz/package/dist/copy.js.map')
  })
})

describe('archives are found by their content, whatever their name', () => {
  it('a plain .tar, a .tgz.bak, a file without an extension, a brotli .tar.br and a GNU tar of a folder', () => {
    const release = leakingRelease()
    const plain = execFileSync('gunzip', ['-c'], { input: release })
    const dir = tempDir({
      'plain.tar': plain,
      'my-cli-1.0.0.tgz.bak': release,
      release: release,
      'backup.tar.br': brotliCompressSync(plain),
      'gnu.tar.gz': tarOf({ 'src/app.ts': 'export {}\n', 'notes/.env': 'TOKEN=1\n' }, { gzip: true }),
    })
    const { code, report } = judge('scan', '.', dir)
    expect(code).toBe(1)
    const keys = findingKeys(report)
    for (const archive of ['plain.tar', 'my-cli-1.0.0.tgz.bak', 'release', 'backup.tar.br']) {
      expect(keys).toContain(`sources-content ${archive}/package/dist/cli.js.map`)
      expect(keys).toContain(`source-file ${archive}/package/src/cli.ts`)
    }
    expect(keys).toContain('source-file gnu.tar.gz/src/app.ts')
    expect(keys).toContain('forbidden-file gnu.tar.gz/notes/.env')
    expect(report.files.map((file) => file.path)).toEqual(['backup.tar.br', 'gnu.tar.gz', 'my-cli-1.0.0.tgz.bak', 'plain.tar', 'release'])
  })

  it('binaries that are no tar stay as they are beside one: an image, wasm, a font, a zip, an executable, gzip text', () => {
    const dir = tempDir({ 'old.tgz': leakingRelease(), ...binaries() })
    const { code, report } = judge('scan', '.', dir)
    expect(code).toBe(1)
    expect(findingKeys(report)).toEqual(['public-map old.tgz/package/dist/cli.js.map', 'source-file old.tgz/package/src/cli.ts', 'sources-content old.tgz/package/dist/cli.js.map'])
  })

  it("text that holds `ustar` where a tar's magic goes is no archive: a tar library's own code, a note, gzipped too", () => {
    // As a tar library writes the magic into its headers, 257 bytes into its source.
    const call = "exports.MAGIC = Buffer.from('"
    const code = `${'// the fields of a tar header'.padEnd(257 - call.length - 1, '.')}\n${call}ustar\\x20')\n${'// header\n'.repeat(60)}`
    expect(code.indexOf('ustar')).toBe(257)
    const note = `${'x'.repeat(257)}ustar is the POSIX tar format\n${'y'.repeat(400)}`
    const { code: exit, report } = judge('scan', '.', tempDir({ 'headers.js': code, 'notes.txt': note, 'notes.txt.gz': gzipSync(note) }))
    expect(report.findings).toEqual([])
    expect(exit).toBe(0)
  })

  it("a tar under an archive's name whose first header fails its checksum is still taken for one, as tar extracts what follows, and refused", () => {
    const archive = tarOf({ 'dist/app.js.map': withSources })
    archive.write('0000000\0', 148, 'latin1')
    const { code, report } = judge('scan', '.', tempDir({ 'release.tar': archive }))
    expect(findingKeys(report)).toEqual(['unreadable-map release.tar'])
    expect(code).toBe(1)
  })

  it('a symbolic link inside an archive is judged as what extracting it gives: the file it names in the archive, by its own name; one naming a path outside, by its name alone', () => {
    const dir = tempDir({ 'p/prod.env.txt': 'API_KEY=abc\n', 'p/code.txt': 'export const a: number = 1\n', 'p/app.js': 'x()\n' })
    // A link made before its target is written, as an archive of a folder may hold it.
    execFileSync('ln', ['-s', 'prod.env.txt', join(dir, 'p/.env')])
    execFileSync('ln', ['-s', '../p/code.txt', join(dir, 'p/index.ts')])
    execFileSync('ln', ['-s', '/srv/config/server.ts', join(dir, 'p/server.ts')])
    execFileSync('ln', ['-s', 'app.js', join(dir, 'p/main.js')])
    execFileSync('tar', ['cf', join(dir, 'release.tar'), '-C', join(dir, 'p'), '.env', 'index.ts', 'server.ts', 'main.js', 'prod.env.txt', 'code.txt', 'app.js'])
    const { code, report } = judge('scan', '.', tempDir({ 'release.tar': readFileSync(join(dir, 'release.tar')) }))
    expect(findingKeys(report)).toEqual(['forbidden-file release.tar/.env', 'source-file release.tar/index.ts', 'source-file release.tar/server.ts'])
    expect(code).toBe(1)
  })

  it('a link is judged under its own name, through links that name links: a script linked to text, a hard link to a symbolic one, a public key linked from a .pub', () => {
    const inlineMap = Buffer.from(withSources).toString('base64')
    const dir = tempDir({ 'p/payload.txt': `x()\n//# sourceMappingURL=data:application/json;base64,${inlineMap}\n`, 'p/secrets.txt': 'API_KEY=abc\n', 'p/deploy-key.txt': `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHs2Pb5m7M1Pz0cQ3L2s7m9b0pQWm8z4t3S5Lk2Yq1Zd deploy@ci\n` })
    const inP = (...args: string[]) => execFileSync('ln', args, { cwd: join(dir, 'p') })
    inP('-s', 'mid.js', 'main.js')
    inP('-s', 'payload.txt', 'mid.js')
    inP('-s', 'secrets.txt', 'env-link')
    inP('-P', 'env-link', '.env')
    inP('-s', 'deploy-key.txt', 'id_ed25519.pub')
    execFileSync('tar', ['cf', join(dir, 'release.tar'), '-C', join(dir, 'p'), 'payload.txt', 'main.js', 'mid.js', 'secrets.txt', 'env-link', '.env', 'deploy-key.txt', 'id_ed25519.pub'])
    const { code, report } = judge('scan', '.', tempDir({ 'release.tar': readFileSync(join(dir, 'release.tar')) }))
    expect(findingKeys(report)).toEqual([
      'inline-map release.tar/main.js:2',
      'inline-map release.tar/mid.js:2',
      'sources-content release.tar/main.js:2',
      'sources-content release.tar/mid.js:2',
      'forbidden-file release.tar/.env',
    ].sort())
    expect(code).toBe(1)
  })

  it('a hard link is the file it names as that stood when linked: a later entry of the same name replaces the name, not the link', () => {
    const inlineMap = Buffer.from(withSources).toString('base64')
    const dir = tempDir({ 'p/a.txt': `x()\n//# sourceMappingURL=data:application/json;base64,${inlineMap}\n` })
    const inP = (command: string, ...args: string[]) => execFileSync(command, args, { cwd: join(dir, 'p') })
    inP('ln', 'a.txt', 'b.js')
    inP('tar', 'cf', '../release.tar', 'a.txt', 'b.js')
    // A newer a.txt appended, as `tar -r` adds it: b.js extracts with the first.
    inP('rm', 'a.txt')
    writeFileSync(join(dir, 'p/a.txt'), 'hello\n')
    inP('tar', 'rf', '../release.tar', 'a.txt')
    const { code, report } = judge('scan', '.', tempDir({ 'release.tar': readFileSync(join(dir, 'release.tar')) }))
    expect(findingKeys(report)).toEqual(['inline-map release.tar/b.js:2', 'sources-content release.tar/b.js:2'])
    expect(code).toBe(1)
  })

  it('text that spells ustar where the magic goes passes under a name that only starts like an archive\'s (notes.tar.md, build.tar.js)', () => {
    const text = `${'/* the tar format '.padEnd(257, '*')}ustar */\n${'x'.repeat(400)}\n`
    const { code, report } = judge('scan', '.', tempDir({ 'notes.tar.md': text, 'build.tar.js': text }))
    expect(report.findings).toEqual([])
    expect(code).toBe(0)
  })

  it('an archive inside an archive inside an archive, down to four deep; a fifth is refused', () => {
    let archive: Buffer = leakingRelease()
    const names = ['level1.tgz', 'level2.tar', 'level3.tar.gz', 'level4', 'level5.tar']
    const nested = (depth: number) => {
      archive = leakingRelease()
      for (let level = depth; level > 1; level--) archive = tarOf({ [names[level - 1] as string]: archive }, { gzip: level % 2 === 0 })
      return tempDir({ [names[0] as string]: archive })
    }
    const four = judge('scan', '.', nested(4)).report
    expect(findingKeys(four)).toContain('sources-content level1.tgz/level2.tar/level3.tar.gz/level4/package/dist/cli.js.map')
    const five = judge('scan', '.', nested(5)).report
    expect(findingKeys(five)).toEqual(['unreadable-map level1.tgz/level2.tar/level3.tar.gz/level4/level5.tar'])
    expect(five.findings[0]?.message).toBe('cannot be read, so a source map or source in it cannot be ruled out: it is a tar archive inside 4 others, deeper than shipguard opens archives')
  })
})

/** The finding that refuses an archive `command` cannot read through: exit 1, one line, no stack trace. */
function archiveRefusal(command: 'scan' | 'pack', dir: string, archive: string) {
  const run = runCli([command, '.'], { cwd: dir })
  expect(run.code).toBe(1)
  expect(hasStackTrace(run.stdout + run.stderr)).toBe(false)
  const refusal = judge(command, '.', dir).report.findings.find((finding) => finding.file === archive)
  expect(refusal?.rule).toBe('unreadable-map')
  return refusal
}

describe('an archive that cannot be read to its end fails closed, naming it', () => {
  const release = () => leakingRelease()
  const plain = () => execFileSync('gunzip', ['-c'], { input: release() })
  const cases: Array<[string, () => Buffer, RegExp]> = [
    ['a tgz cut short', () => release().subarray(0, -12), /\(zlib: unexpected end of file\)$/],
    ['a tar cut at the edge of an entry', () => plain().subarray(0, 1024), /it ends without the zero blocks that close a tar archive: it was cut short\)$/],
    ['a tar cut inside a file', () => plain().subarray(0, 1200), /cut short|Truncated input/],
    ['a tar with a header broken after the first entry', () => corruptSecondHeader(plain()), /checksum failure|cut short/],
  ]
  for (const [name, make, reason] of cases) {
    it(name, () => {
      const refusal = archiveRefusal('pack', tempDir({ 'package.json': pkg({ name: 'cut' }), 'index.js': 'x()\n', 'vendor/old.tgz': make() }), 'vendor/old.tgz')
      expect(refusal?.message).toMatch(/^cannot be read, so a source map or source in it cannot be ruled out: it is a tar archive that cannot be read to its end \(/)
      expect(refusal?.message).toMatch(reason)
      expect(refusal?.fix).toMatch(/^delete it or keep it out of what ships/)
    })
  }
})

it(`an archive of ${Math.round(STREAM_THRESHOLD / 2 ** 20)} MB and more is streamed, and so is an archive inside it that large`, () => {
  const dir = tempDir()
  mkdirSync(join(dir, 'inner/package'), { recursive: true })
  mkdirSync(join(dir, 'outer'))
  mkdirSync(join(dir, 'dist'))
  // Filler first, so that the map lies past the threshold in both archives.
  writeFileSync(join(dir, 'inner/package/filler.bin'), Buffer.alloc(STREAM_THRESHOLD + 1024, 7))
  writeFileSync(join(dir, 'inner/package/app.js.map'), withSources)
  execFileSync('tar', ['cf', join(dir, 'outer/vendor.tar'), '-C', join(dir, 'inner'), 'package/filler.bin', 'package/app.js.map'])
  execFileSync('tar', ['cf', join(dir, 'dist/release'), '-C', join(dir, 'outer'), 'vendor.tar'])
  const { code, report } = judge('scan', 'dist', dir)
  expect(code).toBe(1)
  expect(findingKeys(report)).toEqual(['public-map release/vendor.tar/package/app.js.map', 'sources-content release/vendor.tar/package/app.js.map'])
})

// electron-builder packs `*.map` into resources/app.asar by default: an Electron release ships its
// maps inside the archive Electron reads its code from, not beside it.
describe('an Electron app.asar', () => {
  const leakingApp = () => asarOf({ 'package.json': pkg({ name: 'app', main: 'dist/main.js' }), 'dist/main.js': 'console.log(1)\n//# sourceMappingURL=main.js.map\n', 'dist/main.js.map': withSources })

  it('a map with sourcesContent inside fails scan under --allow-maps, named under the archive; the manifest lists the archive alone', () => {
    const archive = leakingApp()
    const { code, report } = judge('scan', '.', tempDir({ 'app.asar': archive }), '--allow-maps')
    expect(code).toBe(1)
    expect(findingKeys(report)).toEqual(['sources-content app.asar/dist/main.js.map'])
    expect(report.files.map((file) => [file.path, file.bytes])).toEqual([['app.asar', archive.length]])
    expect(report.summary.mapsWithSources).toBe(1)
  })

  it('plain JS and a map without sources pass under --allow-maps; the map is counted among those that ship, and refused without the flag', () => {
    const dir = tempDir({ 'app.asar': asarOf({ 'dist/main.js': 'console.log(1)\n//# sourceMappingURL=main.js.map\n', 'dist/main.js.map': withoutSources, 'index.html': '<script src="dist/main.js"></script>\n' }) })
    const { code, report } = judge('scan', '.', dir, '--allow-maps')
    expect(report.findings).toEqual([])
    expect(code).toBe(0)
    expect(report.summary.maps).toBe(1)
    expect(findingKeys(judge('scan', '.', dir).report)).toEqual(['public-map app.asar/dist/main.js.map'])
  })

  it('a secret in a file inside is found, and a .env inside is refused', () => {
    const key = `${'AKIA'}Q7H2K6XW4M3N5P5R`
    const dir = tempDir({ 'app.asar': asarOf({ 'dist/main.js': 'x()\n', 'config/aws.json': `{"accessKeyId": "${key}"}\n`, '.env': 'TOKEN=1\n' }) })
    const { code, report } = judge('scan', '.', dir)
    expect(code).toBe(1)
    expect(findingKeys(report)).toEqual(['forbidden-file app.asar/.env', 'secret app.asar/config/aws.json:1'])
    expect(JSON.stringify(report)).not.toContain(key)
  })

  it('found by its header whatever its name; links and files that share their bytes are judged by their own names; files packed beside it are judged where they lie', () => {
    const archive = asarOf({
      'dist/main.js': 'export const a: number = 1\n',
      'dist/main.js.map': withSources,
      // @electron/asar stores a file with the bytes of an earlier one once: both point at them.
      'dist/copy.js.map': withSources,
      'lib/index.ts': { link: 'dist/main.js' },
      'lib/outside.ts': { link: '../../server.ts' },
      'native/addon.js.map': { unpacked: withSources },
    })
    const dir = tempDir({ 'resources/app.asar.bak': archive, 'resources/app.asar.unpacked/native/addon.js.map': withSources })
    const { code, report } = judge('scan', '.', dir, '--allow-maps')
    expect(code).toBe(1)
    expect(findingKeys(report)).toEqual([
      'source-file resources/app.asar.bak/lib/index.ts',
      'source-file resources/app.asar.bak/lib/outside.ts',
      'sources-content resources/app.asar.bak/dist/copy.js.map',
      'sources-content resources/app.asar.bak/dist/main.js.map',
      'sources-content resources/app.asar.unpacked/native/addon.js.map',
    ])
  })

  const cut = (at: (archive: Buffer) => number) => () => {
    const archive = leakingApp()
    return archive.subarray(0, at(archive))
  }
  const cases: Array<[string, () => Buffer, RegExp]> = [
    ['cut inside its last file', cut((archive) => archive.length - 10), /\(it ends inside dist\/main\.js\.map: it was cut short\)$/],
    ['cut inside its header', cut(() => 40), /\(it ends inside its header: it was cut short\)$/],
    ['with a header that is no JSON', () => Buffer.from(leakingApp().toString('latin1').replace('{"files"', '{"files" ]'), 'latin1'), /\(its header is not JSON \(/],
    // Deep folders of long names, which built path by path took memory by the square of their depth.
    ['whose paths run past what a file system holds', () => asarOf({ [`${`${'d'.repeat(1000)}/`.repeat(5)}a.js`]: 'x()\n' }), /\(its header holds a path longer than 4,096 characters \(d{60}…\), which no file system holds\)$/],
  ]
  for (const [name, make, reason] of cases) {
    it(`one ${name} is refused, naming it, and what could be read of it is still judged`, () => {
      const refusal = archiveRefusal('scan', tempDir({ 'resources/app.asar': make() }), 'resources/app.asar')
      expect(refusal?.message).toMatch(/^cannot be read, so a source map or source in it cannot be ruled out: it cannot be read as an asar archive \(/)
      expect(refusal?.message).toMatch(reason)
      expect(refusal?.fix).toMatch(/^pack it again \(electron-builder, electron-forge, @electron\/asar\)/)
    })
  }

  it('a link is read as Electron reads it, before an unpacked mark or files beside it: the source it names is found', () => {
    const source = Buffer.from('export const price = (n: number) => n * 1.37\n')
    const tree = { files: { src: { files: { 'real.txt': { size: source.length, offset: '0' } } }, 'index.ts': { unpacked: true, size: 1, link: 'src/real.txt' }, 'main.ts': { files: {}, link: 'src/real.txt' } } }
    const { code, report } = judge('scan', '.', tempDir({ 'app.asar': asarWithHeader(tree, source) }))
    expect(findingKeys(report)).toEqual(['source-file app.asar/index.ts', 'source-file app.asar/main.ts'])
    expect(code).toBe(1)
  })

  it('a file named .asar that is no asar archive is refused, naming it and the fix', () => {
    const dir = tempDir({ 'resources/app.asar': 'console.log("not an archive")\n' })
    const run = runCli(['scan', '.'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false)
    expect(run.stdout).toContain('resources/app.asar: cannot be read, so a source map or source in it cannot be ruled out: it cannot be read as an asar archive (it does not start with an asar header)')
    expect(run.stdout).toContain('fix: pack it again (electron-builder, electron-forge, @electron/asar) and check the copy that ships; a file that is no asar archive, rename it')
    expect(findingKeys(judge('scan', '.', dir).report)).toEqual(['unreadable-map resources/app.asar'])
  })

  it(`an asar of ${Math.round(STREAM_THRESHOLD / 2 ** 20)} MB and more is streamed, a file in it that large too`, () => {
    const dir = tempDir()
    // Filler first, so that the map lies past the threshold.
    writeFileSync(join(dir, 'app.asar'), asarOf({ 'filler.bin': Buffer.alloc(STREAM_THRESHOLD + 1024, 7), 'dist/app.js.map': withSources }))
    const { code, report } = judge('scan', '.', dir, '--allow-maps')
    expect(code).toBe(1)
    expect(findingKeys(report)).toEqual(['sources-content app.asar/dist/app.js.map'])
  })
})

/** The tar with the checksum of its second header spoiled, as a disk or a transfer spoils it. */
function corruptSecondHeader(tar: Buffer): Buffer {
  const copy = Buffer.from(tar)
  const size = Number.parseInt(copy.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim(), 8)
  const second = 512 + Math.ceil(size / 512) * 512
  copy[second + 5] = (copy[second + 5] as number) ^ 0xff
  return copy
}

/** Real files of formats that are no tar, made as their tools make them. */
function binaries(): Record<string, Uint8Array> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(64, 0)
  header.writeUInt32BE(64, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.concat(Array.from({ length: 64 }, (_, row) => Buffer.concat([Buffer.from([0]), Buffer.alloc(64 * 3, row * 4)])))
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
  // A module exporting a function that returns 42: the type, function, export and code sections.
  const wasm = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 7, 7, 1, 3, 0x66, 0x6f, 0x6f, 0, 0, 10, 6, 1, 4, 0, 0x41, 42, 0x0b])
  const found: Record<string, Uint8Array> = { 'img/logo.png': png, 'app.wasm': wasm, 'app.js.gz': gzipSync('x()\n'.repeat(500)), 'data.bin.gz': gzipSync(Buffer.alloc(70_000, 3)) }
  for (const [name, path] of [
    ['bin/tool.node', '/bin/true'],
    ['fonts/font.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  ] as const) {
    if (existsSync(path)) found[name] = readFileSync(path)
  }
  // A zip of a text file, as zip tools write it; the local header's layout only, stored.
  const text = Buffer.from('hello\n')
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(10, 4)
  local.writeUInt32LE(crc32(text), 14)
  local.writeUInt32LE(text.length, 18)
  local.writeUInt32LE(text.length, 22)
  local.writeUInt16LE(5, 26)
  found['archive.zip'] = Buffer.concat([local, Buffer.from('a.txt'), text])
  return found
}

