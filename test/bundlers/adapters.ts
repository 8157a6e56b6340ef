import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BuildOptions } from 'esbuild'
import type { Options } from 'shipguard'
import { devtoolFor } from '../../packages/shipguard/src/upstream.ts'
import type { Adapter, BuildRun } from './matrix.ts'

// rollup hashes the sourcemap setting into chunk names, and shipguard asks for 'hidden' where
// its policy removes links: builds with and without it are compared by name minus the hash.
const withoutRollupHashes = (text: string) => text.replace(/-[\w-]{8}(?=\.(?:js|css)\b)/g, '-HASH')

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Runs a build with the process in the project folder, as a bundler run from its project would. */
export async function inProject<T>(root: string, nodeEnv: string | undefined, build: () => Promise<T>): Promise<T> {
  const cwd = process.cwd()
  const env = process.env.NODE_ENV
  process.chdir(root)
  if (nodeEnv === undefined) delete process.env.NODE_ENV
  else process.env.NODE_ENV = nodeEnv
  try {
    return await build()
  } finally {
    process.chdir(cwd)
    if (env === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = env
  }
}

export function viteAdapter(version: 7 | 8): Adapter {
  return {
    bundler: version === 8 ? 'vite' : 'vite 7',
    normalize: withoutRollupHashes,
    modes: { true: { inline: false, maps: true }, hidden: { inline: false, maps: true }, inline: { inline: true, maps: false } },
    outDir: (root) => join(root, 'dist'),
    async build(root, mode, options, variant = {}) {
      const { build } = (await import(version === 8 ? 'vite' : 'vite7')) as typeof import('vite')
      const shipguard = (await import('shipguard/vite')).default
      const logs: string[] = []
      const log = (message: string) => {
        logs.push(message)
      }
      const customLogger = { info: log, warn: log, warnOnce: log, error: log, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false }
      // vite decides production by NODE_ENV, not by mode: `NODE_ENV=development vite build`.
      return inProject(root, variant.development ? 'development' : undefined, async (): Promise<BuildRun> => {
        try {
          await build({
            root,
            configFile: false,
            customLogger,
            build: {
              sourcemap: mode === 'true' ? true : (mode as 'hidden' | 'inline'),
              outDir: 'dist',
              emptyOutDir: true,
              ...(variant.noSources ? { rollupOptions: { output: { sourcemapExcludeSources: true } } } : {}),
            },
            plugins: options ? [shipguard(options)] : [],
          })
          return { error: undefined, logs: logs.join('\n') }
        } catch (error) {
          return { error: messageOf(error), logs: logs.join('\n') }
        }
      })
    },
  }
}

const rollupModes = { true: { inline: false, maps: true }, hidden: { inline: false, maps: true }, inline: { inline: true, maps: false } }

export function rollupAdapter(): Adapter {
  return {
    bundler: 'rollup',
    modes: rollupModes,
    normalize: withoutRollupHashes,
    outDir: (root) => join(root, 'dist'),
    async build(root, mode, options, variant = {}) {
      const { rollup } = await import('rollup')
      const shipguard = (await import('shipguard/rollup')).default
      const logs: string[] = []
      return inProject(root, variant.development ? 'development' : undefined, async (): Promise<BuildRun> => {
        try {
          const bundle = await rollup({ input: 'src/main.js', plugins: options ? [shipguard(options)] : [], onLog: (_level, log) => logs.push(log.message) })
          await bundle.write({ dir: 'dist', sourcemap: mode === 'true' ? true : (mode as 'hidden' | 'inline'), sourcemapExcludeSources: variant.noSources === true, entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js' })
          await bundle.close()
          return { error: undefined, logs: logs.join('\n') }
        } catch (error) {
          return { error: messageOf(error), logs: logs.join('\n') }
        }
      })
    },
  }
}

export function rolldownAdapter(): Adapter {
  return {
    bundler: 'rolldown',
    modes: rollupModes,
    outDir: (root) => join(root, 'dist'),
    async build(root, mode, options, variant = {}) {
      const { rolldown } = await import('rolldown')
      const shipguard = (await import('shipguard/rolldown')).default
      const logs: string[] = []
      return inProject(root, variant.development ? 'development' : undefined, async (): Promise<BuildRun> => {
        try {
          const bundle = await rolldown({ input: 'src/main.js', cwd: root, plugins: options ? [shipguard(options)] : [], onLog: (_level, log) => logs.push(log.message) })
          await bundle.write({ dir: 'dist', sourcemap: mode === 'true' ? true : (mode as 'hidden' | 'inline'), sourcemapExcludeSources: variant.noSources === true, entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js' })
          await bundle.close()
          return { error: undefined, logs: logs.join('\n') }
        } catch (error) {
          return { error: messageOf(error), logs: logs.join('\n') }
        }
      })
    },
  }
}

const webpackModes = {
  'source-map': { inline: false, maps: true },
  'hidden-source-map': { inline: false, maps: true },
  'nosources-source-map': { inline: false, maps: true },
  'inline-source-map': { inline: true, maps: false },
  'eval-source-map': { inline: true, maps: false },
  'cheap-module-source-map': { inline: false, maps: true },
}

export function webpackAdapter(bundler: 'webpack' | 'rspack'): Adapter {
  return {
    bundler,
    // rspack's minifier drops cheap maps altogether: a production build has none.
    modes: bundler === 'rspack' ? { ...webpackModes, 'cheap-module-source-map': { inline: false, maps: false } } : webpackModes,
    outDir: (root) => join(root, 'dist'),
    // realContentHash renames files whose content shipguard changed; compare without the hashes.
    normalize: (text) => text.replace(/\b[0-9a-f]{16,20}\b/g, 'HASH'),
    async build(root, mode, options, variant = {}) {
      const shipguard = (await import(`shipguard/${bundler}`)).default as (options?: Options) => unknown
      const create = bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack
      return inProject(root, undefined, async (): Promise<BuildRun> => {
        const config = {
          mode: variant.development ? 'development' : 'production',
          ...(variant.node ? { target: 'node' } : {}),
          context: root,
          entry: './src/main.js',
          devtool: variant.devToolPlugin ? false : variant.noSources ? (devtoolFor(mode, { sourceless: true, unlinked: false }) as string) : mode,
          output: { path: join(root, 'dist'), filename: '[name].[contenthash].js', chunkFilename: '[name].[contenthash].js', ...(variant.clean ? { clean: true } : {}) },
          plugins: [...(variant.devToolPlugin ? [new create.SourceMapDevToolPlugin({ filename: '[file].map' })] : []), ...(options ? [shipguard(options)] : [])],
          infrastructureLogging: { level: 'none' },
        }
        const compiler = (create as (config: unknown) => WebpackLikeCompiler)(config)
        const stats = await new Promise<WebpackLikeStats>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result as WebpackLikeStats))))
        await new Promise<void>((resolve) => compiler.close(() => resolve()))
        const logs = stats.toString({ colors: false, logging: 'info', all: false, errors: true, warnings: true })
        if (stats.hasErrors()) return { error: stats.toJson({ all: false, errors: true }).errors.map((error) => error.message).join('\n'), logs }
        return { error: undefined, logs }
      })
    },
  }
}

interface WebpackLikeStats {
  hasErrors(): boolean
  toString(options: unknown): string
  toJson(options: unknown): { errors: Array<{ message: string }> }
}
interface WebpackLikeCompiler {
  run(callback: (error: Error | null, stats?: WebpackLikeStats) => void): void
  close(callback: () => void): void
}

/** The shared app as the esbuild tests build it: bundled, split and minified into dist. */
export const ESBUILD_APP: BuildOptions = { entryPoints: ['src/main.js'], bundle: true, splitting: true, format: 'esm', minify: true, outdir: 'dist' }

export function esbuildAdapter(): Adapter {
  return {
    bundler: 'esbuild',
    modes: { linked: { inline: false, maps: true }, external: { inline: false, maps: true }, inline: { inline: true, maps: false }, both: { inline: true, maps: true } },
    outDir: (root) => join(root, 'dist'),
    async build(root, mode, options, variant = {}) {
      const { build } = await import('esbuild')
      const shipguard = (await import('shipguard/esbuild')).default
      const logs: string[] = []
      const original = console.error
      console.error = (...args: unknown[]) => logs.push(args.join(' '))
      try {
        return await inProject(root, variant.development ? 'development' : undefined, async (): Promise<BuildRun> => {
          try {
            await build({
              absWorkingDir: root,
              ...ESBUILD_APP,
              sourcemap: mode as 'linked' | 'external' | 'inline' | 'both',
              ...(variant.noSources ? { sourcesContent: false } : {}),
              logLevel: 'warning',
              plugins: options ? [shipguard(options)] : [],
            })
            return { error: undefined, logs: logs.join('\n') }
          } catch (error) {
            return { error: messageOf(error), logs: logs.join('\n') }
          }
        })
      } finally {
        console.error = original
      }
    },
  }
}

const BUN = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))
const BUN_BUILD = fileURLToPath(new URL('./bun-build.ts', import.meta.url))

export function bunAdapter(): Adapter {
  return {
    bundler: 'bun',
    modes: { linked: { inline: false, maps: true }, external: { inline: false, maps: true }, inline: { inline: true, maps: false } },
    outDir: (root) => join(root, 'dist'),
    async build(root, mode, options, variant = {}) {
      const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
      if (variant.development) env.NODE_ENV = 'development'
      const run = spawnSync(BUN, [BUN_BUILD, JSON.stringify({ sourcemap: mode, options })], { cwd: root, env, encoding: 'utf8' })
      const result = /^@@result (.*)$/m.exec(run.stdout)
      if (!result) return { error: `bun exited ${run.status}: ${run.stderr}`, logs: run.stdout }
      const { error } = JSON.parse(result[1] as string) as { error: string | null }
      return { error: error ?? undefined, logs: run.stdout + run.stderr }
    },
  }
}
