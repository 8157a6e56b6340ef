import { constants } from 'node:buffer'
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { folderFileSet, sha256Hex, type BuildFile } from '@shipguard/core'
import { guardBuild, type BuildTarget } from '../build-gate.js'
import { checkFoundFiles, expectWritten, type LandedOutput } from '../found-files.js'
import type { ResolvedOptions } from '../options.js'
import { findForbiddenModules, type ImportGraph } from '../forbidden-modules.js'
import { moduleNamer } from '../modules.js'
import type { RunManifests } from '../run-manifests.js'
import { upstreamFor } from '../upstream.js'
import type { WorkerBundles } from './vite-workers.js'
import { WrittenFiles } from './written-files.js'
import { utf8Bytes } from '../utf8-bytes.js'

// The parts of rollup's, rolldown's and vite's plugin APIs that shipguard uses; the
// three agree on them, so one implementation serves all.
export interface OutputChunk {
  type: 'chunk'
  code: string
  /** The module the chunk stands for, for an entry chunk. */
  facadeModuleId?: string | null
  modules: Record<string, unknown>
  /** The keys of `modules` without building it: rolldown builds that object on each read. */
  moduleIds?: readonly string[]
}
export interface OutputAsset {
  type: 'asset'
  source: string | Uint8Array
  originalFileNames?: readonly string[]
}
export type OutputBundle = Record<string, OutputChunk | OutputAsset>
interface OutputOptions {
  dir?: string | undefined
  file?: string | undefined
  format?: string | undefined
  sourcemap?: boolean | 'inline' | 'hidden' | undefined
  sourcemapExcludeSources?: boolean | undefined
}
interface Context {
  meta: { watchMode?: boolean; rollupVersion?: string; rolldownVersion?: string; viteVersion?: string }
  environment?: { name: string; config?: ViteConfigLike }
  error(message: string): never
  warn(message: string): void
  info?(message: string): void
  getModuleInfo(id: string): { importers: readonly string[]; dynamicImporters: readonly string[]; isEntry: boolean } | null
  emitFile(file: { type: 'asset'; fileName: string; source: Uint8Array }): string
}
export interface ViteConfigLike {
  root: string
  command: 'build' | 'serve'
  isProduction: boolean
  logger: { info(message: string): void; warn(message: string): void }
  build: { outDir: string; lib?: unknown; rollupOptions?: { output?: unknown }; rolldownOptions?: { output?: unknown } }
  publicDir: string
}

type Bundler = 'vite' | 'rollup' | 'rolldown'

/** The folder a bundler resolves relative paths against, by the options of the output being written (rolldown's `cwd`). */
export type BundlerCwd = (outputOptions: object) => string | undefined

function isProduction(context: Pick<Context, 'meta'>, vite: ViteConfigLike | undefined): boolean {
  return vite ? vite.isProduction : !context.meta.watchMode && process.env.NODE_ENV !== 'development'
}

/** Asks for maps without sources, or without links, when the policy would take them out anyway. */
export function outputOptionsHook(options: ResolvedOptions, viteConfig: () => ViteConfigLike | undefined) {
  return function <T extends OutputOptions>(this: Pick<Context, 'meta'>, outputOptions: T): T | null {
    const upstream = upstreamFor(options, isProduction(this, viteConfig()))
    const unlink = upstream.unlinked && outputOptions.sourcemap === true
    if (!upstream.sourceless && !unlink) return null
    return { ...outputOptions, ...(upstream.sourceless && { sourcemapExcludeSources: true }), ...(unlink && { sourcemap: 'hidden' as const }) }
  }
}

/**
 * The `generateBundle` hook, ordered last: there the bundle holds the final code and
 * the map assets, an edit is what gets written, and `this.error` writes nothing.
 */
export interface BundleHookExtras {
  /** vite environments whose public/ folder shipguard copies (and judges) with the bundle. */
  copiesPublicDir?: ReadonlySet<string>
  bundlerCwd?: BundlerCwd
  /** Files secret by their name that modules took in by `new URL()`, by importing module id. */
  urlAssets?: ReadonlyMap<string, readonly string[]>
  /** vite's worker bundles, built apart, whose output lands in this bundle. */
  workers?: WorkerBundles
  /** The manifests of this build's outputs so far, which outputs of one key share. */
  run?: RunManifests
}

export function generateBundleHook(bundler: Bundler, options: ResolvedOptions, viteConfig: () => ViteConfigLike | undefined, { copiesPublicDir = new Set(), bundlerCwd = () => undefined, urlAssets = new Map(), workers, run }: BundleHookExtras = {}) {
  return {
    order: 'post' as const,
    async handler(this: Context, outputOptions: OutputOptions, bundle: OutputBundle, isWrite?: boolean): Promise<void> {
      const vite = viteConfig()
      const root = vite?.root ?? bundlerCwd(outputOptions) ?? process.cwd()
      const target: BuildTarget = {
        bundler,
        bundlerVersion: versionOf(bundler, this.meta),
        root,
        outDir: outDirOf(outputOptions, root, vite),
        // A vite library build, or one given several outputs, writes one output per format into one folder.
        variant: vite ? [this.environment?.name, vite.build.lib || hasSeveralOutputs(vite) ? outputOptions.format : undefined].filter(Boolean).join('-') || undefined : variantOf(outputOptions),
        production: isProduction(this, vite),
      }
      const publicFiles = vite && copiesPublicDir.has(this.environment?.name ?? 'client') ? await readPublicDir(this, vite.publicDir, target.outDir, target.production && !options.audit) : []
      const files: BuildFile[] = [...publicFiles]
      // Read once: rolldown makes a new string on each read of code or source.
      const contents = new Map<string, string | Uint8Array>()
      // Bytes shipguard made itself and hands no one: what was judged, to compare the files written with.
      const ownBytes = new Map<string, Uint8Array>()
      for (const [fileName, output] of Object.entries(bundle)) {
        const content = output.type === 'chunk' ? output.code : output.source
        contents.set(fileName, content)
        const bytes = toBytes(content)
        if (typeof content === 'string') ownBytes.set(fileName, bytes)
        files.push({ path: fileName, bytes })
      }
      const graph = bundleGraph(this, bundle, root, urlAssets)
      const forbidden = findForbiddenModules(graph, options.forbid.modules)
      workers?.addTo(graph.outputs, forbidden, bundle)
      let guarded
      try {
        guarded = guardBuild(files, graph.outputs, options, target, forbidden, run)
      } catch (error) {
        this.error(error instanceof Error ? error.message : String(error))
      }
      for (const warning of guarded.warnings) this.warn(warning)
      if (guarded.error !== undefined) this.error(guarded.error)
      const { outcome } = guarded
      const fromPublic = new Set(publicFiles.map((file) => file.path))
      for (const path of outcome.removed) delete bundle[path]
      for (const file of outcome.files) {
        if (fromPublic.has(file.path)) {
          this.emitFile({ type: 'asset', fileName: file.path, source: file.bytes })
          continue
        }
        if (!outcome.changed.has(file.path)) continue
        const output = bundle[file.path] as OutputChunk | OutputAsset
        if (output.type === 'chunk') {
          // Decoded from a view of the edited bytes, not a copy of them.
          const code = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).toString('utf8')
          output.code = code
          contents.set(file.path, code)
        } else {
          // A copy: the edited bytes stay shipguard's own, which no plugin can change in place.
          output.source = Uint8Array.from(file.bytes)
          contents.delete(file.path)
        }
        ownBytes.set(file.path, file.bytes)
      }
      const shipped = new Map(guarded.landed.manifest.files.map((file) => [file.path, file.sha256]))
      // A production build's folder gets a last look once written (closeBundle), which says the summary if
      // it passes; output generated and not written (bundle.generate(), vite's build.write false) gets none.
      const looksAgain = guarded.landed.mode === 'production' && isWrite !== false
      // In place, not a copy: the outputs that share its manifest hold this very object, settled once written.
      const landed: LandedOutput = guarded.landed
      landed.ownBytes = ownBytes
      if (looksAgain) landed.summary = guarded.info
      judged.set(outputOptions, {
        forms: new Map(outcome.files.flatMap((file) => {
          const form = judgedForm(contents.get(file.path), ownBytes.get(file.path), shipped.get(file.path))
          return form ? [[file.path, form] as const] : []
        })),
        manifestPath: guarded.manifestPath,
        landed,
      })
      if (looksAgain) expectWritten(landed)
      else say(this, vite, guarded.info)
    },
  }
}

// What shipguard judged of each output, by path, for writeBundle to compare. By the
// output's options object, which the bundler hands both hooks: outputs that share a
// folder (index.mjs and index.cjs) may be written at once, each judged apart.
const judged = new WeakMap<object, { forms: Map<string, JudgedForm>; manifestPath: string | undefined; landed: LandedOutput }>()

/**
 * A file as writeBundle can compare it: text as the very string judged (strings
 * cannot change in place, and comparing them costs less than hashing them again),
 * and the bytes judged where no one else holds them, to compare with the file written;
 * bytes the bundle shares, which a plugin could change in place, by their sha256 as
 * the manifest has it.
 */
type JudgedForm = { text: string | undefined; bytes: Uint8Array } | { sha256: string }

function judgedForm(content: string | Uint8Array | undefined, ownBytes: Uint8Array | undefined, sha256: string | undefined): JudgedForm | undefined {
  if (ownBytes !== undefined) return { text: typeof content === 'string' ? content : undefined, bytes: ownBytes }
  return sha256 === undefined ? undefined : { sha256 }
}

function isUnchanged(form: JudgedForm | undefined, path: string, output: OutputChunk | OutputAsset, written: WrittenFiles | undefined): boolean {
  if (form === undefined) return false
  const expected = 'bytes' in form ? { bytes: form.bytes } : form
  // rolldown makes an asset's source anew on each read (code it keeps): the file it wrote costs less to read.
  const onDisk = written && output.type === 'asset' ? written.sameAs(path, expected) : undefined
  if (onDisk !== undefined) return onDisk
  const text = output.type === 'chunk' ? output.code : typeof output.source === 'string' ? output.source : undefined
  if ('text' in form && form.text !== undefined && text !== undefined) return form.text === text
  // Text swapped for bytes or the other way round: the same file if the bytes are the same.
  const bytes = toBytes(text ?? (output as OutputAsset).source)
  return 'bytes' in expected ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(expected.bytes) : sha256Hex(bytes) === expected.sha256
}

type WriteBundleCheck = (this: Context, outputOptions: OutputOptions, bundle: OutputBundle) => void

/**
 * A plugin ordered after shipguard can still add or change files in generateBundle.
 * Once written they cannot be taken back, but the build must not pass unjudged output.
 */
export function writeBundleHook(viteConfig: () => ViteConfigLike | undefined, landing: LandedOutput[], bundlerCwd: BundlerCwd = () => undefined): { order: 'pre'; sequential: true; handler: WriteBundleCheck } {
  // First and alone, so that the files are read as the bundler wrote them, before other plugins' writeBundle.
  return { order: 'pre' as const, sequential: true, handler: writeBundleCheck(viteConfig, landing, bundlerCwd) }
}

/**
 * rollup's writeBundle for a plugin that may be listed in `output.plugins`, where rollup
 * runs no build hook, closeBundle included: there the folder is looked at once this
 * output is written, before the writeBundle of the plugins after it.
 */
export function outputPluginWriteBundleHook(landing: LandedOutput[], lookAtFolders: ReturnType<typeof closeBundleHook>['handler'], isOutputPlugin: () => boolean) {
  const check = writeBundleCheck(() => undefined, landing, () => undefined)
  return {
    order: 'pre' as const,
    sequential: true,
    async handler(this: Context, outputOptions: OutputOptions, bundle: OutputBundle): Promise<void> {
      check.call(this, outputOptions, bundle)
      if (isOutputPlugin()) await lookAtFolders.call(this)
    },
  }
}

/**
 * Last, once every output is written and every plugin has had its writeBundle: the
 * folders written into are looked at for files the build did not write. Not reached
 * by a script that never calls `bundle.close()`; rollup's and vite's own commands do.
 */
export function closeBundleHook(bundler: Bundler, options: ResolvedOptions, landing: LandedOutput[], run: RunManifests, viteConfig: () => ViteConfigLike | undefined = () => undefined) {
  return {
    order: 'post' as const,
    sequential: true,
    async handler(this: Pick<Context, 'error' | 'warn' | 'info' | 'meta'>): Promise<void> {
      const written = landing.splice(0)
      // The outputs written keep the manifests they share; the next build's own start anew.
      run.clear()
      const saySummaries = (outputs: readonly LandedOutput[]) => {
        for (const output of outputs) if (output.summary !== undefined) say(this, viteConfig(), output.summary)
      }
      // A watched build is written again on every change: its folder is looked at when it is built to ship.
      if (this.meta.watchMode) return saySummaries(written)
      const byFolder = new Map<string, LandedOutput[]>()
      for (const output of written) byFolder.set(output.outDir, [...(byFolder.get(output.outDir) ?? []), output])
      for (const outputs of byFolder.values()) {
        const check = await checkFoundFiles(outputs, options, bundler)
        if (check.error !== undefined) this.error(check.error)
        saySummaries(outputs)
        for (const warning of check.warnings) this.warn(warning)
      }
    },
  }
}

/** A line for the build's log: vite's logger, or rollup's info log where the bundler has one. */
function say(context: Pick<Context, 'warn' | 'info'>, vite: ViteConfigLike | undefined, line: string): void {
  if (vite) vite.logger.info(line)
  else if (context.info) context.info(line)
  else context.warn(line)
}

function writeBundleCheck(viteConfig: () => ViteConfigLike | undefined, landing: LandedOutput[], bundlerCwd: BundlerCwd): WriteBundleCheck {
  return function (this: Context, outputOptions: OutputOptions, bundle: OutputBundle): void {
    const vite = viteConfig()
    const outDir = outDirOf(outputOptions, vite?.root ?? bundlerCwd(outputOptions) ?? process.cwd(), vite)
    const record = judged.get(outputOptions)
    if (!record) return
    judged.delete(outputOptions)
    const seen = record.forms
    const written = this.meta.rolldownVersion === undefined ? undefined : new WrittenFiles(outDir)
    const unjudged = Object.entries(bundle)
      .filter(([path, output]) => !isUnchanged(seen.get(path), path, output, written))
      .map(([path]) => path)
    if (unjudged.length > 0) {
      // The manifest would claim a pass for output that went out unjudged.
      if (record.manifestPath !== undefined) rmSync(record.manifestPath, { force: true })
      this.error(`shipguard: ${unjudged.join(', ')} changed or appeared after shipguard judged the output, and went out unjudged; list shipguard last among the plugins, or check the output with shipguard scan`)
    }
    // Watch builds are development builds, whose folders closeBundle leaves alone.
    if (record.landed.mode !== 'production') return
    // One output's bytes are kept at a time: a script that writes again and again without
    // bundle.close() would otherwise hold every output. The others are compared by sha256.
    for (const waiting of landing) delete waiting.ownBytes
    landing.push(record.landed)
  }
}

function toBytes(source: string | Uint8Array): Uint8Array {
  return typeof source === 'string' ? utf8Bytes(source) : source
}

function versionOf(bundler: Bundler, meta: Context['meta']): string {
  const version = bundler === 'vite' ? meta.viteVersion : bundler === 'rollup' ? meta.rollupVersion : meta.rolldownVersion
  return version ?? 'unknown'
}

function outDirOf(output: OutputOptions, root: string, vite: ViteConfigLike | undefined): string {
  const dir = output.dir ?? (output.file ? dirname(output.file) : vite?.build.outDir ?? 'dist')
  return isAbsolute(dir) ? dir : resolve(root, dir)
}

function hasSeveralOutputs(vite: ViteConfigLike): boolean {
  const output = vite.build.rolldownOptions?.output ?? vite.build.rollupOptions?.output
  return Array.isArray(output) && output.length > 1
}

/** Several outputs of one rollup config may share a folder; the format and file tell them apart. */
function variantOf(output: OutputOptions): string | undefined {
  const file = output.file ? output.file.replace(/^.*[\\/]/, '') : undefined
  return [output.format, file].filter(Boolean).join('-') || undefined
}

/**
 * A chunk carries what its modules took in by `new URL()` (inlined, or as the asset it
 * names): listed with its modules, each imported by the module that named it.
 */
function addUrlAssets(ids: readonly string[], names: string[], urlAssets: ReadonlyMap<string, readonly string[]>, nameOf: (id: string) => string, urlImporters: Map<string, string[]>): void {
  ids.forEach((id, index) => {
    for (const file of urlAssets.get(id) ?? []) {
      const name = nameOf(file)
      if (!names.includes(name)) names.push(name)
      const importers = urlImporters.get(name) ?? []
      if (!importers.includes(names[index] as string)) urlImporters.set(name, [...importers, names[index] as string])
    }
  })
}

/** The modules in each output of a bundle and rollup's graph of them, in manifest module names. */
export function bundleGraph(context: Pick<Context, 'getModuleInfo'>, bundle: OutputBundle, root: string, urlAssets: ReadonlyMap<string, readonly string[]>): ImportGraph & { outputs: Map<string, string[]> } {
  const modules = new Map<string, string[]>()
  const named: Array<{ ids: readonly string[]; names: readonly string[] }> = []
  const urlImporters = new Map<string, string[]>()
  const nameOf = moduleNamer(root)
  for (const [fileName, output] of Object.entries(bundle)) {
    const ids = output.type === 'chunk' ? (output.moduleIds ?? Object.keys(output.modules)) : (output.originalFileNames ?? [])
    const names = nameOf.all(ids)
    named.push({ ids, names })
    if (output.type === 'chunk' && urlAssets.size > 0) addUrlAssets(ids, names, urlAssets, nameOf, urlImporters)
    modules.set(fileName, names)
  }
  // The ids behind the names are needed only to walk the graph up to a forbidden module: mapped on first use.
  let idOf: Map<string, string> | undefined
  const idsByName = () => {
    if (idOf === undefined) {
      idOf = new Map()
      for (const { ids, names } of named) ids.forEach((id, index) => (idOf as Map<string, string>).set(names[index] as string, id))
    }
    return idOf
  }
  return importGraph(context, modules, idsByName, nameOf, urlImporters)
}

/** Rollup's module graph: who imports a module, and whether it is an entry. */
function importGraph(context: Pick<Context, 'getModuleInfo'>, modules: Map<string, string[]>, idsByName: () => Map<string, string>, nameOf: (id: string) => string, urlImporters: ReadonlyMap<string, readonly string[]>): ImportGraph & { outputs: Map<string, string[]> } {
  const info = (module: string) => context.getModuleInfo(idsByName().get(module) ?? module)
  return {
    outputs: modules,
    importersOf(module) {
      const byUrl = urlImporters.get(module)
      if (byUrl) return byUrl
      const found = info(module)
      return found ? [...found.importers, ...found.dynamicImporters].map((id) => {
        const name = nameOf(id)
        idsByName().set(name, id)
        return name
      }) : []
    },
    isEntry: (module) => !urlImporters.has(module) && (info(module)?.isEntry ?? true),
  }
}

/** vite's public/ folder, to be judged with the bundle and then emitted as vite would have copied it. */
async function readPublicDir(context: Context, publicDir: string, outDir: string, refuses: boolean): Promise<BuildFile[]> {
  if (!publicDir || !existsSync(publicDir)) return []
  const files: BuildFile[] = []
  for (const file of await folderFileSet(publicDir).list()) {
    const content = await file.content()
    if ('bytes' in content) {
      files.push({ path: file.path, bytes: content.bytes })
      continue
    }
    // A large file (a video, say) is held whole to be judged and emitted, as long as a Buffer can hold it.
    if (content.size <= MAX_HELD_BYTES) {
      const bytes = await gathered(content.chunks, content.size)
      if (bytes === undefined) context.error(`shipguard: ${file.path} in vite's public folder changed while it was read; build again`)
      files.push({ path: file.path, bytes })
      continue
    }
    if (refuses) context.error(`shipguard: ${file.path} in vite's public folder is too large to judge in a build; move it out of public/ and check it with shipguard scan`)
    // Audit and development builds change and refuse nothing: it lands as vite would have copied it (the folder is emptied before this hook).
    context.warn(`shipguard: ${file.path} in vite's public folder is too large to judge in a build; copied unjudged`)
    mkdirSync(dirname(join(outDir, file.path)), { recursive: true })
    copyFileSync(join(publicDir, file.path), join(outDir, file.path))
  }
  return files
}

const MAX_HELD_BYTES = constants.MAX_LENGTH

/** The chunks in one buffer of the size given; undefined if they do not add up to it. */
async function gathered(chunks: AsyncIterable<Uint8Array>, size: number): Promise<Buffer | undefined> {
  const bytes = Buffer.allocUnsafe(size)
  let at = 0
  for await (const chunk of chunks) {
    if (at + chunk.length > size) return undefined
    bytes.set(chunk, at)
    at += chunk.length
  }
  return at === size ? bytes : undefined
}
