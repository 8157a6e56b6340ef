import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { filesOnDisk, makeProject } from '../support/project.ts'
import { bunAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(bunAdapter())

const BUN = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))
const BUN_BUILD = fileURLToPath(new URL('./bun-build.ts', import.meta.url))

interface BunRun {
  error: string | null
  written?: string[][]
  config?: { outdir: string | null; sourcemap: string | null; metafile: boolean }
  artifacts?: Array<{ path: string; text: string }>
  success?: boolean
  logs?: string[]
}

/** Bun.build in `root` through bun-build.ts, with `args` as it reads them. */
function bunBuild(root: string, args: Record<string, unknown>): BunRun {
  const run = spawnSync(BUN, [BUN_BUILD, JSON.stringify(args)], { cwd: root, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' })
  const result = /^@@result (.*)$/m.exec(run.stdout)?.[1]
  if (result === undefined) throw new Error(`bun exited ${run.status}: ${run.stderr}`)
  return JSON.parse(result) as BunRun
}

const sourcesOf = (dir: string, map: string) => (JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources: string[] }).sources

describe('bun: Bun.build without an outdir, its artifacts handed back', () => {
  it("'private': the artifacts carry no map and no link, the maps with their sources go to privateDir, nothing else is written", () => {
    const root = makeProject('bun-in-memory-private')
    const run = spawnSync(BUN, [BUN_BUILD, JSON.stringify({ sourcemap: 'linked', options: { sourcemaps: 'private' }, outdir: null })], { cwd: root, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' })
    const { error, artifacts } = JSON.parse(/^@@result (.*)$/m.exec(run.stdout)?.[1] ?? 'null') as { error: string | null; artifacts: Array<{ path: string; text: string }> }
    expect(error).toBeNull()
    expect(artifacts.length).toBeGreaterThan(0)
    expect(artifacts.filter((artifact) => artifact.path.endsWith('.map'))).toEqual([])
    expect(artifacts.filter((artifact) => artifact.text.includes('sourceMappingURL'))).toEqual([])
    const privateDir = join(root, 'node_modules/.cache/shipguard/private')
    const maps = filesOnDisk(privateDir).filter((path) => path.endsWith('.map'))
    expect(maps.length).toBeGreaterThan(0)
    for (const map of maps) expect((JSON.parse(readFileSync(join(privateDir, map), 'utf8')) as { sourcesContent: unknown[] }).sourcesContent.length).toBeGreaterThan(0)
    expect(existsSync(join(root, 'dist'))).toBe(false)
  })
})

describe('bun: maps of artifacts in a folder of their own name their sources as Bun does', () => {
  // An entry in a subfolder of the sources lands in a subfolder of the outdir; `naming` puts every entry into one.
  const builds = {
    'an entry in a subfolder': { entrypoints: ['src/pages/a.ts', 'src/b.ts'], splitting: false, format: 'esm' },
    "naming 'js/[name].[ext]'": { entrypoints: ['src/pages/a.ts', 'src/b.ts'], splitting: false, format: 'esm', naming: 'js/[name].[ext]' },
  }
  const project = (label: string) => {
    const root = makeProject(label)
    mkdirSync(join(root, 'src/pages'), { recursive: true })
    writeFileSync(join(root, 'src/util.ts'), 'export const twice = (n: number): number => n * 2\n')
    writeFileSync(join(root, 'src/pages/a.ts'), "import { twice } from '../util'\nconsole.log('a', twice(1))\n")
    writeFileSync(join(root, 'src/b.ts'), "import { twice } from './util'\nconsole.log('b', twice(2))\n")
    return root
  }

  for (const [label, config] of Object.entries(builds)) {
    for (const policy of ['public', 'private'] as const) {
      it(`${label}, '${policy}': the maps ${policy === 'public' ? 'shipped' : 'kept in privateDir'} name the sources Bun's own maps name`, () => {
        const root = project(`bun-map-folders-${label}-${policy}`)
        expect(bunBuild(root, { sourcemap: 'external', config, outdir: 'plain' }).error).toBeNull()
        const plainMaps = filesOnDisk(join(root, 'plain')).filter((path) => path.endsWith('.map'))
        expect(plainMaps.filter((path) => path.includes('/')).length).toBeGreaterThan(0)

        const options = policy === 'public' ? { sourcemaps: policy } : { sourcemaps: policy, privateDir: 'private-maps' }
        expect(bunBuild(root, { sourcemap: 'external', config, options, outdir: 'dist' }).error).toBeNull()
        const mapsDir = join(root, policy === 'public' ? 'dist' : 'private-maps')
        if (policy === 'private') expect(filesOnDisk(join(root, 'dist')).filter((path) => path.endsWith('.map'))).toEqual([])
        expect(filesOnDisk(mapsDir).filter((path) => path.endsWith('.map'))).toEqual(plainMaps)
        // Bun has no setting for maps without sources: only `sources` can be compared.
        for (const map of plainMaps) expect(sourcesOf(mapsDir, map), map).toEqual(sourcesOf(join(root, 'plain'), map))
      })
    }
  }
})

describe('bun: one config built again', () => {
  it("writes every time, and is left as the caller gave it ('hidden' turns its 'linked' maps into 'external' ones for the build alone)", () => {
    const root = makeProject('bun-same-config')
    const run = bunBuild(root, { sourcemap: 'linked', options: { sourcemaps: 'hidden' }, builds: 2 })
    expect(run.error).toBeNull()
    expect(run.written?.[0]?.length).toBeGreaterThan(0)
    expect(run.written?.[1]).toEqual(run.written?.[0])
    expect(run.config).toEqual({ outdir: 'dist', sourcemap: 'linked', metafile: false })
  })
})

describe('bun: Bun.build({ throw: false }) refused by shipguard', () => {
  const refusals = {
    "a map under 'refuse'": { sourcemaps: 'refuse' },
    'a privateDir inside the outdir': { sourcemaps: 'private', privateDir: 'dist/maps' },
  } as const
  for (const [label, options] of Object.entries(refusals)) {
    it(`${label}: returns success false with the refusal in logs, as for Bun's own errors, and writes nothing`, () => {
      const root = makeProject(`bun-throw-false-${label}`)
      const returned = bunBuild(root, { sourcemap: 'external', options, config: { throw: false } })
      expect(returned.error).toBeNull()
      expect(returned.success).toBe(false)
      expect(returned.logs).toEqual([expect.stringMatching(/^shipguard/)])
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])

      // Without it, the same refusal rejects Bun.build as before.
      const thrown = bunBuild(root, { sourcemap: 'external', options })
      expect(thrown.error).toBe(returned.logs?.[0])
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    })
  }
})
