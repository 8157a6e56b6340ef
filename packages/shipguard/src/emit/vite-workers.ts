import type { ForbiddenModule } from '@shipguard/core'
import { findForbiddenModules } from '../forbidden-modules.js'
import type { ResolvedOptions } from '../options.js'
import { bundleGraph, outputOptionsHook, type OutputBundle, type ViteConfigLike } from './rollup-family.js'

interface WorkerOutput {
  /** The worker's entry module id, for a worker the app inlines. */
  entry: string | undefined
  modules: string[]
  forbidden: ForbiddenModule[]
}

interface WorkerContext {
  getModuleInfo(id: string): { importers: readonly string[]; dynamicImporters: readonly string[]; isEntry: boolean } | null
}

type Transform = { order: 'pre'; filter: { code: string }; handler(this: unknown, code: string, id: string): undefined }

interface WorkerPlugin {
  name: string
  outputOptions: ReturnType<typeof outputOptionsHook>
  transform: Transform
  generateBundle: { order: 'post'; handler(this: WorkerContext, outputOptions: unknown, bundle: OutputBundle): void }
}

/**
 * vite bundles each worker apart, with `worker.plugins` and without the app's plugins:
 * the worker's chunks land in the app's bundle as assets, or inlined into the chunk
 * that starts the worker, with nothing to say which modules they hold. A plugin
 * shipguard adds to the worker's plugins records those modules and the forbid.modules
 * hits among them, from the worker's own graph, for the app's bundle to take in.
 */
export class WorkerBundles {
  private readonly outputs = new Map<string, WorkerOutput>()

  constructor(
    private readonly options: ResolvedOptions,
    private readonly viteConfig: () => ViteConfigLike | undefined,
    private readonly urlAssets: { transform: Transform; byImporter: ReadonlyMap<string, readonly string[]> },
  ) {}

  /** The plugin for `worker.plugins`. */
  plugin(): WorkerPlugin {
    const outputs = this.outputs
    const { options, viteConfig, urlAssets } = this
    return {
      name: 'shipguard:worker',
      // The worker's maps built as the app's are, without sources or links where the policy
      // removes them: an inlined worker's code is past any edit once it is a data URL.
      outputOptions: outputOptionsHook(options, viteConfig),
      // Files secret by their name that the worker takes in by new URL(), as the app's own.
      transform: urlAssets.transform,
      generateBundle: {
        order: 'post',
        handler(this: WorkerContext, _outputOptions: unknown, bundle: OutputBundle): void {
          const graph = bundleGraph(this, bundle, viteConfig()?.root ?? process.cwd(), urlAssets.byImporter)
          const forbidden = findForbiddenModules(graph, options.forbid.modules)
          const entry = Object.values(bundle).find((output) => output.type === 'chunk' && output.facadeModuleId)
          for (const [fileName, modules] of graph.outputs) {
            // A worker that starts a worker holds the inner one's chunk as an asset of its own bundle: what the inner build recorded stays.
            const inner = bundle[fileName]?.type === 'asset' ? outputs.get(fileName) : undefined
            if (inner) continue
            outputs.set(fileName, { entry: entry?.type === 'chunk' ? (entry.facadeModuleId ?? undefined) : undefined, modules, forbidden: forbidden.filter((hit) => hit.file === fileName) })
          }
        },
      },
    }
  }

  /**
   * The workers' modules and forbid.modules hits, given to the output of the app's bundle
   * that holds each: its own asset, or the chunk that inlines it. Kept for the next build:
   * a watched rebuild, or the next format of a library, takes a worker vite bundled once.
   */
  addTo(modules: Map<string, string[]>, forbidden: ForbiddenModule[], bundle: OutputBundle): void {
    for (const [fileName, worker] of this.outputs) {
      const holder = fileName in bundle ? fileName : chunkInlining(bundle, worker.entry)
      if (holder === undefined) continue
      modules.set(holder, [...new Set([...(modules.get(holder) ?? []), ...worker.modules])])
      forbidden.push(...worker.forbidden.map((hit) => ({ ...hit, file: holder })))
    }
  }
}

/** The chunk that holds `?worker&inline` (or `?sharedworker&inline`) of the worker's entry. */
function chunkInlining(bundle: OutputBundle, entry: string | undefined): string | undefined {
  if (entry === undefined) return undefined
  for (const [fileName, output] of Object.entries(bundle)) {
    if (output.type !== 'chunk') continue
    const ids = output.moduleIds ?? Object.keys(output.modules)
    if (ids.some((id) => id.startsWith(`${entry}?`) && /[?&](?:shared)?worker\b/.test(id))) return fileName
  }
  return undefined
}
