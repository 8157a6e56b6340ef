import { isAbsolute, relative, resolve, sep } from 'node:path'
import { rewriteSources, type BuildFile } from '@shipguard/core'
import { guardBuild, resolveMode } from '../build-gate.js'
import { checkFoundFiles } from '../found-files.js'
import { findForbiddenModules } from '../forbidden-modules.js'
import type { ResolvedOptions } from '../options.js'
import { toPosix } from '../paths.js'
import { upstreamFor } from '../upstream.js'
import { warmUpSoon } from '../warm-up.js'
import { remember } from './caller-options.js'
import { metafileGraph, type Metafile } from './metafile-graph.js'
import { writeFiles } from './write-files.js'

// The part of Bun's plugin API shipguard uses (Bun.build only: `bun build` on the
// command line runs no onEnd, and there `shipguard scan` is the gate).
interface BunArtifact extends Blob {
  path: string
  kind: string
  hash: string | null
  loader: string
  sourcemap: BunArtifact | null
}
interface BunBuildOutput {
  success: boolean
  outputs: BunArtifact[]
  logs: unknown[]
  metafile?: Metafile
}
interface BunPluginBuilder {
  config: { outdir?: string | undefined; metafile?: boolean | undefined; throw?: boolean | undefined; [key: string]: unknown }
  onEnd(callback: (result: BunBuildOutput) => void | Promise<void>): void
}

/**
 * Bun writes `outdir` before `onEnd` runs. To change or refuse output before it
 * lands, shipguard takes `outdir` away, judges the artifacts in memory, writes them
 * itself, and throws (failing Bun.build) when the build is refused. Report-only
 * builds (development, audit) keep Bun's own writing untouched and are judged after.
 */
export function bunSetup(options: ResolvedOptions) {
  return (build: BunPluginBuilder): void => {
    warmUpSoon(options)
    const root = process.cwd()
    const outdir = build.config.outdir === undefined ? undefined : resolve(root, build.config.outdir)
    const production = process.env.NODE_ENV !== 'development'
    // Without an outdir Bun writes nothing: the artifacts it hands back are what must be right.
    const enforcing = !options.audit && resolveMode(options, production) === 'production'
    const restoreCallersConfig = remember(build.config, ['outdir', 'sourcemap', 'metafile'])
    if (enforcing) build.config.outdir = undefined
    // 'linked' as 'external': the same map, without the link the policy would remove.
    if (upstreamFor(options, production).unlinked && build.config.sourcemap === 'linked') build.config.sourcemap = 'external'
    build.config.metafile = true
    const base = outdir ?? root
    // Artifacts and metafile keys are relative to the output folder, or absolute once Bun wrote them.
    const outputPath = (path: string) => toPosix(isAbsolute(path) ? relative(base, path) : path).replace(/^\.\//, '')
    // Bun.build({ throw: false }) answers its own failed builds with success: false and the message in
    // logs, not a rejection: a caller that checks success must see a refusal there too.
    const refuse = (result: BunBuildOutput, error: Error): void => {
      if (build.config.throw !== false) throw error
      result.success = false
      result.logs.push(Object.assign(error, { level: 'error', position: null }))
      result.outputs.splice(0, result.outputs.length)
    }

    build.onEnd(async (result) => {
      // Bun wrote what it writes before onEnd: the config a caller passes to Bun.build again must be the one given.
      restoreCallersConfig()
      if (!result.success) return
      const files: BuildFile[] = []
      // Bun names a map's sources from the output root, not from the map's own folder (dist/pages/a.js.map
      // names src/pages/a.ts ../src/pages/a.ts); with the outdir taken away, from the working directory.
      const rebase = enforcing && base !== root ? sourceRebaser(root, base) : undefined
      for (const artifact of result.outputs) {
        const path = outputPath(artifact.path)
        const bytes = new Uint8Array(await artifact.arrayBuffer())
        files.push({ path, bytes: rebase !== undefined && artifact.kind === 'sourcemap' ? rebasedMap(bytes, rebase) : bytes })
      }
      const entries = Array.isArray(build.config.entrypoints) ? (build.config.entrypoints as string[]) : []
      const { graph, modules } = metafileGraph(result.metafile ?? { outputs: {} }, root, outputPath, entries)
      let guarded
      try {
        guarded = guardBuild(files, modules, options, {
          bundler: 'bun',
          bundlerVersion: (globalThis as { Bun?: { version: string } }).Bun?.version ?? 'unknown',
          root,
          outDir: base,
          // An esm and a cjs build into one outdir keep their manifests apart.
          variant: typeof build.config.format === 'string' ? build.config.format : undefined,
          production,
          // Handed back to the caller: no folder of output exists for privateDir to lie inside.
          writesNothing: outdir === undefined,
        }, findForbiddenModules(graph, options.forbid.modules))
      } catch (error) {
        return refuse(result, error instanceof Error ? error : new Error(String(error)))
      }
      if (guarded.error !== undefined) return refuse(result, new Error(guarded.error))
      for (const warning of guarded.warnings) console.warn(warning)
      if (enforcing) {
        const byPath = new Map(result.outputs.map((each) => [outputPath(each.path), each]))
        const final = guarded.outcome.files.map((file) => {
          const original = byPath.get(file.path) as BunArtifact
          return { path: outdir === undefined ? original.path : resolve(outdir, file.path), contents: file.bytes, original }
        })
        if (outdir !== undefined) writeFiles(final)
        result.outputs.splice(0, result.outputs.length, ...final.map((file) => artifact(file.original, file.path, file.contents)))
      }
      if (outdir !== undefined) {
        // Bytes copied out of Bun's artifacts or edited here, which no one else holds: compared with, not hashed again.
        const ownBytes = new Map(guarded.outcome.files.map((file) => [file.path, file.bytes]))
        const found = await checkFoundFiles([{ ...guarded.landed, ownBytes }], options, 'bun')
        if (found.error !== undefined) return refuse(result, new Error(found.error))
        for (const warning of found.warnings) console.warn(warning)
      }
      console.log(guarded.info)
    })
  }
}

/**
 * Map sources rebased from the working directory onto the outdir, as Bun itself
 * would have written them. A map Bun made that cannot be read is left as it is,
 * for the judgement to refuse.
 */
function rebasedMap(bytes: Uint8Array, rebase: (source: string) => string): Uint8Array {
  try {
    return rewriteSources(bytes, rebase)
  } catch {
    return bytes
  }
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i
const ABOVE_OR_AT = /^(?:\.\.(?:\/\.\.)*)?$/
const UNC_START = /^[\\/]{2}/

/**
 * `relative(landsIn, resolve(builtIn, source))` for each source, worked out once per
 * folder and shared by every map of a build: a map names thousands of sources in a few
 * folders, and path.relative for each of them cost more than reading the maps.
 */
function sourceRebaser(builtIn: string, landsIn: string): (source: string) => string {
  const rebase = (path: string) => toPosix(relative(landsIn, resolve(builtIn, path)))
  const folders = new Map<string, string>()
  return (source) => {
    if (URL_SCHEME.test(source)) return source
    const slash = Math.max(source.lastIndexOf('/'), sep === '\\' ? source.lastIndexOf('\\') : -1)
    const name = source.slice(slash + 1)
    // A name that path.resolve would read as more than a file's name takes the long way.
    if (name === '' || name === '.' || name === '..' || name.includes(':')) return rebase(source)
    const folder = source.slice(0, slash + 1)
    let rebased = folders.get(folder)
    if (rebased === undefined) {
      rebased = rebase(folder)
      folders.set(folder, rebased)
    }
    // Joined, a name could resolve against the folder the map lands in or one above it, or a root:
    // path.relative shortens those, so they take the long way.
    if (ABOVE_OR_AT.test(rebased) || rebased.endsWith('/') || UNC_START.test(folder)) return rebase(source)
    return `${rebased}/${name}`
  }
}

/** An artifact shaped like Bun's own, for bytes shipguard wrote. */
function artifact(original: BunArtifact, path: string, bytes: Uint8Array): BunArtifact {
  return Object.assign(new Blob([bytes], { type: original.type }), {
    path,
    kind: original.kind,
    hash: original.hash,
    loader: original.loader,
    sourcemap: null,
  })
}
