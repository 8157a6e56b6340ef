import { enforcePolicy, serializeManifest, verifyOutput, type BuildFile } from '@shipguard/core'
import { gateOptionsFor } from './build-gate.js'
import { refusalMessage } from './build-messages.js'
import { findForbiddenModules } from './forbidden-modules.js'
import type { ResolvedOptions } from './options.js'

// The made-up module's text goes into the map by name: a map written into shipped code with its text in place is what shipguard refuses.
const MADE_UP_SOURCE = 'export const greeting = "hi"\n'
const MAP = { version: 3, file: 'main.js', sources: ['../src/main.ts'], sourcesContent: [MADE_UP_SOURCE], names: ['greeting'], mappings: 'AAAO,MAAMA,SAAW' }

// A made-up output that takes the judgement down each of its main paths: a linked map
// with sources to strip or withhold, a link to remove, an inline map to refuse, and
// text in which the secret search finds needles but no secret.
const SAMPLE_OUTPUT: readonly BuildFile[] = [
  { path: 'main.js', bytes: Buffer.from('const greeting="hi";const k="sk-no",g="gh",a="AIza_",i="IA";export{greeting};\n//# sourceMappingURL=main.js.map\n') },
  { path: 'main.js.map', bytes: Buffer.from(JSON.stringify(MAP)) },
  { path: 'style.css', bytes: Buffer.from(`a{color:red}\n/*# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ ...MAP, file: 'style.css' })).toString('base64')} */\n`) },
  { path: 'index.html', bytes: Buffer.from('<!doctype html><script type="module" src="/main.js"></script>\n') },
]

let warming = false

/**
 * Judges a small made-up output once per process, soon after the first build starts.
 * V8 compiles each function on its first call: in a cold process the first real
 * judgement of the benchmark's vite output took 18–26 ms, a warm one 4–8 ms.
 * rolldown, vite 8, esbuild and Bun build on threads or in a process of their own
 * while this thread waits for them, so the compiling happens while nothing else
 * needs it. Nothing is written, logged or kept.
 */
export function warmUpSoon(options: ResolvedOptions): void {
  if (warming) return
  warming = true
  const soon = setImmediate(() => {
    try {
      warmUp(options)
    } catch {
      // Only a head start: the real judgement runs the same code and reports what fails.
    }
  })
  // A runtime whose timers cannot be unreferenced still runs the warm-up, just without exiting early.
  soon?.unref?.()
}

/** The judgement of the made-up output under the user's options, as a build would make it. */
export function warmUp(options: ResolvedOptions): { refused: boolean; message: string } {
  const build = { bundler: 'vite', bundlerVersion: '0.0.0', root: '/', outDir: '/dist' } as const
  const modules = new Map([['main.js', ['src/main.ts']]])
  // Compiles the module globs (forbid.modules and the secret file names) the first build would.
  findForbiddenModules({ outputs: modules, importersOf: () => [], isEntry: () => true }, options.forbid.modules)
  const gate = gateOptionsFor(options, 'production', build, options.sourcemaps === 'private' ? '/private' : undefined, modules, [])
  const outcome = enforcePolicy(SAMPLE_OUTPUT, gate)
  const verdict = verifyOutput(outcome.files, outcome, gate)
  serializeManifest(verdict.manifest)
  return { refused: verdict.refused, message: refusalMessage(verdict.manifest, 'production') }
}
