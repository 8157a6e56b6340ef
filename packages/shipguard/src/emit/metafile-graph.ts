import { isAbsolute, resolve } from 'node:path'
import { moduleNamer } from '../modules.js'
import type { ImportGraph } from '../forbidden-modules.js'

/** The metafile esbuild and Bun both write: inputs with their imports, outputs with their inputs. */
export interface Metafile {
  inputs?: Record<string, { imports?: Array<{ path: string; external?: boolean; entryPoint?: string }> }>
  outputs: Record<string, { inputs: Record<string, unknown>; entryPoint?: string }>
}

/**
 * The import graph of a metafile, in manifest module names. `outputPath` turns a
 * metafile output key into a path relative to the output folder; `entries` are the
 * build's entry points, where import chains start.
 */
export function metafileGraph(metafile: Metafile, root: string, outputPath: (key: string) => string, entries: readonly string[]): { graph: ImportGraph; modules: Map<string, string[]> } {
  // Metafile paths are relative to the working directory, which may not be the root.
  const name = moduleNamer(root, (input) => (isAbsolute(input) ? input : resolve(root, input)))
  const modules = new Map<string, string[]>()
  for (const [output, meta] of Object.entries(metafile.outputs)) modules.set(outputPath(output), name.all(Object.keys(meta.inputs)))
  // Who imports whom is needed only to show the chain to a forbidden module: built on first use.
  let importers: Map<string, string[]> | undefined
  const importersByModule = () => (importers ??= importersOf(metafile, name))
  const entrySet = new Set(entries.map(name))
  return {
    modules,
    graph: { outputs: modules, importersOf: (module) => importersByModule().get(module) ?? [], isEntry: (module) => entrySet.has(module) || !importersByModule().has(module) },
  }
}

function importersOf(metafile: Metafile, name: (input: string) => string): Map<string, string[]> {
  const importers = new Map<string, string[]>()
  for (const [input, meta] of Object.entries(metafile.inputs ?? {})) {
    for (const imported of meta.imports ?? []) {
      // A dynamic import points at the chunk it becomes; the module it loads is its entryPoint.
      const target = imported.entryPoint ?? (imported.external ? undefined : imported.path)
      if (target === undefined) continue
      const importersOfTarget = importers.get(name(target))
      if (importersOfTarget) importersOfTarget.push(name(input))
      else importers.set(name(target), [name(input)])
    }
  }
  return importers
}
