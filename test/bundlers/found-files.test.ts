import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import shipguardEsbuild from 'shipguard/esbuild'
import shipguardRolldown from 'shipguard/rolldown'
import shipguardRollup from 'shipguard/rollup'
import shipguardRspack from 'shipguard/rspack'
import shipguardVite from 'shipguard/vite'
import shipguardWebpack from 'shipguard/webpack'
import { describe, expect, it } from 'vitest'
import { expectManifestMatchesDisk, readManifest } from '../support/assert-output.ts'
import { defaultManifests, filesOnDisk, makeProject } from '../support/project.ts'
import { writeFiles } from '../support/temp.ts'
import { esbuildAdapter, inProject, rolldownAdapter, rollupAdapter, webpackAdapter } from './adapters.ts'

// The output folder ships whole: what an earlier build left in it, and what a plugin
// writes to disk after shipguard judged the bundle, ship with the build.
const LEAKY_MAP = JSON.stringify({ version: 3, file: 'old.js', sources: ['../src/old.ts'], sourcesContent: ['export const price = 42\n'], mappings: 'AAAA' })
const FOUND_REFUSAL = /shipguard refused this production build: dist holds 1 file this build did not write as judged, with [12] errors?; left by an earlier build, or written or rewritten by another plugin after shipguard judged the output, they would ship with it\n[\s│]*dist\/old\.js\.map: a source map carrying the source text of 1 of 1 module in sourcesContent[\s\S]*to stop it: empty dist before each build/

const shipguardFor = (bundler: 'webpack' | 'rspack') => (bundler === 'webpack' ? shipguardWebpack : shipguardRspack)

type WebpackLikeStats = { hasErrors(): boolean; toJson(options: unknown): { errors?: Array<{ message: string }> } }

/** A production webpack or rspack build of the project's src/main.js into dist: its errors, or undefined when it passed. */
async function webpackLikeBuild(bundler: 'webpack' | 'rspack', root: string, config: object): Promise<string | undefined> {
  const create = bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack
  const compiler = (create as (options: unknown) => { run(callback: (error: unknown, stats: WebpackLikeStats) => void): void; close(callback: () => void): void })({
    mode: 'production', context: root, entry: './src/main.js', output: { path: join(root, 'dist') }, ...config,
  })
  const stats = await new Promise<WebpackLikeStats>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))))
  await new Promise<void>((resolve) => compiler.close(() => resolve()))
  // rspack colours its messages where CI is set.
  return stats.hasErrors() ? (stats.toJson({ errors: true }).errors ?? []).map((error) => stripVTControlCharacters(error.message)).join('\n') : undefined
}

/** A project whose dist holds what an earlier build left: one file named, one map with sources. */
function projectWithLeftovers(label: string, leftovers: Record<string, string> = { 'old.js.map': LEAKY_MAP }): string {
  const root = makeProject(label)
  mkdirSync(join(root, 'dist'), { recursive: true })
  for (const [name, text] of Object.entries(leftovers)) {
    mkdirSync(dirname(join(root, 'dist', name)), { recursive: true })
    writeFileSync(join(root, 'dist', name), text)
  }
  return root
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

async function rollupBuild(root: string, plugins: unknown[], bundler: 'rollup' | 'rolldown' = 'rollup', sourcemap = true): Promise<string | undefined> {
  const input = { input: join(root, 'src/main.js'), plugins } as never
  return inProject(root, undefined, async () => {
    try {
      const bundle = bundler === 'rollup' ? await (await import('rollup')).rollup(input) : await (await import('rolldown')).rolldown({ ...(input as object), cwd: root })
      await bundle.write({ dir: join(root, 'dist'), sourcemap })
      await bundle.close()
      return undefined
    } catch (error) {
      return messageOf(error)
    }
  })
}

describe('files in the output folder that the build did not write', () => {
  it.each(['rollup', 'rolldown'] as const)('%s: a map with sources left by an earlier build fails the build, and the manifest is taken back', async (bundler) => {
    const root = projectWithLeftovers(`${bundler}-leftover`)
    const create = bundler === 'rollup' ? shipguardRollup : shipguardRolldown
    const error = await rollupBuild(root, [create({ sourcemaps: 'hidden', manifest: { path: join(root, 'manifest.json') } })], bundler)
    expect(error).toMatch(FOUND_REFUSAL)
    expect(existsSync(join(root, 'manifest.json'))).toBe(false)
  })

  it("rollup: what holds no source passes unremarked (a compiler's declarations and their maps, another file), and the manifest keeps to the build's own files", async () => {
    const declarationMap = JSON.stringify({ version: 3, file: 'main.d.ts', sources: ['../src/main.ts'], names: [], mappings: 'AAAA' })
    const root = projectWithLeftovers('rollup-leftover-honest', { 'robots.txt': 'User-agent: *\n', 'main.d.ts': 'export {}\n', 'main.d.ts.map': declarationMap })
    const warnings: string[] = []
    const collect = { name: 'collect', options: (options: { onwarn?: unknown }) => ({ ...options, onwarn: (warning: { message: string }) => warnings.push(warning.message) }) }
    // 'refuse', the default: no map of the build's may ship, but these maps are no output of it.
    const error = await rollupBuild(root, [shipguardRollup({ manifest: { path: join(root, 'manifest.json') } }), collect], 'rollup', false)
    expect(error).toBeUndefined()
    expect(warnings).toEqual([])
    const paths = readManifest(join(root, 'manifest.json')).files.map((file) => file.path)
    expect(paths).toContain('main.js')
    expect(paths.filter((path) => /robots|\.d\.ts/.test(path))).toEqual([])
    expect(filesOnDisk(join(root, 'dist'))).toEqual(expect.arrayContaining(['main.d.ts', 'main.d.ts.map', 'robots.txt']))
  })

  it.each(['rollup', 'rolldown'] as const)('%s: an output in the project\'s own folder: only its own files are looked at again, and one a plugin rewrote with sources fails the build', async (bundler) => {
    const root = makeProject(`${bundler}-output-in-root`)
    writeFileSync(join(root, 'notes.ts'), 'export const untouched = 1\n')
    const putsSourcesBack = { name: 'puts-sources-back', writeBundle: () => writeFileSync(join(root, 'main.js.map'), LEAKY_MAP) }
    const build = (plugins: unknown[]) =>
      inProject(root, undefined, async () => {
        const input = { input: join(root, 'src/main.js'), plugins } as never
        const bundle = bundler === 'rollup' ? await (await import('rollup')).rollup(input) : await (await import('rolldown')).rolldown({ ...(input as object), cwd: root })
        try {
          await bundle.write({ dir: root, sourcemap: true })
          await bundle.close()
          return undefined
        } catch (error) {
          return messageOf(error)
        }
      })
    // The project's own files (a .ts beside the bundle) are not the build's business.
    expect(await build([(bundler === 'rollup' ? shipguardRollup : shipguardRolldown)({ sourcemaps: 'hidden', manifest: false })])).toBeUndefined()
    expect(await build([putsSourcesBack, (bundler === 'rollup' ? shipguardRollup : shipguardRolldown)({ sourcemaps: 'hidden', manifest: false })])).toMatch(/main\.js\.map: a source map carrying the source text of 1 of 1 module/)
  })

  it('a folder that cannot be read whole fails a production build closed, with a message of its own, and only warns in an audit', async () => {
    const run = async (audit: boolean) => {
      const root = makeProject(`rollup-broken-link-${audit}`)
      mkdirSync(join(root, 'dist'), { recursive: true })
      symlinkSync(join(root, 'nowhere'), join(root, 'dist/uploads'))
      const warnings: string[] = []
      const collect = { name: 'collect', options: (options: { onwarn?: unknown }) => ({ ...options, onwarn: (warning: { message: string }) => warnings.push(warning.message) }) }
      return { error: await rollupBuild(root, [shipguardRollup({ audit, sourcemaps: 'hidden' }), collect]), warnings: warnings.join('\n') }
    }
    const production = await run(false)
    expect(production.error).toMatch(/shipguard: cannot judge all of dist after the build wrote it: dist\/uploads: broken symbolic link; remove it, or build the file it points to/)
    const audit = await run(true)
    expect(audit.error).toBeUndefined()
    expect(audit.warnings).toMatch(/shipguard: cannot judge all of dist after the build wrote it: dist\/uploads: broken symbolic link/)
  })

  it('vite: a plugin that copies files into the output in writeBundle, as copy plugins do, fails the build', async () => {
    const root = makeProject('vite-copy-in-write-bundle')
    writeFileSync(join(root, '.env.production'), 'API_URL=https://example.test\n')
    const copies = { name: 'copy', writeBundle: () => copyFileSync(join(root, '.env.production'), join(root, 'dist/.env.production')) }
    const { build } = await import('vite')
    const error = await inProject(root, undefined, () =>
      build({ root, configFile: false, logLevel: 'silent', build: { sourcemap: 'hidden', outDir: 'dist', emptyOutDir: true }, plugins: [shipguardVite({ sourcemaps: 'hidden' }), copies] }).then(
        () => undefined,
        messageOf,
      ),
    )
    expect(error).toMatch(/dist holds 1 file this build did not write as judged, with 1 error[\s\S]*dist\/\.env\.production: a file that must never ship \(\*\*\/\.env\*\)/)
  })

  it('vite: a plugin that builds a service worker of its own once the bundle is written, its map with sources, fails the build with the fix for that plugin', async () => {
    const root = makeProject('vite-service-worker-map')
    const serviceWorker = {
      name: 'service-worker',
      closeBundle: () => {
        writeFileSync(join(root, 'dist/sw.js'), 'self.addEventListener("fetch",()=>{})\n//# sourceMappingURL=sw.js.map\n')
        writeFileSync(join(root, 'dist/sw.js.map'), JSON.stringify({ version: 3, sources: ['../src/sw.ts'], sourcesContent: ['self.addEventListener("fetch", () => {})\n'], mappings: 'AAAA' }))
      },
    }
    const { build } = await import('vite')
    const error = await inProject(root, undefined, () =>
      build({ root, configFile: false, logLevel: 'silent', build: { sourcemap: 'hidden', outDir: 'dist', emptyOutDir: true }, plugins: [shipguardVite({ sourcemaps: 'hidden' }), serviceWorker] }).then(
        () => undefined,
        messageOf,
      ),
    )
    expect(error).toMatch(/dist\/sw\.js\.map: [^\n]*sourcesContent[\s\S]*fix: delete it, or turn off the maps of whatever wrote it \(a plugin that builds files of its own once the bundle is written, such as a service worker: vite-plugin-pwa's workbox\.sourcemap false\)/)
  })

  it('rollup: an output generated and never written leaves nothing that lets a map left at its path pass a later build into that folder', async () => {
    const root = makeProject('rollup-generated-then-written')
    const { rollup } = await import('rollup')
    await inProject(root, undefined, async () => {
      const generated = await rollup({ input: 'src/main.js', plugins: [shipguardRollup({ sourcemaps: 'public' })] })
      await generated.generate({ dir: 'dist', sourcemap: true })
      await generated.close()
      mkdirSync(join(root, 'dist'), { recursive: true })
      writeFileSync(join(root, 'dist/main.js.map'), LEAKY_MAP)
      const written = await rollup({ input: 'src/main.js', plugins: [shipguardRollup({ sourcemaps: 'public' })] })
      await written.write({ dir: 'dist', entryFileNames: 'app.js', sourcemap: true })
      await expect(written.close()).rejects.toThrow(/dist\/main\.js\.map: a source map carrying the source text of 1 of 1 module in sourcesContent/)
    })
  })

  it('vite: copies a compression plugin writes in zstd beside the scripts it compresses pass; one whose script is gone fails', async () => {
    // shipguard cannot read zstd: a copy is judged by the file beside it, which the build itself wrote.
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58, 0x01, 0x00])
    const build = async (label: string, deleteOriginals: boolean) => {
      const root = makeProject(label)
      const compress = {
        name: 'compress',
        writeBundle(_options: unknown, bundle: Record<string, unknown>) {
          for (const name of Object.keys(bundle).filter((name) => name.endsWith('.js'))) {
            writeFileSync(join(root, 'dist', `${name}.zst`), zstd)
            if (deleteOriginals) rmSync(join(root, 'dist', name))
          }
        },
      }
      const { build: viteBuild } = await import('vite')
      return inProject(root, undefined, () =>
        viteBuild({ root, configFile: false, logLevel: 'silent', build: { sourcemap: 'hidden', outDir: 'dist', emptyOutDir: true }, plugins: [shipguardVite({ sourcemaps: 'hidden' }), compress] }).then(() => undefined, messageOf),
      )
    }
    expect(await build('vite-zstd-beside', false)).toBeUndefined()
    expect(await build('vite-zstd-alone', true)).toMatch(/\.js\.zst: cannot be read, so a source map or source in it cannot be ruled out: it is compressed with zst, which shipguard cannot read, and no uncompressed index-[\w-]+\.js beside it/)
  })

  it('vite: maps a plugin deletes once written, as error-tracker upload plugins do, leave the manifest, which lists them as withheld', async () => {
    const root = makeProject('vite-deletes-maps')
    const manifestPath = join(root, 'manifest.json')
    const uploadsThenDeletes = {
      name: 'uploads-then-deletes',
      closeBundle: () => {
        for (const path of filesOnDisk(join(root, 'dist'))) if (path.endsWith('.map')) rmSync(join(root, 'dist', path))
      },
    }
    const { build } = await import('vite')
    await inProject(root, undefined, () => build({ root, configFile: false, logLevel: 'silent', build: { sourcemap: true, outDir: 'dist', emptyOutDir: true }, plugins: [shipguardVite({ sourcemaps: 'hidden', manifest: { path: manifestPath } }), uploadsThenDeletes] }))
    const onDisk = filesOnDisk(join(root, 'dist'))
    expect(onDisk.some((path) => path.endsWith('.map'))).toBe(false)
    const manifest = readManifest(manifestPath)
    expectManifestMatchesDisk(manifest, join(root, 'dist'))
    expect(manifest.withheld.map((entry: { path: string; to: string | null }) => [entry.path.replace(/-[\w-]+\./, '.'), entry.to])).toEqual([['assets/index.js.map', null], ['assets/lazy.js.map', null]])
    expect(manifest.summary).toMatchObject({ files: onDisk.length, maps: 0, mapsWithSources: 0, verdict: 'pass' })
    expect(manifest.summary.bytes).toBe(manifest.files.reduce((sum, file) => sum + file.bytes, 0))
    // audit changes nothing: the maps keep their sources until the plugin deletes them, and then no longer count.
    await inProject(root, undefined, () => build({ root, configFile: false, logLevel: 'silent', build: { sourcemap: true, outDir: 'dist', emptyOutDir: true }, plugins: [shipguardVite({ audit: true, manifest: { path: manifestPath } }), uploadsThenDeletes] }))
    const audited = readManifest(manifestPath)
    expect(audited.findings.filter((finding: { rule: string }) => finding.rule === 'sources-content')).toHaveLength(2)
    expect(audited.summary).toMatchObject({ files: onDisk.length, maps: 0, mapsWithSources: 0 })
  })

  it('vite and webpack: a file of the build a plugin rewrites once written, judged again and passing, is listed as it now is', async () => {
    const root = makeProject('vite-rewrites-page')
    const manifestPath = join(root, 'manifest.json')
    const stamps = { name: 'stamps', closeBundle: () => writeFileSync(join(root, 'dist/index.html'), `${readFileSync(join(root, 'dist/index.html'), 'utf8')}<!-- build 42 -->\n`) }
    const { build } = await import('vite')
    await inProject(root, undefined, () => build({ root, configFile: false, logLevel: 'silent', build: { outDir: 'dist', emptyOutDir: true }, plugins: [shipguardVite({ manifest: { path: manifestPath } }), stamps] }))
    expect(readFileSync(join(root, 'dist/index.html'), 'utf8')).toContain('<!-- build 42 -->')
    expectManifestMatchesDisk(readManifest(manifestPath), join(root, 'dist'))

    const other = makeProject('webpack-rewrites-bundle')
    const otherManifest = join(other, 'manifest.json')
    const banner = { apply: (compiler: { hooks: { afterEmit: { tap(name: string, callback: () => void): void } } }) => compiler.hooks.afterEmit.tap('banner', () => writeFileSync(join(other, 'dist/main.js'), `/* build 42 */\n${readFileSync(join(other, 'dist/main.js'), 'utf8')}`)) }
    expect(await webpackLikeBuild('webpack', other, { devtool: false, plugins: [shipguardWebpack({ manifest: { path: otherManifest } }), banner] })).toBeUndefined()
    expectManifestMatchesDisk(readManifest(otherManifest), join(other, 'dist'))
  })

  it.each(['webpack', 'rspack'] as const)("%s: a MultiCompiler's client and server writing into one folder at once each pass, neither judging the other's files half written", async (bundler) => {
    const root = makeProject(`${bundler}-multi-compiler`)
    // Enough chunks that one compiler is still writing when the other is done.
    const lazy = Array.from({ length: 200 }, (_, i) => [`src/lazy/m${i}.js`, `export const v${i} = ${JSON.stringify('x'.repeat(2000))} + ${i}\n`])
    writeFiles(root, Object.fromEntries(lazy))
    const imports = lazy.map(([path]) => `import('./${(path as string).slice(4)}').then((m) => console.log(m))`)
    writeFiles(root, { 'src/client.js': `${imports.join('\n')}\n`, 'src/server.js': `${imports.slice(0, 150).join('\n')}\n` })
    const create = bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack
    const shipguard = (bundler === 'webpack' ? shipguardWebpack : shipguardRspack)({ sourcemaps: 'hidden' })
    const config = (name: string, filename: string) => ({ name, mode: 'production', context: root, entry: { [name]: `./src/${name}.js` }, devtool: 'source-map', optimization: { minimize: false }, output: { path: join(root, 'dist'), filename, chunkFilename: `${name}-[name].js` }, plugins: [shipguard] })
    const compiler = (create as (options: unknown) => { run(callback: (error: unknown, stats: { hasErrors(): boolean; toString(options: string): string }) => void): void; close(callback: () => void): void })([config('client', '[name].js'), config('server', '[name].cjs')])
    const stats = await new Promise<{ hasErrors(): boolean; toString(options: string): string }>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))))
    await new Promise<void>((resolve) => compiler.close(() => resolve()))
    expect(stats.hasErrors() ? stripVTControlCharacters(stats.toString('errors-only')).slice(0, 1000) : undefined).toBeUndefined()
    const manifests = defaultManifests(root).map((name) => readManifest(join(root, 'node_modules/.cache/shipguard', name)))
    expect(manifests.map((manifest) => manifest.files.length).sort()).toEqual([302, 402])
    // Both compilers' files together are exactly the folder.
    const files = manifests.flatMap((manifest) => manifest.files)
    expectManifestMatchesDisk({ ...manifests[0], files: files.sort((a, b) => (a.path < b.path ? -1 : 1)) } as typeof manifests[0], join(root, 'dist'))
  })

  it('webpack: a map a plugin deletes after emit leaves the manifest', async () => {
    const root = makeProject('webpack-deletes-maps')
    const manifestPath = join(root, 'manifest.json')
    const deletes = { apply: (compiler: { hooks: { afterEmit: { tap(name: string, callback: () => void): void } } }) => compiler.hooks.afterEmit.tap('deletes', () => rmSync(join(root, 'dist/main.js.map'))) }
    expect(await webpackLikeBuild('webpack', root, { devtool: 'source-map', plugins: [shipguardWebpack({ sourcemaps: 'hidden', manifest: { path: manifestPath } }), deletes] })).toBeUndefined()
    const manifest = readManifest(manifestPath)
    expect(manifest.files.map((file: { path: string }) => file.path)).toEqual(filesOnDisk(join(root, 'dist')))
    expect(manifest.withheld).toEqual([expect.objectContaining({ path: 'main.js.map', to: null })])
  })

  it.each(['webpack', 'rspack'] as const)('%s: an output path with [fullhash] is looked at where the files land', async (bundler) => {
    const root = makeProject(`${bundler}-fullhash`)
    const copiesLate = { apply: (compiler: { hooks: { afterEmit: { tap(name: string, callback: (compilation: { getPath(path: string, data: object): string }) => void): void } }; outputPath: string }) => compiler.hooks.afterEmit.tap('copies-late', (compilation) => writeFileSync(join(compilation.getPath(compiler.outputPath, {}), 'vendor.js.map'), LEAKY_MAP)) }
    const error = await webpackLikeBuild(bundler, root, { devtool: false, output: { path: join(root, 'dist/[fullhash]') }, plugins: [shipguardFor(bundler)(), copiesLate] })
    expect(error).toMatch(/dist\/\w+\/vendor\.js\.map: a source map carrying the source text of 1 of 1 module/)
  })

  it.each(['webpack', 'rspack'] as const)("%s: a folder that holds the bundler's own cache is a framework's working folder: its cache is not looked at, its source files are not refused, its maps are", async (bundler) => {
    // As Next.js keeps .next: webpack's cache, a type-checking scaffold and the server build beside the bundle.
    const scaffold = { 'types/validator.ts': 'export type Check = true\n' }
    const run = (root: string, cache: object | undefined) => webpackLikeBuild(bundler, root, { plugins: [shipguardFor(bundler)()], ...(cache && { cache }) })
    const cacheIn = (root: string) => {
      const folder = join(root, 'dist/cache', bundler)
      return bundler === 'webpack' ? { type: 'filesystem', cacheDirectory: folder } : { type: 'persistent', storage: { type: 'filesystem', directory: folder } }
    }
    const working = projectWithLeftovers(`${bundler}-cache-in-output`, scaffold)
    expect(await run(working, cacheIn(working))).toBeUndefined()
    // Built again: the cache it wrote, which holds the source, is not taken for a leak.
    expect(await run(working, cacheIn(working))).toBeUndefined()
    expect(filesOnDisk(join(working, 'dist/cache', bundler)).length).toBeGreaterThan(0)
    // A map with sources left in it still fails the build.
    const stale = projectWithLeftovers(`${bundler}-cache-and-stale-map`, { ...scaffold, 'old.js.map': LEAKY_MAP })
    expect(await run(stale, cacheIn(stale))).toMatch(/dist holds 2 files this build did not write as judged, with 1 error[\s\S]*dist\/old\.js\.map: a source map carrying the source text of 1 of 1 module in sourcesContent/)
    // The same folder without the cache is a release folder: a source file in it would ship.
    expect(await run(projectWithLeftovers(`${bundler}-release-folder`, scaffold), undefined)).toMatch(/dist\/types\/validator\.ts: an original source file/)
  })

  it.each(['webpack', 'rspack'] as const)('%s: a source file written out of the output folder is not refused; a map written there, or named with a leading slash, is judged as ever', async (bundler) => {
    // As Next.js's server build writes its type-checking scaffolds: ../../types/app/page.ts.
    const emitsScaffold = (name: string) => ({
      apply(compiler: { webpack: { sources: { RawSource: new (text: string) => unknown } }; hooks: { thisCompilation: { tap(name: string, callback: (compilation: { emitAsset(name: string, source: unknown): void }) => void): void } } }) {
        compiler.hooks.thisCompilation.tap('scaffold', (compilation) => compilation.emitAsset(name, new compiler.webpack.sources.RawSource('export type Check = true\n')))
      },
    })
    const run = (root: string, config: object) => webpackLikeBuild(bundler, root, { plugins: [shipguardFor(bundler)({ manifest: { path: join(root, 'manifest.json') } })], ...config })
    const outside = makeProject(`${bundler}-source-outside`)
    expect(await run(outside, { plugins: [shipguardFor(bundler)({ manifest: { path: join(outside, 'manifest.json') } }), emitsScaffold('../types/check.ts')] })).toBeUndefined()
    expect(existsSync(join(outside, 'types/check.ts'))).toBe(true)
    expect(readManifest(join(outside, 'manifest.json')).files.map((file) => file.path)).toContain('../types/check.ts')
    // The same file inside the output folder ships with it.
    const inside = makeProject(`${bundler}-source-inside`)
    expect(await run(inside, { plugins: [shipguardFor(bundler)(), emitsScaffold('types/check.ts')] })).toMatch(/dist\/types\/check\.ts: an original source file/)
    // Maps out of the folder (a layout that deploys its parent) carry their sources wherever they land.
    const deploysParent = makeProject(`${bundler}-map-outside`)
    expect(await run(deploysParent, { devtool: 'source-map', output: { path: join(deploysParent, 'dist/build'), sourceMapFilename: '../maps/[file].map' } })).toMatch(/\.\.\/maps\/main\.js\.map: a source map carrying the source text/)
    // webpack writes an entry named /js/app inside the folder, as js/app.js.
    expect(await run(makeProject(`${bundler}-slash-name`), { devtool: 'source-map', entry: { '/js/app': './src/main.js' } })).toMatch(/js\/app\.js\.map: a source map carrying the source text/)
  })

  it('webpack: files written without the query their names carry stay in the manifest', async () => {
    const root = makeProject('webpack-query-names')
    const manifestPath = join(root, 'manifest.json')
    const names = { filename: '[name].js?v=[contenthash]', chunkFilename: '[name].js?v=[contenthash]' }
    expect(await webpackLikeBuild('webpack', root, { devtool: 'hidden-source-map', output: { path: join(root, 'dist'), ...names }, plugins: [shipguardWebpack({ sourcemaps: 'hidden', manifest: { path: manifestPath } })] })).toBeUndefined()
    const manifest = readManifest(manifestPath)
    expect(manifest.files.map((file: { path: string }) => file.path.replace(/\?v=\w+/, '')).sort()).toEqual(filesOnDisk(join(root, 'dist')))
    expect(manifest.withheld).toEqual([])
  })

  it.each(['webpack', 'rspack'] as const)('%s: a map left by an earlier build, or written in done by another plugin, fails the build', async (bundler) => {
    const plugin = shipguardFor(bundler)
    const run = (root: string, plugins: unknown[]) => webpackLikeBuild(bundler, root, { devtool: 'hidden-source-map', plugins })
    const leftover = projectWithLeftovers(`${bundler}-leftover`)
    expect(await run(leftover, [plugin({ sourcemaps: 'delete' })])).toMatch(FOUND_REFUSAL)
    const late = makeProject(`${bundler}-after-emit`)
    // In done, the last hook before the run's callback: later than afterEmit.
    const writer = { apply: (compiler: { hooks: { done: { tap(name: string, callback: () => void): void } } }) => compiler.hooks.done.tap('writer', () => writeFileSync(join(late, 'dist/old.js.map'), LEAKY_MAP)) }
    expect(await run(late, [plugin({ sourcemaps: 'delete' }), writer])).toMatch(FOUND_REFUSAL)
  })

  it.each(['rollup', 'rolldown'] as const)('%s: a file of the build that a plugin rewrites on disk after shipguard judged it is judged again, even at the same size', async (bundler) => {
    const create = bundler === 'rollup' ? shipguardRollup : shipguardRolldown
    const root = makeProject(`${bundler}-rewrite-after`)
    const rewrites = { name: 'rewrites', writeBundle: () => writeFileSync(join(root, 'dist/main.js.map'), LEAKY_MAP) }
    const error = await rollupBuild(root, [create({ sourcemaps: 'hidden' }), rewrites], bundler)
    expect(error).toMatch(/dist holds 1 file this build did not write as judged, with 1 error[\s\S]*dist\/main\.js\.map: a source map carrying the source text of 1 of 1 module in sourcesContent/)
    // A placeholder swapped for a token of the same length, as a plugin that fills in settings after the build might.
    const token = `ghp_${'Zq8Rk2Lm4Np6Tv8Xb0Cd2Fg4Hj6Kl8Mn0Pq2'}`
    const swapped = makeProject(`${bundler}-same-size`)
    writeFileSync(join(swapped, 'src/main.js'), `export const token = "${'x'.repeat(token.length)}"\nconsole.log(token)\n`)
    const swaps = { name: 'swaps', writeBundle: () => writeFileSync(join(swapped, 'dist/main.js'), readFileSync(join(swapped, 'dist/main.js'), 'utf8').replace('x'.repeat(token.length), token)) }
    expect(await rollupBuild(swapped, [create({ sourcemaps: 'hidden' }), swaps], bundler)).toMatch(/dist\/main\.js:\d+: holds a GitHub token/)
  })

  it('esbuild: what a plugin listed after shipguard writes in its onEnd is looked at once it has', async () => {
    const root = makeProject('esbuild-written-after')
    const { build } = await import('esbuild')
    const copies: import('esbuild').Plugin = { name: 'copies', setup: (pluginBuild) => pluginBuild.onEnd(() => writeFileSync(join(root, 'dist/old.js.map'), LEAKY_MAP)) }
    const error = await build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: 'linked', logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'hidden' }), copies] }).then(() => undefined, messageOf)
    expect(error).toMatch(FOUND_REFUSAL)
    expect(error).toContain('esbuild runs onEnd callbacks in plugin order: list shipguard first')
  })

  it('esbuild: a file of the build that a plugin listed after shipguard rewrites in its onEnd is judged again, even at the same size', async () => {
    const token = `ghp_${'Zq8Rk2Lm4Np6Tv8Xb0Cd2Fg4Hj6Kl8Mn0Pq2'}`
    const root = makeProject('esbuild-same-size')
    writeFileSync(join(root, 'src/main.js'), `export const token = "${'x'.repeat(token.length)}"\nconsole.log(token)\n`)
    const { build } = await import('esbuild')
    const swaps: import('esbuild').Plugin = { name: 'swaps', setup: (pluginBuild) => pluginBuild.onEnd(() => writeFileSync(join(root, 'dist/main.js'), readFileSync(join(root, 'dist/main.js'), 'utf8').replace('x'.repeat(token.length), token))) }
    const error = await build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: 'linked', logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'hidden' }), swaps] }).then(() => undefined, messageOf)
    expect(error).toMatch(/dist\/main\.js:\d+: holds a GitHub token/)
  })

  it("esbuild: with write: false, what lies at the build's own paths is the caller's to write over, and passes", async () => {
    const root = projectWithLeftovers('esbuild-write-false-leftover', { 'main.js.map': LEAKY_MAP })
    const { build } = await import('esbuild')
    const result = await build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: 'linked', write: false, logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'hidden' })] })
    expect(result.errors).toEqual([])
    expect(result.outputFiles?.map((file) => file.path.replace(/^.*\/dist\//, '')).sort()).toEqual(['main.js', 'main.js.map'])
    // Not on disk yet, and still what will ship: the caller writes them.
    expect(readManifest(join(root, 'node_modules/.cache/shipguard/esbuild-dist.json')).files.map((file: { path: string }) => file.path)).toEqual(['main.js', 'main.js.map'])
  })

  it('esbuild: a map left by an earlier build fails the build', async () => {
    const root = projectWithLeftovers('esbuild-leftover')
    const { build } = await import('esbuild')
    const error = await build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: 'linked', logLevel: 'silent', plugins: [shipguardEsbuild({ sourcemaps: 'hidden' })] }).then(() => undefined, messageOf)
    expect(error).toMatch(FOUND_REFUSAL)
  })

  it('esbuild: output that a plugin listed before shipguard wrote is named in the refusal, which no longer says nothing was written', async () => {
    const root = makeProject('esbuild-written-before')
    const { build } = await import('esbuild')
    // As compression plugins do with write: false: each output file written, in onEnd.
    const writesOutput: import('esbuild').Plugin = {
      name: 'writes-output',
      setup(pluginBuild) {
        pluginBuild.onEnd((result) => {
          for (const file of result.outputFiles ?? []) {
            mkdirSync(join(file.path, '..'), { recursive: true })
            writeFileSync(file.path, file.contents)
          }
        })
      },
    }
    const error = await build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: 'linked', write: false, logLevel: 'silent', plugins: [writesOutput, shipguardEsbuild()] }).then(() => undefined, messageOf)
    expect(error).toMatch(/shipguard refused this production build: \d+ errors? in dist, but dist\/main\.js\.map, dist\/main\.js already lay on disk as refused, written before shipguard judged them \(by a plugin listed before shipguard, or by an earlier build\): delete them, and list shipguard first among the plugins/)
    expect(filesOnDisk(join(root, 'dist'))).toEqual(['main.js', 'main.js.map'])
  })
})

describe("the build's summary line is said once its folder passed the last look", () => {
  const settings = { rollup: 'hidden', rolldown: 'hidden', webpack: 'hidden-source-map', esbuild: 'external' } as const
  for (const adapter of [rollupAdapter(), rolldownAdapter(), webpackAdapter('webpack'), esbuildAdapter()]) {
    it(`${adapter.bundler}: a build refused for what its folder holds says no "pass" naming a manifest it takes back; a clean build says it`, async () => {
      const mode = settings[adapter.bundler as keyof typeof settings]
      const refused = await adapter.build(projectWithLeftovers(`${adapter.bundler}-summary-refused`), mode, { sourcemaps: 'hidden' })
      expect(stripVTControlCharacters(refused.error ?? '')).toMatch(FOUND_REFUSAL)
      expect(refused.logs).not.toMatch(/pass; manifest/)
      const passed = await adapter.build(makeProject(`${adapter.bundler}-summary-passed`), mode, { sourcemaps: 'hidden' })
      expect(passed.error).toBeUndefined()
      expect(passed.logs).toMatch(/shipguard: \d+ files, [\d.]+ k?B in dist; .*pass; manifest node_modules\/\.cache\/shipguard\//)
    })
  }

  it('rollup: output generated and not written (bundle.generate()) says its summary at once, with no folder to look at', async () => {
    const root = makeProject('rollup-summary-generated')
    const logs: string[] = []
    await inProject(root, undefined, async () => {
      const { rollup } = await import('rollup')
      const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup({ sourcemaps: 'hidden', manifest: false })], onLog: (_level, log) => logs.push(log.message) })
      await bundle.generate({ dir: join(root, 'dist'), sourcemap: true })
      await bundle.close()
    })
    expect(logs.join('\n')).toMatch(/shipguard: \d+ files, [\d.]+ k?B in dist; .*pass/)
    expect(filesOnDisk(join(root, 'dist'))).toEqual([])
  })
})
