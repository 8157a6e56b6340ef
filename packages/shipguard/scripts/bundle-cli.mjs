// Bundles the CLI into dist/cli.js. A CLI process pays for every module it loads:
// loaded file by file, the engine alone took ~55 ms to import, bundled ~17 ms, which
// is a tenth of scanning a typical build. The commands stay separate chunks, loaded
// on demand, and npm's packing libraries stay outside, loaded only by `pack`.
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const { dependencies } = JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8'))
// Bundled: the engine and the two small libraries every command uses.
const bundled = new Set(['@shipguard/core', 'picomatch', 'picocolors'])

await build({
  absWorkingDir: packageRoot,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  // Chunks sit beside cli.js, so that `../package.json` from any of them is this package's.
  chunkNames: 'cli-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !bundled.has(name)),
  // picomatch is CommonJS and requires node's path module.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
})
