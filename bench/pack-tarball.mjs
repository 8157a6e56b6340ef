// (d) `shipguard pack` of a tarball holding a ~60 MB map with its sources, made by
// npm pack itself, against the floor of reading and gunzipping the same tarball.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { largeMapJson } from './generators.mjs'
import { timeProcesses } from './measure.mjs'

const data = fileURLToPath(new URL('./.data/pack-tarball/', import.meta.url))
const cli = fileURLToPath(new URL('../packages/shipguard/dist/cli.js', import.meta.url))

function tarball() {
  const existing = existsSync(data) ? readdirSync(data).find((file) => file.endsWith('.tgz')) : undefined
  if (existing) return existing
  mkdirSync(data, { recursive: true })
  writeFileSync(`${data}package.json`, JSON.stringify({ name: 'bench-cli', version: '1.0.0', bin: { bench: 'cli.js' }, files: ['cli.js', 'cli.js.map'] }))
  writeFileSync(`${data}cli.js`, '#!/usr/bin/env node\nconsole.log("bench")\n')
  // Mostly mappings, which compress least, so that gzip leaves a tarball of about 30 MB.
  writeFileSync(`${data}cli.js.map`, largeMapJson({ sources: 4200, seed: 7, mappingsBytes: 47_000_000, bytesPerSource: 3_500 }))
  execFileSync('npm', ['pack', '--ignore-scripts'], { cwd: data, stdio: 'ignore' })
  return readdirSync(data).find((file) => file.endsWith('.tgz'))
}

export function run({ runs }) {
  const file = tarball()
  const [pack, floor] = timeProcesses([{ args: [cli, 'pack', file], expectedExit: 1 }, { args: ['-e', `require('zlib').gunzipSync(require('fs').readFileSync(${JSON.stringify(file)}))`] }], { runs, cwd: data })
  return [
    { scenario: 'pack of a tarball (npm pack) holding a 60 MB map with sources (exit 1)', ms: pack },
    { scenario: '  floor: node reads and gunzips the same tarball', ms: floor, ratio: pack / floor },
  ]
}
