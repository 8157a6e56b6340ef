// One build of the benchmark app, timed inside the process: `node bench/build-one.mjs
// <bundler> <shipguard|plain|handover> <appRoot>`. Prints the milliseconds the build took.
// `plain` uses the bundler's own setting for maps without sources and hidden links;
// `shipguard` gets the same maps from the plugin's 'hidden' policy; `handover` is plain
// with a plugin that only takes the output the way shipguard must (esbuild: write: false
// and a metafile, then writes the files itself; rollup family: reads every output's bytes
// in generateBundle), to show what seeing the output costs before anything is judged.
// With shipguard it also prints the time spent inside shipguard's own hooks and
// callbacks (the part of the build that waits on shipguard, measured inside the build
// and so untouched by how fast the bundler happened to run) and in its warm-up, which
// runs on the main thread between hooks. BENCH_HOOKS=1 also prints, on stderr, each
// hook's milliseconds and the memory pages it touched for the first time (minor page
// faults): on a machine where fresh memory is slow they are much of a hook's time.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const [bundler, variant, root] = process.argv.slice(2)
const withShipguard = variant === 'shipguard'
const outDir = join(root, `dist-${bundler}-${variant}`)
rmSync(outDir, { recursive: true, force: true })
process.chdir(root)
const handover = variant === 'handover'
let ownMs = 0
let warmUpMs = 0
let byHook = {}
const realSetImmediate = globalThis.setImmediate
// shipguard's warm-up is scheduled from inside its hooks and runs after them: timed apart.
function scheduledByShipguard(callback, ...args) {
  return realSetImmediate(() => {
    const start = performance.now()
    try {
      callback(...args)
    } finally {
      warmUpMs += performance.now() - start
    }
  })
}

// Synchronous hooks (rollup's outputOptions) must stay synchronous.
function timed(work, hook) {
  const start = performance.now()
  const faultsBefore = process.resourceUsage().minorPageFault
  const stop = () => {
    const ms = performance.now() - start
    ownMs += ms
    const total = (byHook[hook] ??= { ms: 0, pageFaults: 0 })
    total.ms += ms
    total.pageFaults += process.resourceUsage().minorPageFault - faultsBefore
  }
  globalThis.setImmediate = scheduledByShipguard
  let result
  try {
    result = work()
  } finally {
    globalThis.setImmediate = realSetImmediate
  }
  if (typeof result?.then === 'function') return result.finally(stop)
  stop()
  return result
}

/** The plugin with each of its hooks (rollup family) or callbacks (esbuild) timed. */
function timedPlugin(plugin) {
  if (typeof plugin.setup === 'function') {
    const setup = plugin.setup
    const callbacks = (build) => ({ ...build, initialOptions: build.initialOptions, esbuild: build.esbuild, onEnd: (callback) => build.onEnd((result) => timed(() => callback(result), 'onEnd')), onStart: (callback) => build.onStart(() => timed(() => callback(), 'onStart')) })
    return { ...plugin, setup: (build) => timed(() => setup(callbacks(build)), 'setup') }
  }
  const wrapped = { ...plugin }
  for (const [key, hook] of Object.entries(plugin)) {
    if (typeof hook === 'function') wrapped[key] = function (...args) { return timed(() => hook.apply(this, args), key) }
    else if (typeof hook?.handler === 'function') wrapped[key] = { ...hook, handler(...args) { return timed(() => hook.handler.apply(this, args), key) } }
  }
  return wrapped
}

/**
 * webpack and rspack: shipguard's processAssets callbacks timed. The hooks it taps are
 * wrapped only while it taps them, so that no other plugin's work is counted.
 */
function timedCompilerPlugin(plugin) {
  const wrapTaps = (hook, method, wrap) => {
    const own = Object.getOwnPropertyDescriptor(hook, method)
    const original = hook[method]
    hook[method] = (options, callback) => original.call(hook, options, wrap(callback))
    return () => (own ? Object.defineProperty(hook, method, own) : delete hook[method])
  }
  return {
    apply(compiler) {
      const restore = wrapTaps(compiler.hooks.thisCompilation, 'tap', (callback) => (compilation, ...rest) => {
        const restoreAssets = wrapTaps(compilation.hooks.processAssets, 'tapPromise', (assetsCallback) => (...args) => timed(() => assetsCallback(...args), 'processAssets'))
        try {
          return timed(() => callback(compilation, ...rest), 'thisCompilation')
        } finally {
          restoreAssets()
        }
      })
      try {
        plugin.apply(compiler)
      } finally {
        restore()
      }
    },
  }
}

const plugin = async (name) => {
  if (withShipguard) {
    const made = (await import(`shipguard/${name}`)).default({ sourcemaps: 'hidden', manifest: { path: `${outDir}.manifest.json` } })
    return [name === 'webpack' || name === 'rspack' ? timedCompilerPlugin(made) : timedPlugin(made)]
  }
  if (!handover) return []
  if (name === 'esbuild') return [esbuildHandover]
  return [{ name: 'handover', generateBundle: { order: 'post', handler(_options, bundle) { for (const output of Object.values(bundle)) Buffer.from(output.type === 'chunk' ? output.code : output.source) } } }]
}

const esbuildHandover = {
  name: 'handover',
  setup(build) {
    build.initialOptions.write = false
    build.initialOptions.metafile = true
    build.onEnd((result) => {
      for (const file of result.outputFiles ?? []) {
        mkdirSync(dirname(file.path), { recursive: true })
        writeFileSync(file.path, file.contents)
      }
    })
  },
}

const builds = {
  async vite() {
    const { build } = await import('vite')
    return () => build({ root, configFile: false, logLevel: 'silent', build: { outDir, sourcemap: withShipguard ? true : 'hidden', rollupOptions: withShipguard ? {} : { output: { sourcemapExcludeSources: true } } }, plugins: pluginList })
  },
  async rollup() {
    const { rollup } = await import('rollup')
    return async () => {
      const bundle = await rollup({ input: join(root, 'src/main.js'), plugins: pluginList })
      await bundle.write({ dir: outDir, sourcemap: withShipguard ? true : 'hidden', sourcemapExcludeSources: !withShipguard })
      await bundle.close()
    }
  },
  async rolldown() {
    const { rolldown } = await import('rolldown')
    return async () => {
      const bundle = await rolldown({ input: join(root, 'src/main.js'), cwd: root, plugins: pluginList })
      await bundle.write({ dir: outDir, sourcemap: withShipguard ? true : 'hidden', sourcemapExcludeSources: !withShipguard })
      await bundle.close()
    }
  },
  async webpack() {
    return webpackLike((await import('webpack')).default)
  },
  async rspack() {
    return webpackLike((await import('@rspack/core')).rspack)
  },
  async esbuild() {
    const { build } = await import('esbuild')
    return () => build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, splitting: true, format: 'esm', minify: true, outdir: outDir, sourcemap: withShipguard ? 'linked' : 'external', sourcesContent: withShipguard, logLevel: 'silent', plugins: pluginList })
  },
}

function webpackLike(create) {
  return () =>
    new Promise((resolve, reject) => {
      const compiler = create({ mode: 'production', context: root, entry: './src/main.js', devtool: withShipguard ? 'source-map' : 'hidden-nosources-source-map', output: { path: outDir }, plugins: pluginList, infrastructureLogging: { level: 'none' } })
      compiler.run((error, stats) => compiler.close(() => (error || stats.hasErrors() ? reject(error ?? new Error(stats.toString('errors-only'))) : resolve())))
    })
}

const pluginList = await plugin(bundler)
const run = await builds[bundler]()
// BENCH_REPEAT=n builds n times in this process and times the last: shipguard's code then runs compiled.
for (let built = 1; built < Number(process.env.BENCH_REPEAT ?? 1); built++) {
  await run()
  ownMs = 0
  warmUpMs = 0
  byHook = {}
}
const start = performance.now()
await run()
console.log(Math.round(performance.now() - start), ...(withShipguard ? [ownMs.toFixed(1), warmUpMs.toFixed(1)] : []))
if (process.env.BENCH_HOOKS) {
  const hooks = Object.entries(byHook).map(([hook, { ms, pageFaults }]) => `${hook} ${ms.toFixed(1)} ms ${pageFaults} faults`)
  console.error(`${hooks.join(', ')}; the whole process ${process.resourceUsage().minorPageFault} faults`)
}
