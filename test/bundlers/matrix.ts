import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Options } from 'shipguard'
import { beforeAll, describe, expect, it } from 'vitest'
import { expectManifestMatchesDisk, readManifest, SOURCE_MAPPING_URL, withoutSources } from '../support/assert-output.ts'
import { defaultManifests, filesOnDisk, makeProject } from '../support/project.ts'

export interface BuildRun {
  /** The error the build failed with, as the bundler reports it; undefined when it passed. */
  error: string | undefined
  logs: string
}

/** What a bundler's sourcemap setting produces. */
export interface ModeTraits {
  inline: boolean
  /** Map files of their own. */
  maps: boolean
}

export interface BuildVariant {
  development?: boolean
  noSources?: boolean
  /** webpack/rspack: maps from a SourceMapDevToolPlugin in the config, with `devtool: false`, as many projects set them up. */
  devToolPlugin?: boolean
  /** webpack/rspack: built for node (`target: 'node'`), so that the app can be run. */
  node?: boolean
  /** webpack/rspack: `output.clean`, which removes from the folder what the build does not emit. */
  clean?: boolean
}

export interface Adapter {
  bundler: string
  modes: Record<string, ModeTraits>
  /**
   * `options: null` builds without shipguard: the baseline every result is compared with.
   * `noSources` asks the bundler itself for maps without sources, as shipguard does for
   * policies that would strip them anyway.
   */
  build(root: string, mode: string, options: Options | null, variant?: BuildVariant): Promise<BuildRun>
  outDir(root: string): string
  /** Content hashes that change with content (webpack's realContentHash) are replaced by a placeholder. */
  normalize?(text: string): string
}

const POLICIES = ['refuse', 'public', 'hidden', 'private', 'delete'] as const
type Policy = (typeof POLICIES)[number]

interface Output {
  root: string
  outDir: string
  files: Map<string, Buffer>
}

function readOutput(root: string, outDir: string): Output {
  return { root, outDir, files: new Map(filesOnDisk(outDir).map((path) => [path, readFileSync(join(outDir, path))])) }
}

const isMap = (path: string) => path.endsWith('.map')
const withoutLink = (text: string) => text.replace(/(\r?\n)?\/\/# sourceMappingURL=[^\s]+/, '')

/**
 * Builds the shared fixture app with every sourcemap setting of a bundler, crossed
 * with each policy, audit and development, and checks what lands on disk against the
 * same build without shipguard.
 */
export function describeMatrix(adapter: Adapter, { development = true }: { development?: boolean } = {}): void {
  const normalize = adapter.normalize ?? ((text: string) => text)
  const normalizedFiles = (output: Output) => new Map([...output.files].map(([path, bytes]) => [normalize(path), bytes]))

  for (const [mode, traits] of Object.entries(adapter.modes)) {
    describe(`${adapter.bundler}, sourcemap ${mode}`, () => {
      // Every build of a mode runs in one folder, cleaned in between: some devtools
      // (webpack's eval-*) put hashes of absolute paths into the output.
      let root: string
      let plainBaseline: Output
      let sourcelessBaseline: Output
      const project = () => {
        rmSync(adapter.outDir(root), { recursive: true, force: true })
        rmSync(join(root, 'node_modules'), { recursive: true, force: true })
        return root
      }
      beforeAll(async () => {
        root = makeProject(`${adapter.bundler}-${mode}`)
        const run = await adapter.build(root, mode, null)
        expect(run.error).toBeUndefined()
        plainBaseline = readOutput(root, adapter.outDir(root))
        expect(plainBaseline.files.size).toBeGreaterThan(0)
        expect([...plainBaseline.files.keys()].some(isMap)).toBe(traits.maps)
        expect((await adapter.build(project(), mode, null, { noSources: true })).error).toBeUndefined()
        sourcelessBaseline = readOutput(root, adapter.outDir(root))
      })

      for (const policy of POLICIES) {
        const refused = traits.inline || (traits.maps && policy === 'refuse')
        it(`${policy}: ${refused ? 'refused, nothing written' : describePolicy(policy, traits)}`, async () => {
          // Where the policy needs no sources, shipguard asks the bundler for none: compare with that build.
          const baseline = policy === 'public' || policy === 'hidden' || policy === 'delete' ? sourcelessBaseline : plainBaseline
          const root = project()
          const run = await adapter.build(root, mode, { sourcemaps: policy })
          const output = readOutput(root, adapter.outDir(root))
          if (refused) {
            expectRefused(run, baseline, root, adapter.outDir(root), normalize)
            return
          }
          expect(run.error).toBeUndefined()
          expect(run.logs).toMatch(/shipguard: \d+ files?, .* in .*; pass; manifest node_modules\/\.cache\/shipguard\/.+\.json/)
          const manifests = defaultManifests(root)
          expect(manifests).toHaveLength(1)
          const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', manifests[0] as string))
          expect(manifest).toMatchObject({ mode: 'production', policy, bundler: { name: adapter.bundler.replace(/ .*/, '') }, summary: { verdict: 'pass', errors: 0 } })
          expectManifestMatchesDisk(manifest, output.outDir)
          expectModulesFromTheGraph(manifest)
          expectPolicyApplied(policy, traits, baseline, output, manifest, normalize)
          expect(normalizedFiles(output).size).toBe(normalizedFiles(baseline).size - (policy === 'private' || policy === 'delete' ? [...baseline.files.keys()].filter(isMap).length : 0))
        })
      }

      it('audit: output identical to the build without shipguard, manifest written, never fails', async () => {
        const root = project()
        const run = await adapter.build(root, mode, { audit: true })
        expect(run.error).toBeUndefined()
        expect(readOutput(root, adapter.outDir(root)).files).toEqual(plainBaseline.files)
        const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', defaultManifests(root)[0] as string))
        expectManifestMatchesDisk(manifest, adapter.outDir(root))
        expect(manifest.summary.verdict).toBe(traits.inline || traits.maps ? 'fail' : 'pass')
      })

      if (development) {
        it('development: reports only, output identical to the build without shipguard', async () => {
          await adapter.build(project(), mode, null, { development: true })
          const plain = readOutput(root, adapter.outDir(root)).files
          const run = await adapter.build(project(), mode, {}, { development: true })
          expect(run.error).toBeUndefined()
          expect(readOutput(root, adapter.outDir(root)).files).toEqual(plain)
          const manifest = readManifest(join(root, 'node_modules/.cache/shipguard', defaultManifests(root)[0] as string))
          expect(manifest.mode).toBe('development')
          if (traits.inline || traits.maps) expect(run.logs).toMatch(/would fail a production build/)
        })
      }
    })
  }
}

function describePolicy(policy: Policy, traits: ModeTraits): string {
  if (!traits.maps) return 'passes unchanged'
  return {
    refuse: '',
    public: 'maps ship stripped, links kept',
    hidden: 'maps ship stripped, links removed',
    private: 'maps moved to privateDir with sources, links removed',
    delete: 'maps and links removed',
  }[policy]
}

function expectRefused(run: BuildRun, baseline: Output, root: string, outDir: string, normalize: (text: string) => string): void {
  expect(run.error).toMatch(/shipguard refused this production build: \d+ errors? in/)
  // The message names the files that stopped it.
  const named = [...baseline.files.keys()].filter((path) => normalize(run.error ?? '').includes(normalize(path)))
  expect(named.length).toBeGreaterThan(0)
  expect(filesOnDisk(outDir)).toEqual([])
  expect(defaultManifests(root)).toEqual([])
}

function expectModulesFromTheGraph(manifest: ReturnType<typeof readManifest>): void {
  const modules = new Set(manifest.files.filter((file) => file.kind === 'script').flatMap((file) => file.modules))
  for (const module of ['src/main.js', 'src/greet.js', 'src/internal/pricing.js', 'src/lazy.js']) expect(modules).toContain(module)
}

function expectPolicyApplied(
  policy: Policy,
  traits: ModeTraits,
  baseline: Output,
  output: Output,
  manifest: ReturnType<typeof readManifest>,
  normalize: (text: string) => string,
): void {
  const text = (bytes: Buffer | undefined) => normalize((bytes ?? Buffer.alloc(0)).toString('utf8'))
  const baselineByName = new Map([...baseline.files].map(([path, bytes]) => [normalize(path), bytes]))
  for (const [path, bytes] of output.files) {
    const before = baselineByName.get(normalize(path))
    expect(before, `${path} has a counterpart in the build without shipguard`).toBeDefined()
    if (isMap(path)) {
      // Stripped: the same map minus sourcesContent, mappings and all.
      expect(policy === 'public' || policy === 'hidden').toBe(true)
      expect(JSON.parse(bytes.toString('utf8'))).not.toHaveProperty('sourcesContent')
      expect(withoutSources(text(bytes))).toEqual(withoutSources(text(before)))
    } else if (policy === 'public' || !traits.maps) {
      expect(text(bytes)).toBe(text(before))
    } else {
      expect(text(bytes)).not.toMatch(SOURCE_MAPPING_URL)
      expect(text(bytes)).toBe(withoutLink(text(before)))
    }
  }
  const baselineMaps = [...baseline.files.keys()].filter(isMap).map(normalize).sort()
  if (policy === 'private' || policy === 'delete') {
    expect([...output.files.keys()].filter(isMap)).toEqual([])
    expect(manifest.withheld.map((file) => normalize(file.path)).sort()).toEqual(baselineMaps)
    // Each withheld map is named after the file that ships, so that error trackers pair them.
    for (const withheld of manifest.withheld) expect(output.files.has(withheld.path.replace(/\.map$/, ''))).toBe(true)
  }
  if (policy === 'private') {
    // Nothing lost: each map sits in privateDir as the bundler made it, sources and all.
    for (const withheld of manifest.withheld) {
      expect(withheld.to).toMatch(/^node_modules\/\.cache\/shipguard\/private\//)
      expect(text(readFileSync(join(output.root, withheld.to as string)))).toBe(text(baselineByName.get(normalize(withheld.path))))
    }
  }
}
