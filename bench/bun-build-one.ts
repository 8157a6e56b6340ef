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
const start = performance.now()
await Bun.build({
  entrypoints: ['src/main.js'],
  outdir: outDir,
  splitting: true,
  minify: true,
  sourcemap: withShipguard ? 'linked' : 'external',
  plugins: withShipguard ? [shipguard({ sourcemaps: 'hidden', manifest: { path: `${outDir}.manifest.json` } })] : [],
})
console.log(Math.round(performance.now() - start))
