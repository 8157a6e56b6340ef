import { rolldown } from 'rolldown'
import shipguard from 'shipguard/rolldown'
import { app, collector, inApp, outDir } from '../shared.mjs'

async function rolldownBuild(variant, options) {
  const { lines, log } = collector()
  const bundle = await rolldown({ input: `${app}src/main.js`, cwd: app, plugins: [shipguard(options)], onLog: (_level, entry) => log(entry.message) })
  try {
    await bundle.write({ dir: outDir('rolldown', variant), sourcemap: true, entryFileNames: '[name]-[hash].js' })
  } finally {
    await bundle.close()
  }
  return lines
}

export const builds = {
  leaky: { config: 'output.sourcemap: true, shipguard()', run: () => inApp(() => rolldownBuild('leaky', {})) },
  fixed: { config: "output.sourcemap: true, shipguard({ sourcemaps: 'public' }): maps ship without sources, linked", run: () => inApp(() => rolldownBuild('fixed', { sourcemaps: 'public' })) },
}
