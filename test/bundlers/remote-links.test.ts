import { join } from 'node:path'
import shipguardEsbuild from 'shipguard/esbuild'
import shipguardRollup from 'shipguard/rollup'
import { describe, expect, it } from 'vitest'
import { expectManifestMatchesDisk, readManifest, type ManifestJson } from '../support/assert-output.ts'
import { defaultManifests, makeProject, readText } from '../support/project.ts'
import { runCli } from '../support/cli.ts'
import { tempDir } from '../support/temp.ts'
import { inProject } from './adapters.ts'

const manifestOf = (root: string): ManifestJson => readManifest(join(root, 'node_modules/.cache/shipguard', defaultManifests(root)[0] as string))
const statuses = (manifest: ManifestJson) => manifest.files.map((file) => [file.path.replace(/-[\w-]{8}(?=\.)/, ''), file.map])

describe('maps linked by a full URL where they are served (rollup sourcemapBaseUrl, esbuild publicPath)', () => {
  it("rollup, 'public': the scripts and their maps are linked, and no warning says the map is outside the output", async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-base-url')
    const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup({ sourcemaps: 'public' })] })
    await inProject(root, undefined, () => bundle.write({ dir: join(root, 'dist'), sourcemap: true, sourcemapBaseUrl: 'https://maps.example.com/v1/' }))
    await bundle.close()
    expect(readText(join(root, 'dist'), 'main.js')).toMatch(/\/\/# sourceMappingURL=https:\/\/maps\.example\.com\/v1\/main\.js\.map\n?$/)
    const manifest = manifestOf(root)
    expectManifestMatchesDisk(manifest, join(root, 'dist'))
    expect(statuses(manifest)).toEqual([['lazy.js', 'linked'], ['lazy.js.map', 'linked'], ['main.js', 'linked'], ['main.js.map', 'linked']])
    expect(manifest.findings.filter((finding) => finding.rule === 'map-link')).toEqual([])
  })

  it("rollup, 'refuse': the refusal names the scripts that link each map", async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-base-url-refused')
    const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup()] })
    const written = inProject(root, undefined, () => bundle.write({ dir: join(root, 'dist'), sourcemap: true, sourcemapBaseUrl: 'https://maps.example.com/v1/' }))
    await expect(written).rejects.toThrow(/dist\/main\.js\.map: a source map that would ship \(linked from main\.js\)/)
    await bundle.close()
  })

  it("esbuild, 'public': a script linked through publicPath is linked", async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-public-path')
    await build({ absWorkingDir: root, entryPoints: ['src/greet.js'], bundle: true, outdir: 'dist', sourcemap: 'linked', publicPath: 'https://cdn.example.com/app/', logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'public' })] })
    expect(readText(join(root, 'dist'), 'greet.js')).toMatch(/sourceMappingURL=https:\/\/cdn\.example\.com\/app\/greet\.js\.map/)
    const manifest = manifestOf(root)
    expect(statuses(manifest)).toEqual([['greet.js', 'linked'], ['greet.js.map', 'linked']])
    expect(manifest.findings.filter((finding) => finding.rule === 'map-link')).toEqual([])
  })

  it("scan: a base URL whose folder is also a folder of the set (https://cdn/assets/) links each script to its own map, not to the longer path's", () => {
    const map = (source: string) => JSON.stringify({ version: 3, sources: [source], mappings: 'AAAA' })
    const cwd = tempDir({
      'dist/main.js': 'x()\n//# sourceMappingURL=https://cdn.example.com/assets/main.js.map\n',
      'dist/main.js.map': map('../src/main.ts'),
      'dist/assets/main.js': 'y()\n//# sourceMappingURL=https://cdn.example.com/assets/assets/main.js.map\n',
      'dist/assets/main.js.map': map('../../src/other.ts'),
    })
    const run = runCli(['scan', 'dist', '--allow-maps', '--json'], { cwd })
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as ManifestJson
    expect(report.files.map((file) => [file.path, file.map, file.modules])).toEqual([
      ['assets/main.js', 'linked', ['../../src/other.ts']],
      ['assets/main.js.map', 'linked', ['../../src/other.ts']],
      ['main.js', 'linked', ['../src/main.ts']],
      ['main.js.map', 'linked', ['../src/main.ts']],
    ])
    expect(report.findings.map((finding) => [finding.rule, finding.file])).toEqual([['external-url', 'assets/main.js'], ['external-url', 'main.js']])
  })
})
