import type { ForbiddenModule } from '@shipguard/core'
import picomatch from 'picomatch'

/** A bundler's module graph as far as forbid.modules needs it, in manifest module names. */
export interface ImportGraph {
  /** Output file → the modules bundled into it. */
  outputs: ReadonlyMap<string, readonly string[]>
  /** The modules that import this one (statically or dynamically). */
  importersOf(module: string): readonly string[]
  isEntry(module: string): boolean
}

/**
 * Every bundled module a forbid.modules glob names, with the shortest import chain
 * from an entry that pulled it in, as the bundler's own graph records it.
 */
export function findForbiddenModules(graph: ImportGraph, globs: readonly string[]): ForbiddenModule[] {
  if (globs.length === 0) return []
  const matchers = globs.map((glob) => ({ glob, matches: picomatch(glob, { dot: true }) }))
  const found: ForbiddenModule[] = []
  for (const [file, modules] of graph.outputs) {
    for (const module of modules) {
      const pattern = matchers.find(({ matches }) => matches(module))?.glob
      if (pattern !== undefined) found.push({ file, module, chain: chainTo(graph, module), pattern })
    }
  }
  return found
}

/** Breadth first up the importers, so that the chain shown is the shortest one. */
function chainTo(graph: ImportGraph, module: string): string[] {
  const next = new Map<string, string | undefined>([[module, undefined]])
  const queue = [module]
  while (queue.length > 0) {
    const current = queue.shift() as string
    if (graph.isEntry(current)) {
      const chain = [current]
      for (let step = next.get(current); step !== undefined; step = next.get(step)) chain.push(step)
      return chain
    }
    for (const importer of graph.importersOf(current)) {
      if (next.has(importer)) continue
      next.set(importer, current)
      queue.push(importer)
    }
  }
  return [module]
}
