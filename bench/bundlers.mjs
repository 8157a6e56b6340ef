// (c) Each bundler building a 3,000-module app with shipguard ('hidden': maps ship
// without sources, unlinked) against the same build using the bundler's own setting
// for that. Builds alternate, each in a fresh process, timed inside it.
// BENCH_MODULES=12000 builds an app of that many modules instead, to see how the cost scales;
// BENCH_REPEAT=5 times the fifth build in each process, to see the cost once V8 has compiled it.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { appEntry, writeApp } from './app.mjs'
import { median } from './measure.mjs'

const modules = Number(process.env.BENCH_MODULES ?? 3000)
const repeat = Number(process.env.BENCH_REPEAT ?? 1)
const app = fileURLToPath(new URL(modules === 3000 ? './.data/app/' : `./.data/app-${modules}/`, import.meta.url))
const buildOne = fileURLToPath(new URL('./build-one.mjs', import.meta.url))
const bunBuildOne = fileURLToPath(new URL('./bun-build-one.ts', import.meta.url))
const bun = fileURLToPath(new URL('../node_modules/.bin/bun', import.meta.url))

/** The build's milliseconds and, where build-one measures it, those spent inside shipguard. */
function build(bundler, variant) {
  const [command, args] = bundler === 'bun' ? [bun, [bunBuildOne, variant, app]] : [process.execPath, [buildOne, bundler, variant, app]]
  const run = spawnSync(command, args, { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`${bundler} ${variant}: ${run.stderr}`)
  const [ms, ownMs, warmUpMs] = (run.stdout.trim().split('\n').pop() ?? '').split(' ').map(Number)
  return { ms, ownMs, warmUpMs }
}

// Builds of a few hundred milliseconds vary by ±10% from run to run here: a bundler gets
// as many runs as it takes to spend this long building, up to MAX_RUNS.
const MIN_TOTAL_MS = 15_000
const MAX_RUNS = 25
// Where the plugin API makes taking the output a cost of its own, it is measured apart.
const HANDOVER = new Set(['vite', 'rolldown', 'esbuild'])

function overhead(ms, base) {
  return { ratio: ms / base, ratioLabel: `${ms >= base ? '+' : ''}${(((ms - base) / base) * 100).toFixed(1)}%` }
}

export function run({ runs, bundlers = ['vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'esbuild', 'bun'] }) {
  // Written again when the generator has changed since.
  if (!existsSync(`${app}src/main.js`) || readFileSync(`${app}src/main.js`, 'utf8') !== appEntry({ modules })) writeApp(app, { modules })
  const rows = []
  for (const bundler of bundlers) {
    const variants = ['plain', 'shipguard', ...(HANDOVER.has(bundler) ? ['handover'] : [])]
    const times = Object.fromEntries(variants.map((variant) => [variant, []]))
    const ownTimes = []
    const warmUpTimes = []
    const first = build(bundler, 'plain').ms
    const rounds = Math.min(MAX_RUNS, Math.max(runs, Math.ceil(MIN_TOTAL_MS / first)))
    for (let i = 0; i < rounds; i++) {
      // Each round starts with the next variant, so that no variant always runs first.
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(i + k) % variants.length]
        const { ms, ownMs, warmUpMs } = build(bundler, variant)
        times[variant].push(ms)
        if (variant === 'shipguard' && Number.isFinite(ownMs)) ownTimes.push(ownMs)
        if (variant === 'shipguard' && warmUpMs > 0) warmUpTimes.push(warmUpMs)
      }
    }
    const base = median(times.plain)
    const withShipguard = median(times.shipguard)
    const size = `${modules === 3000 ? '' : `, ${modules.toLocaleString('en')}-module app`}${repeat > 1 ? `, the last of ${repeat} builds in one process` : ''}`
    rows.push({ scenario: `${bundler}: build with shipguard ('hidden'${size}), ${rounds} runs`, ms: withShipguard, ...overhead(withShipguard, base) })
    if (ownTimes.length > 0) {
      const own = median(ownTimes)
      rows.push({ scenario: `  ${bundler}: inside shipguard's hooks in that build`, ms: own, ratioText: `${((own / base) * 100).toFixed(1)}% of the plain build` })
    }
    if (warmUpTimes.length > 0) {
      const warmUp = median(warmUpTimes)
      rows.push({ scenario: `  ${bundler}: shipguard's warm-up, between hooks`, ms: warmUp, ratioText: `${((warmUp / base) * 100).toFixed(1)}% of the plain build` })
    }
    if (times.handover) {
      const handedOver = median(times.handover)
      rows.push({ scenario: `  ${bundler}: taking the output only, no judging`, ms: handedOver, ...overhead(handedOver, base) })
    }
    rows.push({ scenario: `  ${bundler}: own no-sources hidden maps, no plugin`, ms: base })
  }
  return rows
}
