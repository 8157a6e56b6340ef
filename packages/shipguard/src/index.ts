import { createUnplugin, type RspackCompiler, type UnpluginFactory, type UnpluginInstance } from 'unplugin'
import { bunSetup } from './emit/bun.js'
import { esbuildSetup } from './emit/esbuild.js'
import { closeBundleHook, generateBundleHook, outputOptionsHook, outputPluginWriteBundleHook, writeBundleHook, type ViteConfigLike } from './emit/rollup-family.js'
import type { LandedOutput } from './found-files.js'
import { urlAssetTracker } from './emit/url-assets.js'
import { WorkerBundles } from './emit/vite-workers.js'
import { webpackFamily } from './emit/webpack-family.js'
import { resolveOptions, type Options } from './options.js'
import { RunManifests } from './run-manifests.js'
import { warmUpSoon } from './warm-up.js'

export type { Options } from './options.js'

export const unpluginFactory: UnpluginFactory<Options | undefined> = (rawOptions) => {
  const options = resolveOptions(rawOptions ?? {})
  let viteConfig: ViteConfigLike | undefined
  const rolldownCwds = new WeakMap<object, string>()
  const copiesPublicDir = new Set<string>()
  // One run's outputs of one key share a manifest. A run ends at closeBundle and starts with
  // rollup's buildStart or rolldown's options hook: rolldown (vite 8 too) runs buildStart for each output.
  const run = new RunManifests()
  const buildStart = () => warmUpSoon(options)
  const urlAssets = urlAssetTracker(() => viteConfig?.command === 'serve')
  const workers = new WorkerBundles(options, () => viteConfig, urlAssets)
  // Outputs written since the last closeBundle, for the look at their folders then.
  const landing: LandedOutput[] = []
  const rollupCloseBundle = closeBundleHook('rollup', options, landing, run)
  // rollup runs no build hook of a plugin listed in output.plugins: buildStart never seen says it is one.
  let buildHooksRun = false
  return {
    name: 'shipguard',
    enforce: 'post',
    vite: {
      // vite copies public/ into the output before the bundle is written, past any plugin.
      // shipguard copies it instead, with the bundle, where it is judged like the rest.
      configEnvironment(name: string, config: { build?: { copyPublicDir?: boolean } }) {
        if (config.build?.copyPublicDir === false) return undefined
        copiesPublicDir.add(name)
        return { build: { copyPublicDir: false } }
      },
      // Workers are bundled with worker.plugins alone: shipguard's worker plugin goes there too.
      config(config: { worker?: { plugins?: unknown } }, env: { command: string }) {
        if (env.command !== 'build') return
        const own = config.worker?.plugins
        // vite flattens what the function returns (arrays, promises, falsy entries); an array of plugins is the older form.
        config.worker = { ...config.worker, plugins: () => [typeof own === 'function' ? (own as () => unknown)() : own, workers.plugin()] }
      },
      configResolved(config: ViteConfigLike) {
        viteConfig = config
      },
      // No warm-up under vite: timed against the same code without it, three times, its hooks
      // took 3.5-5 ms less with it but the whole build 2-6 ms more. It moved the compiling
      // rather than saving it.
      transform: urlAssets.transform,
      watchChange: urlAssets.watchChange,
      outputOptions: outputOptionsHook(options, () => viteConfig),
      generateBundle: generateBundleHook('vite', options, () => viteConfig, { copiesPublicDir, urlAssets: urlAssets.byImporter, workers, run }),
      writeBundle: writeBundleHook(() => viteConfig, landing),
      closeBundle: closeBundleHook('vite', options, landing, run, () => viteConfig),
    },
    rollup: {
      buildStart() {
        buildHooksRun = true
        run.clear()
        buildStart()
      },
      outputOptions: outputOptionsHook(options, () => undefined),
      generateBundle: generateBundleHook('rollup', options, () => undefined, { run }),
      writeBundle: outputPluginWriteBundleHook(landing, rollupCloseBundle.handler, () => !buildHooksRun),
      closeBundle: rollupCloseBundle,
    },
    rolldown: {
      options() {
        run.clear()
      },
      buildStart,
      // rolldown resolves the input and a relative output folder against its `cwd` option.
      // The output's options object is the same in the hooks that follow, and tells overlapping builds apart.
      renderStart(outputOptions: object, inputOptions: { cwd?: string }) {
        if (inputOptions.cwd) rolldownCwds.set(outputOptions, inputOptions.cwd)
      },
      outputOptions: outputOptionsHook(options, () => undefined),
      generateBundle: generateBundleHook('rolldown', options, () => undefined, { bundlerCwd: (output) => rolldownCwds.get(output), run }),
      writeBundle: writeBundleHook(() => undefined, landing, (output) => rolldownCwds.get(output)),
      closeBundle: closeBundleHook('rolldown', options, landing, run),
    },
    webpack: webpackFamily('webpack', options),
    // rspack's compiler matches webpack's in every part webpackFamily touches.
    rspack: webpackFamily('rspack', options) as unknown as (compiler: RspackCompiler) => void,
    esbuild: { setup: esbuildSetup(options) },
    bun: { setup: bunSetup(options) },
  }
}

export const shipguard: UnpluginInstance<Options | undefined, false> = /* #__PURE__ */ createUnplugin(unpluginFactory)
export default shipguard
