import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import shipguardEsbuild from 'shipguard/esbuild'
import shipguardRollup from 'shipguard/rollup'
import shipguardVite from 'shipguard/vite'
import shipguardWebpack from 'shipguard/webpack'
import { describe, expect, it } from 'vitest'
import { expectManifestMatchesDisk, readManifest, SOURCE_MAPPING_URL } from '../support/assert-output.ts'
import { defaultManifests, filesOnDisk, makeProject } from '../support/project.ts'
import { webpackAdapter } from './adapters.ts'

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
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })

  it('webpack reports a compilation error that names the devtool to change', async () => {
    const root = makeProject('webpack-eval')
    const run = await webpackAdapter('webpack').build(root, 'eval-source-map', { sourcemaps: 'hidden' })
    expect(run.error).toMatch(/^shipguard refused this production build/)
    expect(run.error).toMatch(/inside an eval\(\) string/)
    expect(run.error).toMatch(/fix: set devtool to 'hidden-source-map' or 'source-map' \(no inline-\* or eval-\* devtool in production\)/)
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
    it(`${bundler}: after links are removed, each script's [contenthash] is the hash of its bytes`, async () => {
      const root = makeProject(`${bundler}-contenthash`)
      const run = await webpackAdapter(bundler).build(root, 'source-map', { sourcemaps: 'hidden' })
      expect(run.error).toBeUndefined()
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
