// (c) Each bundler building a 1,200-module app with shipguard ('hidden': maps ship
// without sources, unlinked) against the same build using the bundler's own setting
// for that. Builds alternate, each in a fresh process, timed inside it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { writeApp } from './app.mjs'
import { median } from './measure.mjs'

const app = fileURLToPath(new URL('./.data/app/', import.meta.url))
const buildOne = fileURLToPath(new URL('./build-one.mjs', import.meta.url))
const bunBuildOne = fileURLToPath(new URL('./bun-build-one.ts', import.meta.url))
const bun = fileURLToPath(new URL('../node_modules/.bin/bun', import.meta.url))

function buildMs(bundler, variant) {
  const [command, args] = bundler === 'bun' ? [bun, [bunBuildOne, variant, app]] : [process.execPath, [buildOne, bundler, variant, app]]
  const run = spawnSync(command, args, { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`${bundler} ${variant}: ${run.stderr}`)
  return Number(run.stdout.trim().split('\n').pop())
}

export function run({ runs }) {
  if (!existsSync(`${app}src/main.js`)) writeApp(app)
  const rows = []
  for (const bundler of ['vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'esbuild', 'bun']) {
    const plain = []
    const guarded = []
    buildMs(bundler, 'plain')
    for (let i = 0; i < runs; i++) {
      plain.push(buildMs(bundler, 'plain'))
      guarded.push(buildMs(bundler, 'shipguard'))
    }
    const base = median(plain)
    const withShipguard = median(guarded)
    rows.push({ scenario: `${bundler}: build with shipguard ('hidden')`, ms: withShipguard, ratio: withShipguard / base, ratioLabel: `+${(((withShipguard - base) / base) * 100).toFixed(1)}%` })
    rows.push({ scenario: `  ${bundler}: own no-sources hidden maps, no plugin`, ms: base })
  }
  return rows
}
