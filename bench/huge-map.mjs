// (e) A map larger than the largest V8 string: `shipguard scan` and `shipguard pack`
// judge it in chunks. Reports wall time and the peak resident memory of the process.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { writeLargeMap } from './generators.mjs'
import { median } from './measure.mjs'

const data = fileURLToPath(new URL('./.data/huge-map/', import.meta.url))
const cli = fileURLToPath(new URL('../packages/shipguard/dist/cli.js', import.meta.url))

/** Wall time and peak RSS of a whole process, by GNU time. */
function measure(args, expectedExit) {
  const start = performance.now()
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: data, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = performance.now() - start
  if (run.status !== expectedExit) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`)
  return { ms, rssMb: Number(run.stderr.trim().split('\n').pop()) / 1024 }
}

export function run({ runs }) {
  const map = `${data}package/dist/huge.js.map`
  if (!existsSync(map)) {
    mkdirSync(`${data}package/dist`, { recursive: true })
    writeFileSync(`${data}package/package.json`, JSON.stringify({ name: 'huge', version: '1.0.0', files: ['dist'] }))
    writeFileSync(`${data}package/dist/huge.js`, 'console.log("huge")\n')
    writeLargeMap(map)
  }
  const mb = Math.round(statSync(map).size / 1e6)
  const rows = []
  for (const [label, args] of [
    ['scan', [cli, 'scan', 'package/dist']],
    ['pack (folder)', [cli, 'pack', 'package']],
  ]) {
    const results = Array.from({ length: Math.max(1, Math.min(runs, 3)) }, () => measure(args, 1))
    rows.push({ scenario: `${mb} MB map, 24,000 sources: ${label}, peak RSS ${Math.round(Math.max(...results.map((result) => result.rssMb)))} MB`, ms: median(results.map((result) => result.ms)) })
  }
  return rows
}
