// Runs under the bun binary: `bun playground/bun/build.ts leaky|fixed`.
import shipguard from 'shipguard/bun'
import { app, outDir } from '../shared.mjs'

declare const Bun: { build(config: Record<string, unknown>): Promise<unknown> }

const variant = process.argv[2] === 'fixed' ? 'fixed' : 'leaky'
process.chdir(app)
await Bun.build({
  entrypoints: ['src/main.js'],
  outdir: outDir('bun', variant),
  sourcemap: 'linked',
  minify: true,
  plugins: [shipguard(variant === 'fixed' ? { sourcemaps: 'delete' } : {})],
})
