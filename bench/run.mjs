// Runs every benchmark and prints medians and ratios. `pnpm bench [runs]`.
import { cpus, totalmem } from 'node:os'
import * as largeMap from './large-map.mjs'
import * as packTarball from './pack-tarball.mjs'

const runs = Number(process.argv[2] ?? 5)
const rows = [...largeMap.run({ runs }), ...packTarball.run({ runs })]

console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB; median of ${runs} runs, whole processes\n`)
console.log('| scenario | median | ratio |')
console.log('|---|---:|---:|')
for (const row of rows) console.log(`| ${row.scenario} | ${Math.round(row.ms)} ms | ${row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`} |`)
