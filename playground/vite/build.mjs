import { build } from 'vite'
import shipguard from 'shipguard/vite'
import { app, collector, outDir } from '../shared.mjs'

async function viteBuild(variant, sourcemap, options) {
  const { lines, log } = collector()
  const customLogger = { info: log, warn: log, warnOnce: log, error: log, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false }
  await build({ root: app, configFile: false, logLevel: 'warn', customLogger, build: { outDir: outDir('vite', variant), emptyOutDir: true, sourcemap }, plugins: [shipguard(options)] })
  return lines
}

export const builds = {
  leaky: { config: 'build.sourcemap: true, shipguard()', run: () => viteBuild('leaky', true, {}) },
  fixed: {
    config: "build.sourcemap: true, shipguard({ sourcemaps: 'private' }): maps kept for the error tracker, outside dist",
    run: () => viteBuild('fixed', true, { sourcemaps: 'private' }),
  },
}
