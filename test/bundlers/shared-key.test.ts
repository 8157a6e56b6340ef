import { createHash } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Options } from 'shipguard'
import shipguardRolldown from 'shipguard/rolldown'
import shipguardRollup from 'shipguard/rollup'
import shipguardVite from 'shipguard/vite'
import { describe, expect, it } from 'vitest'
import { expectManifestMatchesDisk, readManifest, type ManifestJson } from '../support/assert-output.ts'
import { defaultManifests, filesOnDisk, makeProject } from '../support/project.ts'
import { inProject } from './adapters.ts'

// Outputs of one build, of one format, into one folder share a key (vite-client-es-dist,
// rollup-es-dist): their one manifest lists the files of all, as they are on disk.

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Under 'private': every script's map is withheld, and lies where the manifest says, as it says. */
function expectEveryMapWithheld(manifest: ManifestJson, root: string, outDir: string): void {
  const scripts = filesOnDisk(outDir).filter((path) => path.endsWith('.js'))
  expect(manifest.withheld.map((file) => file.path)).toEqual(scripts.map((path) => `${path}.map`).sort())
  for (const file of manifest.withheld) {
    const bytes = readFileSync(join(root, file.to as string))
    expect({ bytes: bytes.length, sha256: sha256(bytes) }).toEqual({ bytes: file.bytes, sha256: file.sha256 })
  }
}

function expectSummaryOfFiles(manifest: ManifestJson): void {
  expect(manifest.summary.files).toBe(manifest.files.length)
  expect(manifest.summary.bytes).toBe(manifest.files.reduce((sum, file) => sum + file.bytes, 0))
  expect(manifest.summary.maps).toBe(manifest.files.filter((file) => file.kind === 'sourcemap').length)
}

describe('vite 8 with @vitejs/plugin-legacy: the modern and the legacy output share one manifest', () => {
  const buildLegacy = async (root: string, options: Options) => {
    const { build } = await import('vite')
    const legacy = (await import('@vitejs/plugin-legacy')).default
    await inProject(root, undefined, () =>
      build({ root, configFile: false, logLevel: 'silent', build: { sourcemap: true, outDir: 'dist', emptyOutDir: true }, plugins: [legacy({ targets: ['defaults'] }), shipguardVite(options)] }),
    )
  }

  it("'hidden': every file of both outputs, maps included", async () => {
    const root = makeProject('vite-legacy-hidden')
    await buildLegacy(root, { sourcemaps: 'hidden' })
    const dist = join(root, 'dist')
    expect(filesOnDisk(dist).filter((path) => /-legacy-[\w-]+\.js\.map$/.test(path)).length).toBeGreaterThan(0)
    expect(defaultManifests(root)).toEqual(['vite-client-es-dist.json'])
    const manifest = readManifest(join(root, 'node_modules/.cache/shipguard/vite-client-es-dist.json'))
    expectManifestMatchesDisk(manifest, dist)
    expectSummaryOfFiles(manifest)
    expect(manifest.withheld).toEqual([])
  })

  it("'private': every file of both outputs, and every map of both withheld", async () => {
    const root = makeProject('vite-legacy-private')
    await buildLegacy(root, { sourcemaps: 'private' })
    const dist = join(root, 'dist')
    expect(filesOnDisk(dist).filter((path) => /-legacy-[\w-]+\.js$/.test(path)).length).toBeGreaterThan(0)
    const manifest = readManifest(join(root, 'node_modules/.cache/shipguard/vite-client-es-dist.json'))
    expectManifestMatchesDisk(manifest, dist)
    expectSummaryOfFiles(manifest)
    expectEveryMapWithheld(manifest, root, dist)
  })

  it('a later build with the same plugins replaces the manifest, as one in another process does', async () => {
    const { build } = await import('vite')
    const legacy = (await import('@vitejs/plugin-legacy')).default
    const root = makeProject('vite-legacy-again')
    const plugins = [legacy({ targets: ['defaults'] }), shipguardVite({ sourcemaps: 'hidden' })]
    const config = { root, configFile: false as const, logLevel: 'silent' as const, build: { sourcemap: true, outDir: 'dist', emptyOutDir: true }, plugins }
    await inProject(root, undefined, () => build(config))
    // Other bytes, other names: the first build's files are gone from the folder.
    const lazy = join(root, 'src/lazy.js')
    writeFileSync(lazy, readFileSync(lazy, 'utf8').replace('letters', 'characters'))
    await inProject(root, undefined, () => build(config))
    const manifest = readManifest(join(root, 'node_modules/.cache/shipguard/vite-client-es-dist.json'))
    expectManifestMatchesDisk(manifest, join(root, 'dist'))
    expect(manifest.withheld).toEqual([])
  })
})

describe('rollup and rolldown: two outputs of one format into one folder, told apart by entryFileNames alone', () => {
  const bundlers = {
    async rollup(root: string, options: Options) {
      const { rollup } = await import('rollup')
      return rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup(options)] })
    },
    async rolldown(root: string, options: Options) {
      const { rolldown } = await import('rolldown')
      return rolldown({ input: join(root, 'src/main.js'), cwd: root, plugins: [shipguardRolldown(options)] })
    },
  }
  for (const [bundler, open] of Object.entries(bundlers)) {
    for (const sourcemaps of ['hidden', 'private'] as const) {
      it(`${bundler}, '${sourcemaps}': one manifest lists the files of both`, async () => {
        const root = makeProject(`${bundler}-one-format-${sourcemaps}`)
        const dist = join(root, 'dist')
        // The project root is the working folder, as for rollup's command.
        await inProject(root, undefined, async () => {
          const bundle = await open(root, { sourcemaps })
          try {
            // At once, as rollup's command writes a config's outputs. Both write the same lazy chunk.
            await Promise.all([
              bundle.write({ dir: dist, format: 'es', sourcemap: true, entryFileNames: '[name].js' }),
              bundle.write({ dir: dist, format: 'es', sourcemap: true, entryFileNames: '[name].min.js' }),
            ])
          } finally {
            await bundle.close()
          }
        })
        expect(filesOnDisk(dist).filter((path) => /^main\.(min\.)?js$/.test(path))).toEqual(['main.js', 'main.min.js'])
        expect(defaultManifests(root)).toEqual([`${bundler}-es-dist.json`])
        const manifest = readManifest(join(root, `node_modules/.cache/shipguard/${bundler}-es-dist.json`))
        expectManifestMatchesDisk(manifest, dist)
        expectSummaryOfFiles(manifest)
        if (sourcemaps === 'private') expectEveryMapWithheld(manifest, root, dist)
        else expect(manifest.withheld).toEqual([])
      })
    }
  }

  it('rollup: maps a plugin deletes once both outputs are written leave the one manifest, withheld as deleted', async () => {
    const { rollup } = await import('rollup')
    const root = makeProject('rollup-one-format-deleted-maps')
    const dist = join(root, 'dist')
    // As an error tracker's upload plugin does, after shipguard's look at the written files is due.
    const deleteMaps = { name: 'delete-maps', writeBundle: (_: unknown, bundle: Record<string, unknown>) => { for (const path of Object.keys(bundle)) if (path.endsWith('.map')) rmSync(join(dist, path), { force: true }) } }
    await inProject(root, undefined, async () => {
      const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: [shipguardRollup({ sourcemaps: 'hidden' }), deleteMaps] })
      for (const entryFileNames of ['[name].js', '[name].min.js']) await bundle.write({ dir: dist, format: 'es', sourcemap: true, entryFileNames })
      await bundle.close()
    })
    expect(filesOnDisk(dist).filter((path) => path.endsWith('.map'))).toEqual([])
    const manifest = readManifest(join(root, 'node_modules/.cache/shipguard/rollup-es-dist.json'))
    expectManifestMatchesDisk(manifest, dist)
    expectSummaryOfFiles(manifest)
    expect(manifest.withheld.map((file) => [file.path, file.to])).toEqual(filesOnDisk(dist).filter((path) => path.endsWith('.js')).map((path) => [`${path}.map`, null]))
  })

  for (const bundler of ['rollup', 'rolldown'] as const) {
    it(`${bundler}: a second build with the same plugin replaces the manifest, the first left unclosed`, async () => {
      const root = makeProject(`${bundler}-one-format-again`)
      const dist = join(root, 'dist')
      const input = join(root, 'src/main.js')
      // One plugin for both builds, as a script or a watcher that builds again keeps it.
      const plugins = { rollup: [shipguardRollup({ sourcemaps: 'hidden' })], rolldown: [shipguardRolldown({ sourcemaps: 'hidden' })] }
      const open = async () => (bundler === 'rollup' ? (await import('rollup')).rollup({ input, plugins: plugins.rollup }) : (await import('rolldown')).rolldown({ input, cwd: root, plugins: plugins.rolldown }))
      await inProject(root, undefined, async () => {
        const first = await open()
        for (const entryFileNames of ['[name].js', '[name].min.js']) await first.write({ dir: dist, format: 'es', sourcemap: true, entryFileNames })
        const second = await open()
        await second.write({ dir: dist, format: 'es', sourcemap: true, entryFileNames: '[name].js' })
        // Before any closeBundle: the manifest as the second build's output left it.
        const manifest = readManifest(join(root, `node_modules/.cache/shipguard/${bundler}-es-dist.json`))
        // main.min.js is the first build's, left in the folder: on disk, and no file of the second.
        expect(manifest.files.map((file) => file.path)).toEqual(filesOnDisk(dist).filter((path) => !path.startsWith('main.min.js')))
        await second.close()
        await first.close()
      })
    })
  }
})
