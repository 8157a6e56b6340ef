import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import shipguardEsbuild from 'shipguard/esbuild'
import shipguardRolldown from 'shipguard/rolldown'
import shipguardRspack from 'shipguard/rspack'
import shipguardRollup from 'shipguard/rollup'
import shipguardVite from 'shipguard/vite'
import shipguardWebpack from 'shipguard/webpack'
import { STREAM_THRESHOLD } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { expectManifestMatchesDisk, readManifest, SOURCE_MAPPING_URL, withoutSources } from '../support/assert-output.ts'
import { defaultManifests, filesOnDisk, makeProject } from '../support/project.ts'
import { writeFiles } from '../support/temp.ts'
import { bunAdapter, esbuildAdapter, inProject, rolldownAdapter, rollupAdapter, viteAdapter, webpackAdapter } from './adapters.ts'
import type { Adapter } from './matrix.ts'

const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url))

describe('options are checked when the plugin is created', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['an unknown option', { sourcemap: 'hidden' }, /^shipguard: unknown option 'sourcemap'; the options are mode, sourcemaps, privateDir, manifest, audit, forbid, secrets$/],
    ['a policy that does not exist', { sourcemaps: 'upload' }, /^shipguard: option sourcemaps is 'upload'; use one of 'refuse', 'public', 'hidden', 'private', 'delete'$/],
    ['a mode that does not exist', { mode: 'staging' }, /^shipguard: option mode is 'staging'; use one of 'production', 'development'$/],
    ['privateDir without the private policy', { privateDir: '../maps' }, /^shipguard: option privateDir is set but sourcemaps is 'refuse'; set sourcemaps: 'private'/],
    ['an empty privateDir', { sourcemaps: 'private', privateDir: ' ' }, /^shipguard: option privateDir is ' '; use a folder path$/],
    ['audit that is not a boolean', { audit: 'yes' }, /^shipguard: option audit is 'yes'; use true or false$/],
    ['a manifest that is neither false nor an object', { manifest: 'out.json' }, /^shipguard: option manifest is 'out.json'; use false or \{ path: /],
    ['an unknown manifest key', { manifest: { file: 'x.json' } }, /^shipguard: unknown option 'manifest.file'; manifest takes \{ path \}$/],
    ['a forbid glob that could match nothing', { forbid: { modules: ['src/{internal,admin/**'] } }, /^shipguard: option forbid.modules has 'src\/\{internal,admin\/\*\*', which has a \{ that is never closed; close it with \}, or escape it as \\\{$/],
    ['a forbid glob rooted at /', { forbid: { modules: ['/src/internal/**'] } }, /^shipguard: option forbid.modules has '\/src\/internal\/\*\*', which starts with \/, where the paths it is matched against are relative; write 'src\/internal\/\*\*'$/],
    ['a forbid glob with Windows separators', { forbid: { files: ['config\\keys\\*.pem'] } }, /^shipguard: option forbid.files has 'config\\keys\\\*\.pem', which uses \\ between folders, where globs use \/; write 'config\/keys\/\*\.pem'$/],
    ['a secrets.allow glob that could match nothing', { secrets: { allow: ['config/{public,shared/*.json'] } }, /^shipguard: option secrets.allow has 'config\/\{public,shared\/\*\.json', which has a \{ that is never closed; close it with \}, or escape it as \\\{$/],
    ['a secrets.allow glob rooted at /', { secrets: { allow: ['/config/*.json'] } }, /^shipguard: option secrets.allow has '\/config\/\*\.json', which starts with \/, where the paths it is matched against are relative; write 'config\/\*\.json'$/],
    // Read as every other path: all secrets allowed but those of one file, every module or file forbidden but some.
    ['a negated secrets.allow glob', { secrets: { allow: ['config/*.json', '!config/private.json'] } }, /^shipguard: option secrets.allow has '!config\/private\.json', which is a negation \(a leading !\): it matches every path the rest does not, not an exception to the other globs; negation is not supported, so list only the paths to match \(\\! for a name that starts with !\)$/],
    ['a negated forbid.files glob', { forbid: { files: ['!**/*.js'] } }, /^shipguard: option forbid.files has '!\*\*\/\*\.js', which is a negation \(a leading !\): it matches every path the rest does not, not an exception to the other globs; negation is not supported, so list only the paths to match \(\\! for a name that starts with !\)$/],
    ['a negated forbid.modules glob', { forbid: { modules: ['./!src/**'] } }, /^shipguard: option forbid.modules has '\.\/!src\/\*\*', which is a negation \(a leading !\): it matches every path the rest does not, not an exception to the other globs; negation is not supported, so list only the paths to match \(\\! for a name that starts with !\)$/],
    ['a secrets.allow fingerprint cut short', { secrets: { allow: ['sha256:0123'] } }, /^shipguard: option secrets.allow has 'sha256:0123'; use fingerprints as findings print them: sha256: and 16 hex digits$/],
  ]
  for (const [name, options, message] of cases) {
    it(`rejects ${name}, naming it`, () => {
      for (const create of [shipguardVite, shipguardWebpack, shipguardEsbuild]) {
        expect(() => (create as (options: unknown) => unknown)(options)).toThrow(message)
      }
    })
  }
})

describe('fails the way each bundler fails', () => {
  it('vite build on the command line exits non-zero, says why and writes nothing', () => {
    const root = makeProject('vite-cli')
    writeFileSync(join(root, 'vite.config.mjs'), "import shipguard from 'shipguard/vite'\nexport default { build: { sourcemap: true }, plugins: [shipguard()] }\n")
    const run = spawnSync(bin('vite'), ['build'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
    expect(run.status).not.toBe(0)
    expect(run.stderr + run.stdout).toMatch(/shipguard refused this production build: 4 errors in dist, nothing was written/)
    expect(run.stderr + run.stdout).toMatch(/dist\/assets\/index-[\w-]+\.js\.map: a source map carrying the source text of 3 of 3 modules in sourcesContent/)
    expect(run.stderr + run.stdout).toContain('build.rolldownOptions.output.sourcemapExcludeSources: true; build.rollupOptions before vite 8')
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })

  it('rollup -c exits non-zero and writes nothing', () => {
    const root = makeProject('rollup-cli')
    writeFileSync(join(root, 'rollup.config.mjs'), "import shipguard from 'shipguard/rollup'\nexport default { input: 'src/main.js', output: { dir: 'dist', sourcemap: 'inline' }, plugins: [shipguard({ sourcemaps: 'private' })] }\n")
    const run = spawnSync(bin('rollup'), ['-c'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
    expect(run.status).not.toBe(0)
    expect(run.stderr).toMatch(/shipguard refused this production build/)
    expect(run.stderr).toMatch(/dist\/main\.js:\d+: a source map embedded as a data URL: every user downloads it/)
    expect(run.stderr).toMatch(/fix: set output\.sourcemap to true or 'hidden' instead of 'inline'/)
    // The sources the inline map carries are fixed the same way: no policy takes an inline map out.
    expect(run.stderr).toMatch(/an inline source map carrying the source text of 3 of 3 modules in sourcesContent\n\s+fix: set output\.sourcemap to true or 'hidden' instead of 'inline'/)
    expect(run.stderr).not.toMatch(/keep them out of the output with 'private'/)
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })

  it('rollup with shipguard in output.plugins, where rollup runs no closeBundle: a map with sources left in the folder still fails the build', () => {
    const root = makeProject('rollup-output-plugins')
    writeFileSync(join(root, 'rollup.config.mjs'), "import shipguard from 'shipguard/rollup'\nexport default { input: 'src/main.js', output: [{ dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', plugins: [shipguard({ sourcemaps: 'hidden' })] }, { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', plugins: [shipguard({ sourcemaps: 'hidden' })] }] }\n")
    const build = () => spawnSync(bin('rollup'), ['-c'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
    // Honest: both outputs into one folder pass, each with its manifest.
    expect(build().status).toBe(0)
    expect(defaultManifests(root)).toHaveLength(2)
    writeFileSync(join(root, 'dist/stale.js.map'), JSON.stringify({ version: 3, sources: ['../src/old.ts'], sourcesContent: ['// LEAK-MARKER left by an earlier build\n'], mappings: 'AAAA', names: [] }))
    const run = build()
    expect(run.status).not.toBe(0)
    expect(run.stderr).toMatch(/shipguard refused this production build: dist holds 1 file this build did not write as judged/)
    expect(run.stderr).toMatch(/dist\/stale\.js\.map: a source map carrying the source text of 1 of 1 module in sourcesContent/)
    expect(defaultManifests(root)).toEqual([])
  })

  it('webpack reports a compilation error that names the devtool to change', async () => {
    const root = makeProject('webpack-eval')
    const run = await webpackAdapter('webpack').build(root, 'eval-source-map', { sourcemaps: 'hidden' })
    expect(run.error).toMatch(/^shipguard refused this production build/)
    expect(run.error).toMatch(/inside an eval\(\) string/)
    expect(run.error).toMatch(/fix: set devtool to 'hidden-source-map' or 'source-map' \(no inline-\* or eval-\* devtool in production\)/)
  })

  it('a CommonJS webpack config that requires shipguard/webpack gets the plugin, called as it is or as .default', () => {
    const root = makeProject('webpack-commonjs')
    writeFileSync(
      join(root, 'webpack.config.cjs'),
      "const shipguard = require('shipguard/webpack')\nmodule.exports = { mode: 'production', context: __dirname, entry: './src/main.js', devtool: 'source-map', plugins: [shipguard(), require('shipguard/webpack').default({ manifest: false })], infrastructureLogging: { level: 'none' } }\n",
    )
    const script = "const webpack = require('webpack'); const compiler = webpack(require('./webpack.config.cjs')); compiler.run((error, stats) => { console.log(stats.toString('errors-only')); process.exitCode = stats.hasErrors() ? 1 : 0 })"
    const run = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/shipguard refused this production build/)
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })

  it('every entry given to require() is the plugin of that bundler, with .default the one import gives', () => {
    const entries = ['vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'esbuild', 'bun']
    // Bun's plugin is made only under Bun: it is compared, not called.
    const script = `(async () => { for (const name of ${JSON.stringify(entries)}) { const plugin = require('shipguard/' + name); const imported = (await import('shipguard/' + name)).default; const made = name === 'bun' ? {} : plugin(); console.log(name, typeof plugin, plugin.default === imported, made.name, typeof (made.generateBundle ?? made.setup ?? made.apply)) } })()`
    const run = spawnSync(process.execPath, ['-e', script], { cwd: makeProject('require-entries'), encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.stdout.trim().split('\n')).toEqual([
      'vite function true shipguard object',
      'rollup function true shipguard object',
      'rolldown function true shipguard object',
      'webpack function true undefined function',
      'rspack function true undefined function',
      'esbuild function true shipguard function',
      'bun function true undefined undefined',
    ])
  })
})

describe("webpack's and rspack's devtool 'eval': no map, but each module's code as text", () => {
  // rspack draws its error with a frame (× and │ before each line), in colour where CI is set.
  const REFUSED = /^(?:\s*× )?shipguard refused this production build: devtool 'eval' ships each module's code as text in eval\(\), comments and code the minifier would drop included; nothing was written\n[\s│]*fix: set devtool to 'hidden-source-map' or false; no eval or eval-\* devtool in production\s*$/
  for (const bundler of ['webpack', 'rspack'] as const) {
    it(`${bundler}: refused in production under every policy, nothing written; reported by audit; development passes`, async () => {
      const adapter = webpackAdapter(bundler)
      const root = makeProject(`${bundler}-devtool-eval`)
      const dist = join(root, 'dist')
      // What it would ship: the source's comments, in every script.
      expect((await adapter.build(root, 'eval', null)).error).toBeUndefined()
      expect(filesOnDisk(dist).some((path) => readFileSync(join(dist, path), 'utf8').includes('LEAK-MARKER'))).toBe(true)
      for (const sourcemaps of ['refuse', 'public', 'hidden', 'private', 'delete'] as const) {
        const fresh = makeProject(`${bundler}-devtool-eval-${sourcemaps}`)
        const run = await adapter.build(fresh, 'eval', { sourcemaps })
        expect(stripVTControlCharacters(run.error ?? '')).toMatch(REFUSED)
        expect(filesOnDisk(join(fresh, 'dist'))).toEqual([])
        expect(defaultManifests(fresh)).toEqual([])
      }
      // An audit names each script that ships modules so, in its warnings and in its manifest.
      const auditRoot = makeProject(`${bundler}-devtool-eval-audit`)
      const audit = await adapter.build(auditRoot, 'eval', { audit: true })
      expect(audit.error).toBeUndefined()
      const scripts = filesOnDisk(join(auditRoot, 'dist'))
      expect(scripts).toHaveLength(2)
      const [manifestPath] = defaultManifests(auditRoot)
      const manifest = readManifest(join(auditRoot, 'node_modules/.cache/shipguard', manifestPath as string))
      // The same debug build as an inline map, without the map: so the manifest says of each script.
      expect(manifest.files.map((file) => `${file.path} ${file.map}`)).toEqual(scripts.map((script) => `${script} inline`))
      expect(manifest.findings.map((finding) => `${finding.rule} ${finding.file} ${finding.message}`)).toEqual(scripts.map((script) => `inline-map ${script} the code of 1 module as text in eval() strings, comments included (webpack's or rspack's devtool 'eval', the default of mode 'development'): every user downloads it`))
      expect(audit.logs.match(/would refuse dist\/[^:]+\.js:1: the code of 1 module as text in eval\(\) strings/g)).toHaveLength(2)
      expect(audit.logs).toContain("fix: build with devtool false, or 'hidden-source-map' with a sourcemaps policy")
      // The build's own summary line counts each once, not the setting besides.
      expect(audit.logs).toMatch(/report only \(production, audit\): 2 errors would fail a production build/)
      expect(audit.logs).not.toContain('would refuse a production build: devtool')
      // Development reports them as it reports the other eval devtools' inline maps, and passes.
      const development = await adapter.build(makeProject(`${bundler}-devtool-eval-development`), 'eval', {}, { development: true })
      expect(development.error).toBeUndefined()
      expect(development.logs).toMatch(/report only \(development\): 2 errors would fail a production build/)
      expect(development.logs).not.toContain('would refuse a production build: devtool')
    })
  }
})

describe("webpack's devtool 'eval' given per asset type", () => {
  // Under experiments.futureDefaults webpack keeps a devtool list as it is given, and a file
  // name template of one's own hides its modules from the look at the output: only the setting tells.
  for (const [label, devtool] of [
    ['for scripts', [{ type: 'javascript', use: 'eval' }]],
    ['for all, with maps for CSS', [{ type: 'all', use: 'eval' }, { type: 'css', use: 'source-map' }]],
  ] as const) {
    it(`webpack: ${label}, with its own devtoolModuleFilenameTemplate, is refused under every policy, nothing written`, async () => {
      const { default: webpack } = await import('webpack')
      for (const sourcemaps of ['refuse', 'hidden', 'delete'] as const) {
        const root = makeProject(`webpack-devtool-list-eval-${sourcemaps}`)
        const error = await new Promise<string>((resolve, reject) => {
          const compiler = webpack({
            mode: 'production',
            context: root,
            entry: './src/main.js',
            devtool: devtool.map((item) => ({ ...item })),
            experiments: { futureDefaults: true },
            output: { path: join(root, 'dist'), devtoolModuleFilenameTemplate: 'app:///[resource-path]' },
            plugins: [shipguardWebpack({ sourcemaps })],
            infrastructureLogging: { level: 'none' },
          })
          compiler.run((failure, stats) => compiler.close(() => (failure ? reject(failure) : resolve(stats?.hasErrors() ? stats.toString('errors-only') : ''))))
        })
        expect(error).toContain("shipguard refused this production build: devtool 'eval' ships each module's code as text in eval()")
        expect(error).toContain("fix: set devtool to 'hidden-source-map' or false")
        expect(filesOnDisk(join(root, 'dist'))).toEqual([])
        expect(defaultManifests(root)).toEqual([])
      }
    })
  }
})

describe("webpack's and rspack's EvalDevToolModulePlugin listed among the plugins, devtool false", () => {
  for (const bundler of ['webpack', 'rspack'] as const) {
    it(`${bundler}: with its own moduleFilenameTemplate, refused in production with the plugin named, nothing written`, async () => {
      const namespace = (bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack) as unknown as {
        (config: unknown): { run(callback: (error: Error | null, stats?: { hasErrors(): boolean; toString(options: unknown): string }) => void): void; close(callback: () => void): void }
        EvalDevToolModulePlugin: new (options: { moduleFilenameTemplate: string }) => unknown
      }
      const shipguard = bundler === 'webpack' ? shipguardWebpack : shipguardRspack
      const root = makeProject(`${bundler}-eval-plugin`)
      const error = await new Promise<string>((resolve, reject) => {
        const compiler = namespace({
          mode: 'production',
          context: root,
          entry: './src/main.js',
          devtool: false,
          output: { path: join(root, 'dist') },
          plugins: [new namespace.EvalDevToolModulePlugin({ moduleFilenameTemplate: 'app:///[resource-path]' }), shipguard({ sourcemaps: 'hidden' })],
          infrastructureLogging: { level: 'none' },
        })
        compiler.run((failure, stats) => compiler.close(() => (failure ? reject(failure) : resolve(stats?.hasErrors() ? stripVTControlCharacters(stats.toString('errors-only')) : ''))))
      })
      expect(error).toContain("shipguard refused this production build: EvalDevToolModulePlugin ships each module's code as text in eval()")
      expect(error).toContain('fix: remove EvalDevToolModulePlugin from the plugins of a production build')
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
      expect(defaultManifests(root)).toEqual([])
    })
  }
})

describe('a map written into the code', () => {
  // The map the fixture's own build would make, with its sources, imported by the app as text.
  const importedMap = JSON.stringify({ version: 3, sources: ['../src/secret.ts'], sourcesContent: ['// LEAK-MARKER imported map\n'], names: [], mappings: 'AAAA' })

  it('webpack: a map imported as a string (asset/source) is refused in a production build, and nothing of it is written', async () => {
    const root = makeProject('webpack-map-in-code')
    writeFiles(root, { 'src/leak.js.map': importedMap, 'src/main.js': "import text from './leak.js.map'\nconsole.log(text)\n" })
    const { default: webpack } = await import('webpack')
    const error = await new Promise<string>((resolve, reject) => {
      const compiler = webpack({ mode: 'production', context: root, entry: './src/main.js', devtool: false, output: { path: join(root, 'dist') }, module: { rules: [{ test: /\.map$/, type: 'asset/source' }] }, plugins: [shipguardWebpack({ manifest: false })], infrastructureLogging: { level: 'none' } })
      compiler.run((failure, stats) => compiler.close(() => (failure ? reject(failure) : resolve(stats?.toString('errors-only') ?? ''))))
    })
    expect(error).toMatch(/main\.js:\d+: a source map written into the code carrying the source text of 1 of 1 module in sourcesContent/)
    expect(error).toContain("fix: build without the loader's maps")
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })

  it('vite: a map imported with ?raw is refused in a production build', async () => {
    const root = makeProject('vite-map-in-code')
    writeFiles(root, { 'src/leak.js.map': importedMap, 'src/main.js': "import text from './leak.js.map?raw'\nconsole.log(text)\n" })
    const { build } = await import('vite')
    const failure = await inProject(root, undefined, () => build({ root, configFile: false, logLevel: 'silent', plugins: [shipguardVite({ manifest: false })] })).then(
      () => 'built',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    )
    expect(failure).toMatch(/a source map written into the code carrying the source text of 1 of 1 module/)
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })
})

describe('one manifest per build', () => {
  it('a vite app building client and SSR environments writes two manifests, each matching its folder', async () => {
    const { createBuilder } = await import('vite')
    const root = makeProject('vite-ssr')
    const builder = await createBuilder({
      root,
      configFile: false,
      logLevel: 'silent',
      build: { sourcemap: true },
      plugins: [shipguardVite({ sourcemaps: 'hidden' })],
      environments: {
        client: { build: { outDir: 'dist/client' } },
        ssr: { build: { outDir: 'dist/server', ssr: true, rollupOptions: { input: join(root, 'src/main.js') } } },
      },
      builder: {},
    })
    await builder.buildApp()
    expect(defaultManifests(root)).toEqual(['vite-client-dist-client.json', 'vite-ssr-dist-server.json'])
    for (const [manifest, folder] of [
      ['vite-client-dist-client.json', 'dist/client'],
      ['vite-ssr-dist-server.json', 'dist/server'],
    ] as const) {
      const parsed = readManifest(join(root, 'node_modules/.cache/shipguard', manifest))
      expect(parsed.outDir).toBe(folder)
      expectManifestMatchesDisk(parsed, join(root, folder))
      expect(parsed.files.some((file) => file.kind === 'sourcemap')).toBe(true)
    }
  })

  it('several outputs of one rollup build each get their own manifest', async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-outputs')
    const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup({ sourcemaps: 'delete' })] })
    const cwd = process.cwd()
    process.chdir(root)
    try {
      await bundle.write({ dir: 'dist/es', format: 'es', sourcemap: true })
      await bundle.write({ dir: 'dist/cjs', format: 'cjs', sourcemap: true })
    } finally {
      process.chdir(cwd)
      await bundle.close()
    }
    expect(defaultManifests(root)).toEqual(['rollup-cjs-dist-cjs.json', 'rollup-es-dist-es.json'])
    expectManifestMatchesDisk(readManifest(join(root, 'node_modules/.cache/shipguard/rollup-es-dist-es.json')), join(root, 'dist/es'))
    expectManifestMatchesDisk(readManifest(join(root, 'node_modules/.cache/shipguard/rollup-cjs-dist-cjs.json')), join(root, 'dist/cjs'))
  })

  it('a manifest path shared by two builds is refused with the fix; [build] keeps them apart', async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-shared-manifest')
    const write = async (manifestPath: string) => {
      const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup({ manifest: { path: join(root, manifestPath) } })] })
      try {
        await bundle.write({ dir: join(root, 'dist/es'), format: 'es' })
        await bundle.write({ dir: join(root, 'dist/cjs'), format: 'cjs' })
      } finally {
        await bundle.close()
      }
    }
    await expect(write('reports/shipguard.json')).rejects.toThrow(/reports\/shipguard\.json would be written by two builds \(rollup-es-.*dist-es and rollup-cjs-.*dist-cjs\); put \[build\] in manifest\.path/)
    await write('reports/[build].json')
    expect(filesOnDisk(join(root, 'reports')).filter((path) => path.startsWith('rollup-'))).toHaveLength(2)
  })

  // As under vite, whose emptyOutDir runs before shipguard writes: the manifest is no file of the build, and not among those it lists.
  it.each(['webpack', 'rspack'] as const)('%s: a manifest.path inside the output folder lands there, also with output.clean, listing every file but itself', async (bundler) => {
    const root = makeProject(`${bundler}-manifest-in-output`)
    for (const clean of [true, false, true]) {
      const run = await webpackAdapter(bundler).build(root, 'source-map', { sourcemaps: 'hidden', manifest: { path: 'dist/shipguard.json' } }, { clean })
      expect(run.error).toBeUndefined()
      expect(run.logs).toMatch(/; pass; manifest dist\/shipguard\.json/)
      const files = filesOnDisk(join(root, 'dist'))
      expect(files).toContain('shipguard.json')
      const manifest = readManifest(join(root, 'dist/shipguard.json'))
      expect(manifest.files.map((file) => file.path)).toEqual(files.filter((path) => path !== 'shipguard.json'))
      for (const file of manifest.files) expect(createHash('sha256').update(readFileSync(join(root, 'dist', file.path))).digest('hex')).toBe(file.sha256)
    }
  })

  it('manifest: false writes none; manifest.path puts it where asked', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-manifest')
    const common = { absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', logLevel: 'silent' as const }
    await build({ ...common, plugins: [shipguardEsbuild({ manifest: false })] })
    expect(existsSync(join(root, 'node_modules/.cache/shipguard'))).toBe(false)
    await build({ ...common, plugins: [shipguardEsbuild({ manifest: { path: 'release/files.json' } })] })
    expectManifestMatchesDisk(readManifest(join(root, 'release/files.json')), join(root, 'dist'))
  })
})

// Each bundler's setting for linked maps with sources, and its own setting for hidden maps.
const LINKED_AND_HIDDEN: Array<[Adapter, string, string]> = [
  [viteAdapter(8), 'true', 'hidden'],
  [rollupAdapter(), 'true', 'hidden'],
  [rolldownAdapter(), 'true', 'hidden'],
  [webpackAdapter('webpack'), 'source-map', 'hidden-source-map'],
  [webpackAdapter('rspack'), 'source-map', 'hidden-source-map'],
  [esbuildAdapter(), 'linked', 'external'],
  [bunAdapter(), 'linked', 'external'],
]

describe("configure upstream: under 'hidden' the bundler itself makes maps without links, and without sources where it can", () => {
  // Without sources where the bundler has a setting for it: bun has none, and vite 8 still writes a
  // sourcesContent of nulls into a map it rewrote, which shipguard takes out.
  for (const [adapter, linked, hidden] of LINKED_AND_HIDDEN) {
    const stripsItself = adapter.bundler === 'bun' || adapter.bundler === 'vite'
    it(`${adapter.bundler}: the same output as its own hidden${stripsItself ? '' : ' no-sources'} build, ${stripsItself ? 'sourcesContent stripped by shipguard' : 'nothing left for shipguard to edit'}`, async () => {
      const guarded = makeProject(`${adapter.bundler}-upstream`)
      const own = makeProject(`${adapter.bundler}-upstream-own`)
      const run = await adapter.build(guarded, linked, { sourcemaps: 'hidden' })
      expect(run.error).toBeUndefined()
      expect(run.logs).not.toMatch(stripsItself ? /removed/ : /stripped|removed/)
      expect((await adapter.build(own, hidden, null, { noSources: true })).error).toBeUndefined()
      const files = filesOnDisk(adapter.outDir(guarded))
      expect(files.filter((path) => path.endsWith('.map')).length).toBeGreaterThan(0)
      expect(files).toEqual(filesOnDisk(adapter.outDir(own)))
      for (const path of files) {
        const [mine, theirs] = [readFileSync(join(adapter.outDir(guarded), path)), readFileSync(join(adapter.outDir(own), path))]
        if (stripsItself && path.endsWith('.map')) expect(withoutSources(mine.toString())).toEqual(withoutSources(theirs.toString()))
        else expect(mine.equals(theirs), path).toBe(true)
      }
    })
  }
})

describe('esbuild with write: false', () => {
  it('hands back edited outputFiles and writes nothing', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-write-false')
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/main.js'],
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: 'dist',
      sourcemap: 'linked',
      write: false,
      logLevel: 'silent',
      plugins: [shipguardEsbuild({ sourcemaps: 'hidden' })],
    })
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    const outputs = result.outputFiles.map((file) => ({ path: file.path.slice(root.length + 1), text: file.text }))
    expect(outputs.map((file) => file.path).sort()).toEqual(expect.arrayContaining(['dist/main.js', 'dist/main.js.map']))
    for (const file of outputs) {
      if (file.path.endsWith('.map')) expect(JSON.parse(file.text)).not.toHaveProperty('sourcesContent')
      else expect(file.text).not.toMatch(SOURCE_MAPPING_URL)
    }
    // The manifest describes what was handed back.
    const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', defaultManifests(root)[0] as string))
    expect(manifest.files.map((file) => `dist/${file.path}`).sort()).toEqual(outputs.map((file) => file.path).sort())
  })
})

describe('content-hashed names match their final content', () => {
  for (const bundler of ['webpack', 'rspack'] as const) {
    // A SourceMapDevToolPlugin in the config is out of reach of the devtool shipguard sets
    // upstream: its links and sources are taken out of the assets.
    it(`${bundler}: after links are removed, each script's [contenthash] is the hash of its bytes`, async () => {
      const root = makeProject(`${bundler}-contenthash`)
      const run = await webpackAdapter(bundler).build(root, 'source-map', { sourcemaps: 'hidden' }, { devToolPlugin: true })
      expect(run.error).toBeUndefined()
      expect(run.logs).toMatch(/links? removed/)
      for (const map of filesOnDisk(join(root, 'dist')).filter((path) => path.endsWith('.map'))) {
        expect(JSON.parse(readFileSync(join(root, 'dist', map), 'utf8'))).not.toHaveProperty('sourcesContent')
      }
      const { createHash, hashFunction, length } =
        bundler === 'webpack'
          ? { createHash: (await import('webpack')).default.util.createHash, hashFunction: 'md4', length: 20 }
          : { createHash: (await import('@rspack/core')).rspack.util.createHash, hashFunction: 'xxhash64', length: 16 }
      const scripts = filesOnDisk(join(root, 'dist')).filter((path) => path.endsWith('.js'))
      expect(scripts.length).toBeGreaterThan(1)
      for (const script of scripts) {
        const content = readFileSync(join(root, 'dist', script))
        expect(content.toString()).not.toMatch(SOURCE_MAPPING_URL)
        const hash = createHash(hashFunction as 'md4')
        hash.update(content)
        expect(script).toContain(`.${(hash.digest('hex') as string).slice(0, length)}.js`)
      }
    })
  }
})

describe('a lazy chunk is loaded by the name it lands under', () => {
  // Links taken out of the code change it, and realContentHash renames the files: the
  // runtime's table of chunk names must follow, or the app asks for a file not written.
  const cases: Array<[string, 'delete' | 'hidden', { devToolPlugin?: true }]> = [
    ['source-map', 'delete', {}],
    ['nosources-source-map', 'delete', {}],
    ['cheap-module-source-map', 'delete', {}],
    ['source-map', 'delete', { devToolPlugin: true }],
    ['source-map', 'hidden', { devToolPlugin: true }],
  ]
  for (const bundler of ['webpack', 'rspack'] as const) {
    for (const [devtool, policy, variant] of cases) {
      it(`${bundler}: devtool ${variant.devToolPlugin ? 'false and a SourceMapDevToolPlugin' : devtool}, '${policy}': the built app runs, its lazy chunk found`, async () => {
        const root = makeProject(`${bundler}-lazy-${policy}`)
        const run = await webpackAdapter(bundler).build(root, devtool, { sourcemaps: policy }, { ...variant, node: true })
        expect(run.error).toBeUndefined()
        const dist = join(root, 'dist')
        const files = filesOnDisk(dist)
        expect(files.filter((path) => path.endsWith('.js')).length).toBe(2)
        if (policy === 'delete') expect(files.filter((path) => path.endsWith('.map'))).toEqual([])
        // The repository's package.json says "type": "module"; webpack's output for node is CommonJS.
        writeFileSync(join(dist, 'package.json'), '{"type":"commonjs"}\n')
        const main = files.find((path) => path.startsWith('main.')) as string
        const app = spawnSync(process.execPath, [join(dist, main)], { encoding: 'utf8' })
        expect(app.stderr).toBe('')
        expect(app.stdout).toBe('¡hola, world! 👋 48 (5 letters)\n')
      })
    }
  }
})

describe('privateDir', () => {
  it('inside the output folder is refused: the maps would ship', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-private-inside')
    await expect(
      build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: true, logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'private', privateDir: 'dist/maps' })] }),
    ).rejects.toThrow(/shipguard: privateDir dist\/maps lies inside the output folder dist, so the maps would ship; choose a folder outside it/)
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })

  it('given outside the output, receives each map with its sources', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-private-outside')
    await build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: true, logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'private', privateDir: 'maps-for-tracker' })] })
    expect(filesOnDisk(join(root, 'dist'))).toEqual(['main.js'])
    expect(filesOnDisk(join(root, 'maps-for-tracker'))).toEqual(['main.js.map'])
    expect(JSON.parse(readFileSync(join(root, 'maps-for-tracker/main.js.map'), 'utf8')).sourcesContent).toHaveLength(4)
  })
})

it("webpack: 'private' keeps in privateDir a map named to land beside or back in the output (`../`), with the manifest pointing at it", async () => {
  const webpack = (await import('webpack')).default
  for (const [filename, place] of [['../maps/[file].map', 'up/maps'], ['../dist/maps/[file].map', 'up/dist/maps']] as const) {
    const root = makeProject('webpack-private-up')
    const compiler = webpack({
      mode: 'production', context: root, entry: './src/main.js', output: { path: join(root, 'dist') }, devtool: false,
      plugins: [new webpack.SourceMapDevToolPlugin({ filename }), shipguardWebpack({ sourcemaps: 'private', privateDir: 'maps-private' })],
    })
    const stats = await new Promise<import('webpack').Stats>((resolve, reject) => compiler.run((error, result) => (error || !result ? reject(error) : resolve(result))))
    await new Promise((resolve) => compiler.close(resolve))
    expect(stats.hasErrors() ? stats.toString('errors-only') : undefined).toBeUndefined()
    // Nothing with sources anywhere but privateDir; the manifest says where each map went, and it is there.
    const scripts = filesOnDisk(join(root, 'dist'))
    expect(scripts.length).toBeGreaterThan(1)
    expect(scripts.every((path) => path.endsWith('.js'))).toBe(true)
    expect(existsSync(join(root, 'maps'))).toBe(false)
    const expected = scripts.map((script) => `${place}/${script}.map`)
    expect(filesOnDisk(join(root, 'maps-private')).sort()).toEqual(expected.sort())
    for (const map of expected) expect(JSON.parse(readFileSync(join(root, 'maps-private', map), 'utf8')).sourcesContent.length).toBeGreaterThan(0)
    const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', defaultManifests(root)[0] as string))
    expect(manifest.withheld.map((file) => file.to).sort()).toEqual(expected.map((map) => `maps-private/${map}`).sort())
  }
})

describe("vite's public folder", () => {
  for (const version of [8, 7] as const) {
    it(`vite ${version}: judged with the bundle — a map with sources there is refused, or stripped under 'hidden', and the manifest lists it`, async () => {
      const mapWithSources = JSON.stringify({ version: 3, sources: ['lib.ts'], sourcesContent: ['export const secret = 1'], mappings: 'AAAA' })
      const files = { 'public/vendor/lib.js': 'lib()\n', 'public/vendor/lib.js.map': mapWithSources, 'public/robots.txt': 'User-agent: *\n' }
      const refused = makeProject(`vite${version}-public-refused`)
      writeFiles(refused, files)
      const run = await viteAdapter(version).build(refused, 'hidden', {})
      expect(run.error).toMatch(/dist\/vendor\/lib\.js\.map: a source map carrying the source text of 1 of 1 module/)
      expect(filesOnDisk(join(refused, 'dist'))).toEqual([])

      const hidden = makeProject(`vite${version}-public-hidden`)
      writeFiles(hidden, files)
      expect((await viteAdapter(version).build(hidden, 'hidden', { sourcemaps: 'hidden' })).error).toBeUndefined()
      expect(JSON.parse(readFileSync(join(hidden, 'dist/vendor/lib.js.map'), 'utf8'))).not.toHaveProperty('sourcesContent')
      const manifest = readManifest(join(hidden, 'node_modules/.cache/shipguard', defaultManifests(hidden)[0] as string))
      expectManifestMatchesDisk(manifest, join(hidden, 'dist'))
      expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining(['robots.txt', 'vendor/lib.js', 'vendor/lib.js.map']))
    })
  }
})

// Fake secrets, made at run time so that no secret-shaped string sits in the repository.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const fakeToken = (seed: number) => `${'ghp'}_${Array.from({ length: 36 }, (_, index) => ALNUM[(seed * 31 + index * 17) % ALNUM.length]).join('')}`
const fakeKey = `-----BEGIN ${'PRIVATE'} KEY-----\n${Array.from({ length: 3 }, (_, line) => Array.from({ length: 64 }, (_, index) => ALNUM[(line * 7 + index * 13) % ALNUM.length]).join('')).join('\n')}\n-----END ${'PRIVATE'} KEY-----\n`

it("vite: a token or a private key in public text of any kind (notes.txt, config.yml, a gzipped feed.xml) is refused and nothing is written", async () => {
  const root = makeProject('vite-public-text-secrets')
  writeFiles(root, { 'public/robots.txt': 'User-agent: *\n', 'public/notes.txt': `token: ${fakeToken(1)}\n`, 'public/config.yml': `tls:\n  key: |\n${fakeKey.replace(/^/gm, '    ')}`, 'public/feed.xml.gz': gzipSync(`<feed>\n<token>${fakeToken(2)}</token>\n</feed>\n`) })
  const run = await viteAdapter(8).build(root, 'hidden', { sourcemaps: 'hidden' })
  expect(run.error).toMatch(/dist\/notes\.txt:1: holds a GitHub token: ghp_… \(40 characters\)/)
  expect(run.error).toMatch(/dist\/config\.yml:3: holds a PEM private key/)
  expect(run.error).toMatch(/dist\/feed\.xml\.gz:2: holds a GitHub token/)
  expect(run.error).not.toContain(fakeToken(1))
  expect(filesOnDisk(join(root, 'dist'))).toEqual([])
})

describe('secrets.allow globs', () => {
  // The lazy chunk is named lazy-<hash>.js by both bundlers; greet.js is bundled into main.
  const lazy = `export function describe(name) {\n  return "${fakeToken(3)}" + name\n}\n`
  const greet = `export function greet(name) {\n  return "${fakeToken(4)}" + name\n}\n`
  for (const [adapter, mode] of [[rollupAdapter(), 'true'], [esbuildAdapter(), 'linked']] as const) {
    it(`${adapter.bundler}: a secret in a file the glob names ships; one in a file it does not name is refused`, async () => {
      const options = { sourcemaps: 'delete' as const, secrets: { allow: ['lazy-*.js'] } }
      const allowed = makeProject(`${adapter.bundler}-secrets-allow-glob`)
      writeFiles(allowed, { 'src/lazy.js': lazy })
      expect((await adapter.build(allowed, mode, options)).error).toBeUndefined()
      const shipped = filesOnDisk(join(allowed, 'dist')).filter((path) => /^lazy-[\w-]+\.js$/.test(path))
      expect(shipped).toHaveLength(1)
      expect(readFileSync(join(allowed, 'dist', shipped[0] as string), 'utf8')).toContain(fakeToken(3))

      const refused = makeProject(`${adapter.bundler}-secrets-allow-glob-refused`)
      writeFiles(refused, { 'src/lazy.js': lazy, 'src/greet.js': greet })
      const run = await adapter.build(refused, mode, options)
      expect(run.error).toMatch(/dist\/main(-[\w-]+)?\.js:\d+: holds a GitHub token/)
      expect(run.error).not.toMatch(/lazy-[\w-]+\.js:\d+: holds/)
      expect(filesOnDisk(join(refused, 'dist'))).toEqual([])
    })
  }
})

it("vite: a public file past the streaming threshold is judged whole and lands, also in audit builds", async () => {
  const root = makeProject('vite-public-large')
  writeFiles(root, { 'public/robots.txt': 'User-agent: *\n' })
  const video = join(root, 'public/intro.mp4')
  writeFileSync(video, '')
  truncateSync(video, STREAM_THRESHOLD + 1024)
  for (const options of [{ sourcemaps: 'hidden' as const }, { audit: true }]) {
    const run = await viteAdapter(8).build(root, 'hidden', options)
    expect(run.error?.slice(0, 2000)).toBeUndefined()
    expect(statSync(join(root, 'dist/intro.mp4')).size).toBe(STREAM_THRESHOLD + 1024)
  }
})

it("rollup: a shipped map's local absolute source paths are made relative to where it lands, and the finding is fixed", async () => {
  const { rollup } = await import('rollup')
  const root = makeProject('rollup-absolute-sources')
  const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup({ sourcemaps: 'public' })] })
  await inProject(root, undefined, () => bundle.write({ dir: join(root, 'dist/js'), sourcemap: true, sourcemapPathTransform: (relative, mapPath) => join(dirname(mapPath), relative) }))
  await bundle.close()
  const map = JSON.parse(readFileSync(join(root, 'dist/js/main.js.map'), 'utf8'))
  expect(map.sources).toContain('../../src/main.js')
  expect(map.sources.every((source: string) => !source.startsWith('/'))).toBe(true)
  const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', defaultManifests(root)[0] as string))
  expect(manifest.findings.filter((finding) => finding.rule === 'absolute-path').map((finding) => [finding.file, finding.fixed])).toEqual([[expect.stringMatching(/^lazy-.*\.js\.map$/), true], ['main.js.map', true]])
  expectManifestMatchesDisk(manifest, join(root, 'dist/js'))
})

describe('assets a bundler inlines as data URLs', () => {
  for (const version of [8, 7] as const) {
    it(`vite ${version}: a map imported with ?url, or a small script carrying its map, is refused and nothing is written`, async () => {
      const root = makeProject(`vite${version}-inlined-map`)
      const map = JSON.stringify({ version: 3, sources: ['vendor.ts'], sourcesContent: ['const secret = 1'], mappings: 'AAAA', names: [] })
      writeFiles(root, {
        'src/data/vendor.js.map': map,
        'src/data/worklet.js': `x()\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`,
        'src/main.js': "import mapUrl from './data/vendor.js.map?url'\nimport workletUrl from './data/worklet.js?url'\nconsole.log(mapUrl, workletUrl)\n",
      })
      const run = await viteAdapter(version).build(root, 'hidden', { sourcemaps: 'hidden' })
      expect(run.error).toMatch(/a source map inside a data URL the code embeds/)
      expect(run.error).toMatch(/vite does so below build\.assetsInlineLimit/)
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    })
  }
})

describe('builds that share a folder keep their manifests apart', () => {
  it('a vite library build in two formats writes a manifest per format', async () => {
    const { build } = await import('vite')
    const root = makeProject('vite-lib')
    await build({ root, configFile: false, logLevel: 'silent', build: { lib: { entry: join(root, 'src/main.js'), formats: ['es', 'cjs'], fileName: 'lib' } }, plugins: [shipguardVite()] })
    const manifests = defaultManifests(root)
    expect(manifests).toEqual(['vite-client-cjs-dist.json', 'vite-client-es-dist.json'])
  })

  for (const version of [8, 7] as const) {
    it(`vite ${version}: an app build given several outputs writes a manifest per format, each with its own withheld maps`, async () => {
      const { build } = (await import(version === 8 ? 'vite' : 'vite7')) as typeof import('vite')
      const root = makeProject(`vite${version}-outputs`)
      const output = [
        { format: 'es', entryFileNames: '[name].mjs' },
        { format: 'cjs', entryFileNames: '[name].cjs' },
      ]
      const options = { root, configFile: false as const, logLevel: 'silent' as const, build: { sourcemap: true, [version === 8 ? 'rolldownOptions' : 'rollupOptions']: { input: join(root, 'src/main.js'), output } }, plugins: [shipguardVite({ sourcemaps: 'private' })] }
      await inProject(root, undefined, () => build(options))
      expect(defaultManifests(root)).toEqual(['vite-client-cjs-dist.json', 'vite-client-es-dist.json'])
      for (const [name, extension] of [['vite-client-cjs-dist.json', 'cjs'], ['vite-client-es-dist.json', 'mjs']] as const) {
        const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', name))
        expect(manifest.files.map((file) => file.path.replace(/^assets\/|-[\w-]+(?=\.)/g, ''))).toEqual(['lazy.js', `main.${extension}`])
        expect(manifest.withheld.map((file) => file.path.replace(/^assets\/|-[\w-]+(?=\.)/g, ''))).toEqual(['lazy.js.map', `main.${extension}.map`])
      }
    })
  }

  it('esbuild: one options object built twice writes both times, and is left as the caller gave it', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-same-options')
    const options = { absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: 'linked' as const, logLevel: 'silent' as const, plugins: [shipguardEsbuild({ sourcemaps: 'hidden' })] }
    const given = { ...options }
    for (let round = 0; round < 2; round++) {
      rmSync(join(root, 'dist'), { recursive: true, force: true })
      await build(options)
      expect(filesOnDisk(join(root, 'dist'))).toEqual(['main.js', 'main.js.map'])
      expect(options).toEqual(given)
    }
  })

  it('two esbuild builds into one folder, by outfile', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-outfiles')
    for (const [outfile, format] of [['dist/index.mjs', 'esm'], ['dist/index.cjs', 'cjs']] as const) {
      await build({ absWorkingDir: root, entryPoints: ['src/greet.js'], bundle: true, outfile, format, logLevel: 'silent', plugins: [shipguardEsbuild()] })
    }
    expect(defaultManifests(root)).toEqual(['esbuild-index.cjs-dist.json', 'esbuild-index.mjs-dist.json'])
  })

  it('two esbuild builds whose keys read alike (format esm into dist, none into esm-dist) are refused, not overwritten', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-alike')
    await build({ absWorkingDir: root, entryPoints: ['src/greet.js'], bundle: true, outdir: 'dist', format: 'esm', logLevel: 'silent', plugins: [shipguardEsbuild()] })
    const second = build({ absWorkingDir: root, entryPoints: ['src/greet.js'], bundle: true, outdir: 'esm-dist', logLevel: 'silent', plugins: [shipguardEsbuild()] })
    await expect(second).rejects.toThrow(/esbuild-esm-dist\.json would be written by two builds named esbuild-esm-dist \(into dist and into esm-dist\); give one of them a manifest\.path of its own/)
    expect(JSON.parse(readFileSync(join(root, 'node_modules/.cache/shipguard/esbuild-esm-dist.json'), 'utf8')).outDir).toBe('dist')
  })

  it('two esbuild builds into one outdir, esm and cjs by outExtension', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-formats')
    for (const format of ['esm', 'cjs'] as const) {
      await build({ absWorkingDir: root, entryPoints: ['src/greet.js'], bundle: true, outdir: 'dist', format, outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' }, logLevel: 'silent', plugins: [shipguardEsbuild()] })
    }
    expect(defaultManifests(root)).toEqual(['esbuild-cjs-dist.json', 'esbuild-esm-dist.json'])
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules/.cache/shipguard/esbuild-esm-dist.json'), 'utf8'))
    expect(manifest.files.map((file: { path: string }) => file.path)).toEqual(['greet.mjs'])
  })
})

/** A plugin that changes the bundle in generateBundle after shipguard has judged it. */
function lastInGenerateBundle(change: (bundle: Record<string, { source?: unknown }>) => void) {
  return { name: 'late', generateBundle: { order: 'post' as const, handler: (_options: unknown, bundle: Record<string, { source?: unknown }>) => change(bundle) } }
}

describe('what the review of the plugins found', () => {
  it("a privateDir named like '..maps' inside the output is refused", async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-dotdot')
    await expect(
      build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: true, logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'private', privateDir: 'dist/..maps' })] }),
    ).rejects.toThrow(/privateDir dist\/\.\.maps lies inside the output folder dist/)
  })

  // As @rollup/plugin-typescript emits them with `declarationMap`: bundle assets, the map without sources.
  const declarations = (sourcesContent?: string[]) => ({
    name: 'declarations',
    generateBundle(this: { emitFile(file: unknown): void }) {
      this.emitFile({ type: 'asset', fileName: 'index.d.ts', source: 'export declare const greeting: string;\n//# sourceMappingURL=index.d.ts.map' })
      this.emitFile({ type: 'asset', fileName: 'index.d.ts.map', source: JSON.stringify({ version: 3, file: 'index.d.ts', sourceRoot: '', sources: ['../src/index.ts'], ...(sourcesContent && { sourcesContent }), names: [], mappings: 'AAAA,eAAO,MAAM,QAAQ' }) })
    },
  })

  it.each(['refuse', 'public', 'hidden', 'private', 'delete'] as const)("declaration maps a bundle carries ship under '%s' with their link, as editors need them", async (sourcemaps) => {
    const { rollup } = await import('rollup')
    const root = makeProject(`rollup-declaration-maps-${sourcemaps}`)
    const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [declarations(), shipguardRollup({ sourcemaps })] })
    await inProject(root, undefined, () => bundle.write({ dir: join(root, 'dist'), sourcemap: sourcemaps !== 'refuse' }))
    await bundle.close()
    expect(filesOnDisk(join(root, 'dist')).filter((path) => path.startsWith('index.d.ts'))).toEqual(['index.d.ts', 'index.d.ts.map'])
    expect(readFileSync(join(root, 'dist/index.d.ts'), 'utf8')).toMatch(/\/\/# sourceMappingURL=index\.d\.ts\.map$/)
    const manifest = readManifest(join(root, 'node_modules/.cache/shipguard/rollup-es-dist.json'))
    expect(manifest.summary.verdict).toBe('pass')
    expectManifestMatchesDisk(manifest, join(root, 'dist'))
  })

  it("a declaration map that carries its sources is refused under 'refuse' and ships without them under 'hidden'", async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-declaration-map-sources')
    const refused = await rollup({ input: join(root, 'src/main.js'), plugins: [declarations(['export const greeting = "hi"\n']), shipguardRollup()] })
    await inProject(root, undefined, () => expect(refused.write({ dir: join(root, 'dist') })).rejects.toThrow(/index\.d\.ts\.map/))
    await refused.close()
    expect(existsSync(join(root, 'dist/index.d.ts.map'))).toBe(false)
    const hidden = await rollup({ input: join(root, 'src/main.js'), plugins: [declarations(['export const greeting = "hi"\n']), shipguardRollup({ sourcemaps: 'hidden' })] })
    await inProject(root, undefined, () => hidden.write({ dir: join(root, 'dist'), sourcemap: true }))
    await hidden.close()
    expect(JSON.parse(readFileSync(join(root, 'dist/index.d.ts.map'), 'utf8'))).not.toHaveProperty('sourcesContent')
    expect(readFileSync(join(root, 'dist/index.d.ts'), 'utf8')).toMatch(/sourceMappingURL=index\.d\.ts\.map$/)
  })

  it('a plugin after shipguard that adds a map fails the build instead of passing it', async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-late-plugin')
    const late = { name: 'late', generateBundle: { order: 'post' as const, handler(this: { emitFile(file: unknown): void }) { this.emitFile({ type: 'asset', fileName: 'late.js.map', source: JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'], mappings: 'A' }) }) } } }
    const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup({ sourcemaps: 'hidden' }), late] })
    await inProject(root, undefined, () => expect(bundle.write({ dir: join(root, 'dist') })).rejects.toThrow(/shipguard: late\.js\.map changed or appeared after shipguard judged the output/))
    await bundle.close()
    // No manifest is left to claim a pass for what went out unjudged.
    expect(defaultManifests(root)).toEqual([])
  })

  it.each(['rollup', 'rolldown'] as const)('%s: outputs that share a folder, written at once, are each checked against their own judgement', async (bundler) => {
    const root = makeProject(`${bundler}-parallel-outputs`)
    const input = { input: join(root, 'src/main.js'), cwd: root }
    const bundle = bundler === 'rollup' ? await (await import('rollup')).rollup({ ...input, plugins: [shipguardRollup({ sourcemaps: 'public' })] }) : await (await import('rolldown')).rolldown({ ...input, plugins: [shipguardRolldown({ sourcemaps: 'public' })] })
    const output = (format: 'es' | 'cjs', extension: string) => ({ dir: join(root, 'dist'), format, sourcemap: true, entryFileNames: `[name].${extension}`, chunkFileNames: `[name]-[hash].${extension}` })
    await inProject(root, undefined, () => Promise.all([bundle.write(output('es', 'mjs')), bundle.write(output('cjs', 'cjs'))]))
    await bundle.close()
    expect(defaultManifests(root)).toEqual([`${bundler}-cjs-dist.json`, `${bundler}-es-dist.json`])
    for (const [format, extension] of [['cjs', 'cjs'], ['es', 'mjs']]) {
      const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', `${bundler}-${format}-dist.json`))
      expect(manifest.summary.verdict).toBe('pass')
      expect(manifest.files.map((file) => file.path.replace(/-[\w-]+\./, '.'))).toEqual([`lazy.${extension}`, `lazy.${extension}.map`, `main.${extension}`, `main.${extension}.map`])
    }
  })

  // rolldown makes an asset's source anew on each read: its written files are compared instead.
  it('rolldown: a plugin after shipguard that puts sources back into a map fails the build', async () => {
    const { rolldown } = await import('rolldown')
    const root = makeProject('rolldown-late-sources')
    const late = lastInGenerateBundle((bundle) => {
      const map = bundle['main.js.map'] as { source: string }
      map.source = JSON.stringify({ ...JSON.parse(map.source), sourcesContent: ['const secret = 1\n'] })
    })
    const bundle = await rolldown({ input: join(root, 'src/main.js'), cwd: root, plugins: [shipguardRolldown({ sourcemaps: 'hidden' }), late] })
    await expect(bundle.write({ dir: join(root, 'dist'), sourcemap: true })).rejects.toThrow(/shipguard: main\.js\.map changed or appeared after shipguard judged the output/)
    await bundle.close()
  })

  it('rollup: a plugin after shipguard that changes in place the bytes of a map shipguard edited fails the build', async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-late-in-place')
    const early = { name: 'early', generateBundle(this: { emitFile(file: unknown): void }) { this.emitFile({ type: 'asset', fileName: 'extra.js.map', source: JSON.stringify({ version: 3, sources: ['extra.ts'], sourcesContent: ['export {}\n'], mappings: 'AAAA' }) }) } }
    const late = lastInGenerateBundle((bundle) => {
      // shipguard took the sources out of this map and handed it back as bytes.
      const map = bundle['extra.js.map'] as { source: Uint8Array }
      const at = Buffer.from(map.source.buffer, map.source.byteOffset, map.source.byteLength).indexOf('AAAA')
      map.source[at] = 'C'.charCodeAt(0)
    })
    const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [early, shipguardRollup({ sourcemaps: 'hidden' }), late as never] })
    await inProject(root, undefined, () => expect(bundle.write({ dir: join(root, 'dist'), sourcemap: true })).rejects.toThrow(/shipguard: extra\.js\.map changed or appeared after shipguard judged the output/))
    await bundle.close()
  })

  it.each(['rollup', 'rolldown'] as const)('%s: a plugin after shipguard that hands an asset back as equal bytes passes: the content is what was judged', async (bundler) => {
    const root = makeProject(`${bundler}-late-bytes`)
    const early = { name: 'early', generateBundle(this: { emitFile(file: unknown): void }) { this.emitFile({ type: 'asset', fileName: 'notes.txt', source: 'release notes\n' }) } }
    const late = { name: 'late', generateBundle: { order: 'post' as const, handler(_options: unknown, bundle: Record<string, object>) { (bundle['notes.txt'] as { source: unknown }).source = Buffer.from('release notes\n') } } }
    const options = { sourcemaps: 'hidden', manifest: { path: join(root, 'manifest.json') } } as const
    const input = { input: join(root, 'src/main.js'), cwd: root }
    const bundle = bundler === 'rollup' ? await (await import('rollup')).rollup({ input: input.input, plugins: [early, shipguardRollup(options), late] }) : await (await import('rolldown')).rolldown({ ...input, plugins: [early, shipguardRolldown(options), late] })
    await bundle.write({ dir: join(root, 'dist'), sourcemap: true })
    await bundle.close()
    expect(readFileSync(join(root, 'dist/notes.txt'), 'utf8')).toBe('release notes\n')
    expectManifestMatchesDisk(readManifest(join(root, 'manifest.json')), join(root, 'dist'))
  })

  it('rolldown with its own cwd, two builds at once through one plugin: each read against its own project', async () => {
    const { rolldown } = await import('rolldown')
    const plugin = shipguardRolldown({ sourcemaps: 'hidden' })
    const roots = [makeProject('rolldown-cwd-a'), makeProject('rolldown-cwd-b')]
    const bundles = await Promise.all(roots.map((root) => rolldown({ input: 'src/main.js', cwd: root, plugins: [plugin] })))
    await Promise.all(bundles.map((bundle) => bundle.write({ dir: 'dist', sourcemap: true })))
    await Promise.all(bundles.map((bundle) => bundle.close()))
    for (const root of roots) {
      expect(defaultManifests(root)).toEqual(['rolldown-es-dist.json'])
      const manifest = readManifest(join(root, 'node_modules/.cache/shipguard/rolldown-es-dist.json'))
      expectManifestMatchesDisk(manifest, join(root, 'dist'))
      expect(manifest.files.find((file) => file.path === 'main.js')?.modules).toContain('src/main.js')
    }
  })

  // Chunks of plain modules under the root are named by one search of them all; a chunk with any other id by each id.
  it.each(['rollup', 'rolldown'] as const)('%s: the manifest names every kind of module in a chunk of its own as it names it among others', async (bundler) => {
    const root = makeProject(`${bundler}-module-names`)
    const outside = `${root}-shared`
    const fromSrc = `../../${outside.split('/').pop()}/util.js`
    writeFiles(outside, { 'util.js': 'export const shared = (text) => text.trim()\n' })
    writeFiles(root, {
      'src/notes.txt': 'release notes\n',
      // Each kind once in the entry's chunk and once alone in a chunk of its own.
      'src/main.js': [
        "import config from 'virtual:config'",
        "import notes from './notes.txt?text'",
        `import { shared } from '${fromSrc}'`,
        "import { greet } from './greet.js'",
        'console.log(greet(shared(notes)), config)',
        `for (const load of [() => import('virtual:alone'), () => import('./notes.txt?alone'), () => import('${fromSrc.replace('util', 'alone')}'), () => import('./lazy.js')]) load().then(console.log)`,
      ].join('\n'),
    })
    writeFiles(outside, { 'alone.js': 'export default 1\n' })
    const modules: import('rollup').Plugin = {
      name: 'modules-of-every-kind',
      resolveId: (id, importer) => (id.startsWith('virtual:') ? `\0${id}` : /\?(text|alone)$/.test(id) && importer ? join(dirname(importer), id) : null),
      load: (id) => (id.startsWith('\0virtual:') ? 'export default { mode: "test" }' : /\?(text|alone)$/.test(id) ? `export default ${JSON.stringify(readFileSync(id.replace(/\?\w+$/, ''), 'utf8'))}` : null),
    }
    const manifest = { path: join(root, 'manifest.json') }
    // rollup names modules relative to the working directory, rolldown to its cwd.
    await inProject(root, undefined, async () => {
      const bundle =
        bundler === 'rollup'
          ? await (await import('rollup')).rollup({ input: join(root, 'src/main.js'), plugins: [modules, shipguardRollup({ sourcemaps: 'hidden', manifest })] })
          : await (await import('rolldown')).rolldown({ input: join(root, 'src/main.js'), cwd: root, plugins: [modules as never, shipguardRolldown({ sourcemaps: 'hidden', manifest })] })
      await bundle.write({ dir: join(root, 'dist'), sourcemap: true })
      await bundle.close()
    })
    const shared = `../${outside.split('/').pop()}`
    const byChunk = readManifest(manifest.path).files.filter((file) => file.path.endsWith('.js')).map((file) => [...file.modules].sort())
    expect(byChunk).toEqual(
      expect.arrayContaining([
        [`${shared}/util.js`, 'src/greet.js', 'src/main.js', 'src/notes.txt', 'virtual:config'],
        ['virtual:alone'],
        ['src/notes.txt'],
        [`${shared}/alone.js`],
        ['src/lazy.js'],
      ]),
    )
  })

  it('webpack: a build stopped by another error leaves no manifest and no private maps', async () => {
    const root = makeProject('webpack-other-error')
    writeFiles(root, { 'src/main.js': "import './missing.js'\nconsole.log(1)\n" })
    const run = await webpackAdapter('webpack').build(root, 'source-map', { sourcemaps: 'private' })
    expect(run.error).toMatch(/missing\.js/)
    expect(defaultManifests(root)).toEqual([])
    expect(filesOnDisk(join(root, 'node_modules/.cache/shipguard/private'))).toEqual([])
  })

  // A plugin after shipguard may add assets until webpack writes them: they are judged then.
  it.each(['webpack', 'rspack'] as const)('%s: an asset added after shipguard is judged before anything is written', async (bundler) => {
    const create = bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack
    const plugin = bundler === 'webpack' ? shipguardWebpack : shipguardRspack
    const build = async (label: string, late: { name: string; text: string; stage: 'report' | 'emit' }) => {
      const root = makeProject(`${bundler}-late-${label}`)
      const adds = {
        apply(compiler: { webpack: { sources: { RawSource: new (text: string) => unknown }; Compilation: { PROCESS_ASSETS_STAGE_REPORT: number } }; hooks: Record<string, { tap(name: unknown, callback: (compilation: never) => void): void }> }) {
          const add = (compilation: { emitAsset(name: string, source: unknown): void }) => compilation.emitAsset(late.name, new compiler.webpack.sources.RawSource(late.text))
          if (late.stage === 'emit') compiler.hooks.emit?.tap('late', add)
          else compiler.hooks.thisCompilation?.tap('late', (compilation: { hooks: { processAssets: { tap(options: unknown, callback: () => void): void } } } & Parameters<typeof add>[0]) => compilation.hooks.processAssets.tap({ name: 'late', stage: Number.MAX_SAFE_INTEGER }, () => add(compilation)))
        },
      }
      const compiler = (create as (options: unknown) => { run(callback: (error: unknown, stats: { hasErrors(): boolean; toJson(options: unknown): { errors?: Array<{ message: string }> } }) => void): void; close(callback: () => void): void })({
        mode: 'production', context: root, entry: './src/main.js', devtool: false, output: { path: join(root, 'dist') }, plugins: [plugin({ manifest: { path: join(root, 'manifest.json') } }), adds],
      })
      const stats = await new Promise<{ hasErrors(): boolean; toJson(options: unknown): { errors?: Array<{ message: string }> } }>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))))
      await new Promise<void>((resolve) => compiler.close(() => resolve()))
      return { root, stats }
    }
    const leak = await build('env', { name: '.env', text: 'API_TOKEN=1\n', stage: 'emit' })
    expect(leak.stats.hasErrors()).toBe(true)
    expect(leak.stats.toJson({ errors: true }).errors?.map((error) => error.message).join('\n')).toMatch(/shipguard refused this production build[\s\S]*\.env: a file that must never ship/)
    expect(filesOnDisk(join(leak.root, 'dist'))).toEqual([])
    const honest = await build('list', { name: 'asset-list.json', text: '{"main":"main.js"}\n', stage: 'report' })
    expect(honest.stats.hasErrors()).toBe(false)
    expect(filesOnDisk(join(honest.root, 'dist'))).toContain('asset-list.json')
    expectManifestMatchesDisk(readManifest(join(honest.root, 'manifest.json')), join(honest.root, 'dist'))
  })

  it.each(['webpack', 'rspack'] as const)("%s: a linked style and its map added between shipguard's stages get the policy's edits", async (bundler) => {
    const create = bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack
    const plugin = bundler === 'webpack' ? shipguardWebpack : shipguardRspack
    const map = JSON.stringify({ version: 3, sources: ['extra.scss'], sourcesContent: ['a { color: red }'], mappings: 'AAAA' })
    for (const policy of ['hidden', 'private'] as const) {
      const root = makeProject(`${bundler}-between-${policy}`)
      const adds = {
        apply(compiler: { webpack: { sources: { RawSource: new (text: string) => unknown }; Compilation: { PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE: number } }; hooks: { thisCompilation: { tap(name: string, callback: (compilation: { emitAsset(name: string, source: unknown): void; hooks: { processAssets: { tap(options: unknown, callback: () => void): void } } }) => void): void } } }) {
          compiler.hooks.thisCompilation.tap('between', (compilation) =>
            compilation.hooks.processAssets.tap({ name: 'between', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE }, () => {
              // A style, which webpack's own minimizer leaves as it is.
              compilation.emitAsset('copied/extra.css', new compiler.webpack.sources.RawSource('a{color:red}\n/*# sourceMappingURL=extra.css.map */\n'))
              compilation.emitAsset('copied/extra.css.map', new compiler.webpack.sources.RawSource(map))
            }),
          )
        },
      }
      const compiler = (create as (options: unknown) => { run(callback: (error: unknown, stats: { hasErrors(): boolean; hasWarnings(): boolean; toJson(options: unknown): { warnings?: Array<{ message: string }> } }) => void): void; close(callback: () => void): void })({
        mode: 'production', context: root, entry: './src/main.js', devtool: 'source-map', output: { path: join(root, 'dist') }, plugins: [plugin({ sourcemaps: policy, manifest: { path: join(root, 'manifest.json') } }), adds],
      })
      const stats = await new Promise<{ hasErrors(): boolean; toJson(options: unknown): { warnings?: Array<{ message: string }> } }>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))))
      await new Promise<void>((resolve) => compiler.close(() => resolve()))
      expect(stats.hasErrors()).toBe(false)
      expect(stats.toJson({ warnings: true }).warnings?.map((warning) => warning.message).join('\n') ?? '').not.toMatch(/extra\.css/)
      expect(readFileSync(join(root, 'dist/copied/extra.css'), 'utf8').trimEnd()).toBe('a{color:red}')
      if (policy === 'hidden') expect(JSON.parse(readFileSync(join(root, 'dist/copied/extra.css.map'), 'utf8'))).not.toHaveProperty('sourcesContent')
      else expect(filesOnDisk(join(root, 'dist')).filter((file) => file.endsWith('.map'))).toEqual([])
      const manifest = readManifest(join(root, 'manifest.json'))
      expectManifestMatchesDisk(manifest, join(root, 'dist'))
      // What the late assets held is on record as fixed, like the bundler's own.
      const fixed = manifest.findings.filter((finding) => finding.fixed).map((finding) => `${finding.rule} ${finding.file}`)
      expect(fixed).toContain('sources-content copied/extra.css.map')
    }
  })

  it('webpack with emitOnErrors: a refused build still writes nothing', async () => {
    const { default: webpack } = await import('webpack')
    const root = makeProject('webpack-emit-on-errors')
    const compiler = webpack({ mode: 'production', context: root, entry: './src/main.js', devtool: 'source-map', optimization: { emitOnErrors: true }, output: { path: join(root, 'dist') }, plugins: [shipguardWebpack()] })
    const stats = await new Promise<{ hasErrors(): boolean }>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result as { hasErrors(): boolean }))))
    await new Promise<void>((resolve) => compiler.close(() => resolve()))
    expect(stats.hasErrors()).toBe(true)
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })

  it('esbuild without outdir or outfile warns instead of crashing', async () => {
    const { build } = await import('esbuild')
    const root = makeProject('esbuild-stdout')
    const result = await build({ absWorkingDir: root, entryPoints: ['src/greet.js'], bundle: true, write: false, logLevel: 'silent', plugins: [shipguardEsbuild()] })
    expect(result.warnings.map((warning) => warning.text)).toEqual([expect.stringMatching(/^shipguard: this build has no outdir or outfile/)])
    expect(result.outputFiles).toHaveLength(1)
  })
})


describe('compressed copies of the output', () => {
  // A compression plugin emits a .gz beside each file before shipguard's post hook runs.
  const gzipCopies = {
    name: 'gzip-copies',
    generateBundle(this: { emitFile(file: unknown): void }, _options: unknown, bundle: Record<string, { type: string; code?: string; source?: string | Uint8Array }>) {
      for (const [fileName, output] of Object.entries(bundle)) {
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: gzipSync(output.type === 'chunk' ? (output.code as string) : (output.source as string)) })
      }
    },
  }

  it("'hidden' removes the link inside a .js.gz and strips a .map.gz, both still valid gzip", async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-gzip-copies')
    const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [gzipCopies, shipguardRollup({ sourcemaps: 'hidden', manifest: { path: join(root, 'manifest.json') } })] })
    // Without the plugin's upstream settings, so that the .js.gz has a link to remove and the .map.gz sources to strip.
    await bundle.write({ dir: join(root, 'dist'), sourcemap: true, plugins: [{ name: 'keep-sources', outputOptions: (options) => ({ ...options, sourcemap: true, sourcemapExcludeSources: false }) }] })
    await bundle.close()
    const dist = join(root, 'dist')
    const code = readFileSync(join(dist, 'main.js'), 'utf8')
    expect(code).not.toContain(SOURCE_MAPPING_URL)
    expect(gunzipSync(readFileSync(join(dist, 'main.js.gz'))).toString()).toBe(code)
    const map = JSON.parse(gunzipSync(readFileSync(join(dist, 'main.js.map.gz'))).toString()) as Record<string, unknown>
    expect(map.sourcesContent).toBeUndefined()
    expect(map.mappings).toBe((JSON.parse(readFileSync(join(dist, 'main.js.map'), 'utf8')) as Record<string, unknown>).mappings)
    expectManifestMatchesDisk(readManifest(join(root, 'manifest.json')), dist)
  })
})

describe('bun without outdir', () => {
  it('hands back artifacts the policy was applied to, and writes nothing', () => {
    const root = makeProject('bun-no-outdir')
    const script = join(root, 'no-outdir.ts')
    writeFileSync(
      script,
      [
        "import shipguard from 'shipguard/bun'",
        'declare const Bun: { build(config: Record<string, unknown>): Promise<{ outputs: Array<Blob & { path: string }> }> }',
        "const result = await Bun.build({ entrypoints: ['src/main.js'], splitting: true, sourcemap: 'linked', plugins: [shipguard({ sourcemaps: 'hidden' })] })",
        'console.log(JSON.stringify(await Promise.all(result.outputs.map(async (output) => ({ path: output.path, text: await output.text() })))))',
      ].join('\n'),
    )
    const bun = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))
    const run = spawnSync(bun, [script], { cwd: root, encoding: 'utf8' })
    const outputs = JSON.parse(run.stdout.trim().split('\n').pop() as string) as Array<{ path: string; text: string }>
    expect(outputs.some((output) => output.path.endsWith('.map'))).toBe(true)
    for (const output of outputs) {
      if (output.path.endsWith('.map')) expect(JSON.parse(output.text)).not.toHaveProperty('sourcesContent')
      else expect(output.text).not.toMatch(SOURCE_MAPPING_URL)
    }
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })
})

describe('bun builds that share a folder', () => {
  it('an esm and a cjs build into one outdir keep their manifests apart', () => {
    const root = makeProject('bun-formats')
    const script = join(root, 'formats.ts')
    writeFileSync(
      script,
      [
        "import shipguard from 'shipguard/bun'",
        'declare const Bun: { build(config: Record<string, unknown>): Promise<unknown> }',
        "for (const format of ['esm', 'cjs']) await Bun.build({ entrypoints: ['src/greet.js'], outdir: 'dist', format, naming: `[name].${format === 'esm' ? 'mjs' : 'cjs'}`, plugins: [shipguard()] })",
      ].join('\n'),
    )
    const bun = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))
    const run = spawnSync(bun, [script], { cwd: root, encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    expect(defaultManifests(root)).toEqual(['bun-cjs-dist.json', 'bun-esm-dist.json'])
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules/.cache/shipguard/bun-cjs-dist.json'), 'utf8'))
    expect(manifest.files.map((file: { path: string }) => file.path)).toEqual(['greet.cjs'])
  })
})

describe('code that writes a map link is no link', () => {
  // The app's last statement builds a link comment as text: minified, the chunk ends in
  // `"\n//# sourceMappingURL="+e)`, which a policy that removes links must not cut as one.
  const cases = LINKED_AND_HIDDEN.filter(([adapter]) => adapter.bundler !== 'bun')
  const project = (label: string) => {
    const root = makeProject(label)
    writeFileSync(join(root, 'src/main.js'), `${readFileSync(join(root, 'src/main.js'), 'utf8')}const linkTo = (url) => '\\n//# sourceMappingURL=' + url\nconsole.log(linkTo(String(Date.now())))\n`)
    return root
  }
  const scripts = (adapter: Adapter, root: string) => {
    const dir = adapter.outDir(root)
    const normalize = adapter.normalize ?? ((text: string) => text)
    return filesOnDisk(dir).filter((path) => /\.[cm]?js$/.test(path)).map((path) => normalize(readFileSync(join(dir, path), 'utf8'))).sort()
  }
  for (const [adapter, linked, hidden] of cases) {
    it(`${adapter.bundler}: under 'hidden' the scripts are those of the bundler's own hidden maps without sources, the code that writes the comment whole`, async () => {
      const root = project(`${adapter.bundler}-writes-link`)
      const run = await adapter.build(root, linked, { sourcemaps: 'hidden' })
      expect(run.error).toBeUndefined()
      expect(run.logs).not.toMatch(/not in the output|link removed/)
      const own = project(`${adapter.bundler}-writes-link-plain`)
      expect((await adapter.build(own, hidden, null, { noSources: true })).error).toBeUndefined()
      const shipped = scripts(adapter, root)
      expect(shipped.some((text) => /sourceMappingURL=["'`]/.test(text))).toBe(true)
      expect(shipped).toEqual(scripts(adapter, own))
    })
  }
})
