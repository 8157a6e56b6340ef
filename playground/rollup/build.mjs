import { rollup } from 'rollup'
import shipguard from 'shipguard/rollup'
import { app, collector, inApp, outDir } from '../shared.mjs'

async function rollupBuild(variant, sourcemap, options) {
  const { lines, log } = collector()
  const bundle = await rollup({ input: `${app}src/main.js`, plugins: [shipguard(options)], onLog: (_level, entry) => log(entry.message) })
  try {
    await bundle.write({ dir: outDir('rollup', variant), sourcemap, entryFileNames: '[name]-[hash].js' })
  } finally {
    await bundle.close()
  }
  return lines
}

export const builds = {
  leaky: { config: "output.sourcemap: 'inline', shipguard({ sourcemaps: 'hidden' })", run: () => inApp(() => rollupBuild('leaky', 'inline', { sourcemaps: 'hidden' })) },
  fixed: { config: "output.sourcemap: true, shipguard({ sourcemaps: 'hidden' }): maps ship stripped, unlinked", run: () => inApp(() => rollupBuild('fixed', true, { sourcemaps: 'hidden' })) },
}
