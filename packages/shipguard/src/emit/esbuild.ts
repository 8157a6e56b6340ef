import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { basename, dirname, relative, resolve } from 'node:path'
import type { BuildFile } from '@shipguard/core'
import type { Metafile, OutputFile, PluginBuild } from 'esbuild'
import { guardBuild } from '../build-gate.js'
import { refusalMessage } from '../build-messages.js'
import { checkFoundFiles, type LandedOutput } from '../found-files.js'
import { findForbiddenModules } from '../forbidden-modules.js'
import type { ResolvedOptions } from '../options.js'
import { toPosix } from '../paths.js'
import { printingMessages, shows } from './esbuild-log.js'
import { metafileGraph } from './metafile-graph.js'
import { remember } from './caller-options.js'
import { writeFiles } from './write-files.js'
import { upstreamFor } from '../upstream.js'
import { warmUpSoon } from '../warm-up.js'

/**
 * With `write: true` esbuild has written the files before `onEnd` runs, so shipguard
 * turns writing off, judges and edits `outputFiles` in `onEnd`, and then writes them
 * itself; or hands them back when the user asked for `write: false`. A refused
 * build writes nothing.
 */
export function esbuildSetup(options: ResolvedOptions) {
  return (build: PluginBuild): void => {
    const initial = build.initialOptions
    if (!initial.outdir && !initial.outfile) {
      // The bundle goes to stdout (or back to the caller) with no file name to judge it by.
      build.onEnd(printingMessages(build, () => ({ warnings: [{ text: 'shipguard: this build has no outdir or outfile, so its output has no files to judge; run shipguard scan where it lands' }] })))
      return
    }
    warmUpSoon(options)
    const restoreCallersOptions = remember(initial, ['write', 'metafile', 'sourcesContent', 'sourcemap'])
    const userWrites = initial.write !== false
    const userMetafile = initial.metafile === true
    initial.write = false
    initial.metafile = true
    const upstream = upstreamFor(options, process.env.NODE_ENV !== 'development')
    if (upstream.sourceless) initial.sourcesContent = false
    // 'linked' (or true) as 'external': the same map, without the link the policy would remove.
    if (upstream.unlinked && (initial.sourcemap === true || initial.sourcemap === 'linked')) initial.sourcemap = 'external'
    const root = initial.absWorkingDir ?? process.cwd()
    const outDir = resolve(root, initial.outdir ?? (initial.outfile ? dirname(initial.outfile) : '.'))

    // The output a later plugin's onEnd may still add to; looked at again once they have all run.
    let landed: LandedOutput | undefined
    let looksLast = false
    const lastLook = async () => {
      const output = landed
      landed = undefined
      if (output === undefined) return undefined
      const found = await checkFoundFiles([output], options, 'esbuild')
      if (found.error !== undefined) return { errors: [{ text: found.error }] }
      // Said once the folder passed this look: a "pass" naming a manifest would otherwise stand above the refusal that removes it.
      if (output.summary !== undefined && shows(initial, 'warning')) console.error(output.summary)
      return { warnings: found.warnings.map((text) => ({ text })) }
    }

    build.onEnd(printingMessages(build, async (result) => {
      // esbuild hands plugins the caller's own options object: one passed to build() again must find it as it was.
      restoreCallersOptions()
      const metafile = result.metafile
      // Turned on only to read the module graph: a caller who did not ask for one gets none, as without shipguard.
      if (!userMetafile) delete (result as { metafile?: Metafile }).metafile
      if (result.errors.length > 0 || !result.outputFiles) return undefined
      const outputs = result.outputFiles
      const files: BuildFile[] = outputs.map((output) => ({ path: toPosix(relative(outDir, output.path)), bytes: output.contents }))
      const entries = entryPointsOf(initial.entryPoints)
      const outputPath = (key: string) => toPosix(relative(outDir, resolve(root, key)))
      const { graph, modules } = metafileGraph(metafile ?? { outputs: {} }, root, outputPath, entries)
      let guarded
      try {
        guarded = guardBuild(files, modules, options, {
          bundler: 'esbuild',
          bundlerVersion: build.esbuild.version,
          root,
          outDir,
          // Builds that share a folder (outfile index.mjs and index.cjs, or an esm and a cjs build
          // into one outdir by outExtension) keep their manifests apart.
          variant: initial.outfile ? basename(initial.outfile) : initial.format,
          production: process.env.NODE_ENV !== 'development',
        }, findForbiddenModules(graph, options.forbid.modules))
      } catch (error) {
        return { errors: [{ text: error instanceof Error ? error.message : String(error) }] }
      }
      if (guarded.error !== undefined) {
        outputs.splice(0, outputs.length)
        // esbuild runs onEnd callbacks in plugin order: one listed earlier may have written the output already.
        const onDisk = files.filter((file) => isOnDisk(resolve(outDir, file.path), file.bytes)).map((file) => file.path)
        return { errors: [{ text: onDisk.length === 0 ? guarded.error : refusalMessage(guarded.landed.manifest, guarded.landed.mode, onDisk) }] }
      }
      const byPath = new Map(outputs.map((output) => [output.path, output]))
      const final = guarded.outcome.files.map((file) => {
        const path = resolve(outDir, file.path)
        return guarded.outcome.changed.has(file.path) ? outputFile(path, file.bytes) : (byPath.get(path) as OutputFile)
      })
      outputs.splice(0, outputs.length, ...final)
      if (userMetafile && metafile) describeWritten(metafile, outputPath, guarded.outcome.files)
      if (userWrites) {
        writeFiles(final)
        // esbuild does not return outputFiles to a build that writes them.
        delete (result as { outputFiles?: OutputFile[] }).outputFiles
      }
      // Refused here already if a plugin listed earlier wrote what must not ship (shipguard's own files it has
      // just written, or the caller will); its warnings wait for the last look, which reads the build's own files too.
      const found = await checkFoundFiles([{ ...guarded.landed, ownFiles: 'by-name' }], options, 'esbuild')
      if (found.error !== undefined) return { errors: [{ text: found.error }] }
      // Written from these very bytes, which esbuild hands no one once outputFiles is gone: compared with them, not hashed again.
      landed = { ...(userWrites ? { ...guarded.landed, ownBytes: new Map(guarded.outcome.files.map((file) => [file.path, file.bytes])) } : { ...guarded.landed, ownFiles: 'by-name' as const }), summary: guarded.info }
      // esbuild runs the onEnd callbacks of its list as they stand when it reaches each: one added now
      // runs after those of the plugins listed after shipguard, which may write files of their own.
      if (!looksLast) {
        looksLast = true
        build.onEnd(printingMessages(build, lastLook))
      }
      return { warnings: guarded.warnings.map((text) => ({ text })) }
    }))
  }
}

/**
 * The caller's metafile made to describe what is written: outputs shipguard withheld
 * (maps moved to privateDir or deleted) leave it, and edited ones get their new size.
 */
function describeWritten(metafile: Metafile, outputPath: (key: string) => string, written: readonly BuildFile[]): void {
  const sizes = new Map(written.map((file) => [file.path, file.bytes.byteLength]))
  for (const [key, output] of Object.entries(metafile.outputs)) {
    const bytes = sizes.get(outputPath(key))
    if (bytes === undefined) delete metafile.outputs[key]
    else output.bytes = bytes
  }
}

/** Whether a file holds these very bytes. */
function isOnDisk(path: string, bytes: Uint8Array): boolean {
  const size = statSync(path, { throwIfNoEntry: false })?.size
  return size === bytes.byteLength && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(readFileSync(path))
}

/** An object shaped like esbuild's own OutputFile, for a file shipguard changed. */
function outputFile(path: string, contents: Uint8Array): OutputFile {
  let text: string | undefined
  return {
    path,
    contents,
    hash: createHash('sha256').update(contents).digest('base64url').slice(0, 16),
    get text() {
      text ??= Buffer.from(contents).toString('utf8')
      return text
    },
  }
}

/** The paths of esbuild's entryPoints option, whichever of its shapes it has. */
function entryPointsOf(entryPoints: PluginBuild['initialOptions']['entryPoints']): string[] {
  if (!entryPoints) return []
  if (Array.isArray(entryPoints)) return entryPoints.map((entry) => (typeof entry === 'string' ? entry : entry.in))
  return Object.values(entryPoints)
}
