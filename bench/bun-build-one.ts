// The bun variant of build-one.mjs, run under the bun binary.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import shipguard from 'shipguard/bun'

declare const Bun: { build(config: Record<string, unknown>): Promise<unknown> }

const [variant, root] = process.argv.slice(2) as [string, string]
const withShipguard = variant === 'shipguard'
const outDir = join(root, `dist-bun-${variant}`)
rmSync(outDir, { recursive: true, force: true })
process.chdir(root)
const build = () =>
  Bun.build({
    entrypoints: ['src/main.js'],
    outdir: outDir,
    splitting: true,
    minify: true,
    sourcemap: withShipguard ? 'linked' : 'external',
    plugins: withShipguard ? [shipguard({ sourcemaps: 'hidden', manifest: { path: `${outDir}.manifest.json` } })] : [],
  })
// As build-one.mjs: BENCH_REPEAT=n builds n times in this process and times the last.
for (let built = 1; built < Number(process.env.BENCH_REPEAT ?? 1); built++) await build()
const start = performance.now()
await build()
console.log(Math.round(performance.now() - start))
