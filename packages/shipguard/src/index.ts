import { createUnplugin, type RspackCompiler, type UnpluginFactory, type UnpluginInstance } from 'unplugin'
import { bunSetup } from './emit/bun.js'
import { esbuildSetup } from './emit/esbuild.js'
import { generateBundleHook, outputOptionsHook, type ViteConfigLike } from './emit/rollup-family.js'
import { webpackFamily } from './emit/webpack-family.js'
import { resolveOptions, type Options } from './options.js'

export type { Options } from './options.js'

export const unpluginFactory: UnpluginFactory<Options | undefined> = (rawOptions) => {
  const options = resolveOptions(rawOptions ?? {})
  let viteConfig: ViteConfigLike | undefined
  return {
    name: 'shipguard',
    enforce: 'post',
    vite: {
      configResolved(config: ViteConfigLike) {
        viteConfig = config
      },
      outputOptions: outputOptionsHook(options, () => viteConfig),
      generateBundle: generateBundleHook('vite', options, () => viteConfig),
    },
    rollup: { outputOptions: outputOptionsHook(options, () => undefined), generateBundle: generateBundleHook('rollup', options, () => undefined) },
    rolldown: { outputOptions: outputOptionsHook(options, () => undefined), generateBundle: generateBundleHook('rolldown', options, () => undefined) },
    webpack: webpackFamily('webpack', options),
    // rspack's compiler matches webpack's in every part webpackFamily touches.
    rspack: webpackFamily('rspack', options) as unknown as (compiler: RspackCompiler) => void,
    esbuild: { setup: esbuildSetup(options) },
    bun: { setup: bunSetup(options) },
  }
}

export const shipguard: UnpluginInstance<Options | undefined, false> = /* #__PURE__ */ createUnplugin(unpluginFactory)
export default shipguard
