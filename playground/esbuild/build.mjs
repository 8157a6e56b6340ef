import { build } from 'esbuild'
import shipguard from 'shipguard/esbuild'
import { app, outDir } from '../shared.mjs'

async function esbuildBuild(variant, sourcemap, options) {
  const lines = []
  const original = console.error
  // esbuild has no logger for plugins; shipguard prints its line to stderr.
  console.error = (...args) => lines.push(args.join(' '))
  try {
    await build({ absWorkingDir: app, entryPoints: ['src/main.js'], bundle: true, minify: true, outdir: outDir('esbuild', variant), sourcemap, logLevel: 'warning', plugins: [shipguard(options)] })
  } finally {
    console.error = original
  }
  return lines
}

export const builds = {
  leaky: { config: "sourcemap: 'both', shipguard({ sourcemaps: 'hidden' })", run: () => esbuildBuild('leaky', 'both', { sourcemaps: 'hidden' }) },
  fixed: { config: "sourcemap: 'linked', shipguard({ sourcemaps: 'hidden' }): maps ship stripped, unlinked", run: () => esbuildBuild('fixed', 'linked', { sourcemaps: 'hidden' }) },
}
