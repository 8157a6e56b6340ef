import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { largeMapJson } from '../bench/generators.mjs'
import { runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// The shape of a real leak: a ~60 MB map, thousands of modules with their source,
// and no sourceMappingURL anywhere pointing at it. Timing lives in bench/.
describe('a ~60 MB unlinked map holding 4,200 sources', () => {
  it('is refused by name, with the count of modules it carries', () => {
    const cwd = tempDir({ 'dist/cli.js': '#!/usr/bin/env node\nconsole.log("cli")\n' })
    const json = largeMapJson()
    expect(json.length).toBeGreaterThan(55_000_000)
    writeFileSync(join(cwd, 'dist/cli.js.map'), json)
    const run = runCli(['scan', 'dist'], { cwd })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('dist/cli.js.map: a source map carrying the source text of 4,200 of 4,200 modules in sourcesContent')
    expect(run.stdout).toContain('dist/cli.js.map: a source map that would ship (nothing links to it)')
    expect(run.stdout).toMatch(/shipguard scan dist: fail: 2 errors, 0 warnings in 2 files, 6\d MB, 1 map\n/)
    // Hashed on a second thread while it was judged: the report's hash is the file's.
    const report = JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout) as { files: { path: string; sha256: string }[] }
    const expected = createHash('sha256').update(readFileSync(join(cwd, 'dist/cli.js.map'))).digest('hex')
    expect(report.files.find((file) => file.path === 'cli.js.map')?.sha256).toBe(expected)
  })
})

// The same map inside JSON data that is no map (a build cache, a list of maps), past
// the 32 MB up to which such data was once searched.
describe('a ~60 MB map with 4,200 sources inside JSON data', () => {
  it('is refused for its sources: as an object, in a list, and kept as a JSON string', () => {
    const json = largeMapJson()
    const cwd = tempDir({ 'dist/app.js': 'x()\n' })
    writeFileSync(join(cwd, 'dist/data.json'), `{"map": ${json}}`)
    writeFileSync(join(cwd, 'dist/maps.json'), `[${json}]`)
    writeFileSync(join(cwd, 'dist/cache.json'), JSON.stringify({ code: 'x()', map: json }))
    const run = runCli(['scan', 'dist'], { cwd })
    for (const name of ['cache.json', 'data.json', 'maps.json']) expect(run.stdout).toContain(`dist/${name}:1: a source map inside JSON data carrying the source text of 4,200 of 4,200 modules in sourcesContent`)
    expect(run.code).toBe(1)
  })
})
