import { posix } from 'node:path'
import { firstMatchingGlob, SECRET_FILE_NAMES, type ForbiddenModule } from '@shipguard/core'

/** A bundler's module graph as far as forbid.modules needs it, in manifest module names. */
export interface ImportGraph {
  /** Output file → the modules bundled into it. */
  outputs: ReadonlyMap<string, readonly string[]>
  /** The modules that import this one (statically or dynamically). */
  importersOf(module: string): readonly string[]
  isEntry(module: string): boolean
}

// Scripts are left out of the secret file names: `src/.env.ts` is code that reads the environment.
const SCRIPT_MODULE = /\.[cm]?[jt]sx?$/i
// A line that is no script's name, in names joined by newlines.
const NOT_A_SCRIPT_LINE = new RegExp(`^(?!.*${SCRIPT_MODULE.source})`, 'im')

/**
 * Every bundled module a forbid.modules glob names, with the shortest import chain
 * from an entry that pulled it in, as the bundler's own graph records it. A file whose
 * name alone makes it secret (`.env*`, `.npmrc`, an ssh private key) counts too when a
 * bundler takes it in as a module: webpack emits an imported `.env.production` as
 * `4f2a….production`, a name no glob over the output can tell, and inlined as text it
 * has no file of its own at all. Judged by its file name, since it often lies outside
 * the project root (`../../.env`), where `**` does not reach.
 */
export function findForbiddenModules(graph: ImportGraph, globs: readonly string[]): ForbiddenModule[] {
  const forbiddenModule = firstMatchingGlob(globs)
  const found: ForbiddenModule[] = []
  for (const [file, modules] of graph.outputs) {
    // Without globs only a module named as a secret file is forbidden, never a script: a chunk of
    // scripts alone, most chunks, is passed by one search of its names rather than a call for each.
    if (globs.length === 0 && !NOT_A_SCRIPT_LINE.test(modules.join('\n'))) continue
    for (const module of modules) {
      const pattern = forbiddenModule(module) ?? (SCRIPT_MODULE.test(module) ? undefined : secretFileNamePattern(module))
      if (pattern !== undefined) found.push({ file, module, chain: chainTo(graph, module), pattern, ...(isEntryAlone(graph, module) && { entry: true as const }) })
    }
  }
  return found
}

/** The secret file name (`.env*`, `.npmrc`, …) a path's last segment matches, if any. */
export function secretFileNamePattern(path: string): string | undefined {
  const name = posix.basename(path)
  // In any case, as a case-blind file system takes `.ENV` for `.env`; a script's name only starts like one (`.Envelope.js`).
  return firstMatchingGlob(SECRET_FILE_NAMES)(SCRIPT_MODULE.test(name) ? name : name.toLowerCase())
}

/** An entry point nothing else imports: taking it out of the entry points is the whole fix. */
function isEntryAlone(graph: ImportGraph, module: string): boolean {
  return graph.isEntry(module) && graph.importersOf(module).length === 0
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
