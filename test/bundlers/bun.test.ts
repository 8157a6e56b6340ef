import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { filesOnDisk, makeProject } from '../support/project.ts'
import { bunAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(bunAdapter())

const BUN = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))
const BUN_BUILD = fileURLToPath(new URL('./bun-build.ts', import.meta.url))

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
