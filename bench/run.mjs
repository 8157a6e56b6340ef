// Runs every benchmark and prints medians and ratios: `pnpm bench [runs] [suite] [bundler,…]`.
import { cpus, totalmem } from 'node:os'

const runs = Number(process.argv[2] ?? 5)
const only = process.argv[3]
const bundlers = process.argv[4]?.split(',')
const suites = {
  'large-map': './large-map.mjs',
  'many-files': './many-files.mjs',
  bundlers: './bundlers.mjs',
  'pack-tarball': './pack-tarball.mjs',
  'huge-map': './huge-map.mjs',
}

console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB; median of ${runs} runs\n`)
console.log('| scenario | median | ratio |')
console.log('|---|---:|---:|')
for (const [name, module] of Object.entries(suites)) {
  if (only && only !== name) continue
  const { run } = await import(module)
  for (const row of run({ runs, bundlers })) {
    const ratio = row.ratioText ?? (row.ratioLabel && row.ratio !== undefined ? `${row.ratio.toFixed(2)}× (${row.ratioLabel})` : row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`)
    console.log(`| ${row.scenario} | ${Math.round(row.ms)} ms | ${ratio} |`)
  }
}
