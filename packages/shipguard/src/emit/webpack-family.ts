import { join, resolve } from 'node:path'
import { enforcePolicy, sha256Hex, verifyOutput, withholdMaps, type BuildFile, type Finding, type PolicyOutcome } from '@shipguard/core'
import type { WebpackCompiler } from 'unplugin'
import { abandonBuild, concludeBuild, landedOutput, prepareGate, writeManifest, type PreparedGate } from '../build-gate.js'
import { evalDevtoolRefusal } from '../build-messages.js'
import { checkFoundFiles, type LandedOutput } from '../found-files.js'
import { workingFolderCache } from './bundler-cache.js'
import { hashRenames, renameFindings } from './renames.js'
import { findForbiddenModules, type ImportGraph } from '../forbidden-modules.js'
import { moduleNamer } from '../modules.js'
import { isInside, withoutQuery } from '../paths.js'
import type { ResolvedOptions } from '../options.js'
import { devtoolFor, upstreamFor } from '../upstream.js'

// webpack and rspack share this API; rspack's compiler also answers to `compiler.webpack`.
type Compiler = WebpackCompiler
type Compilation = Parameters<Parameters<Compiler['hooks']['thisCompilation']['tap']>[1]>[0]

interface GraphModule {
  resource?: string
  modules?: Iterable<GraphModule>
  nameForCondition?(): string | null | undefined
}

const NAME = 'shipguard'

// Compilers of this process that are building (a MultiCompiler's client and server run at
// once), each with the folder it writes into and a promise settled once it has written, or
// will write nothing. webpack writes files as the thread pool gets to them: a folder looked at
// while another compiler still writes into it holds files half written, which fail closed.
const building = new Map<Compiler, { folder: string; written: Promise<void>; settle: () => void }>()
// A compiler that never reports back (a hung plugin) does not hold the others' look for ever.
const LONGEST_WAIT_MS = 120_000

/** Resolves once every other compiler writing into, inside or around `folder` has written. */
async function othersWritten(compiler: Compiler, folder: string): Promise<void> {
  const others = [...building].filter(([other, each]) => other !== compiler && (isInside(folder, each.folder) || isInside(each.folder, folder))).map(([, each]) => each.written)
  if (others.length === 0) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([Promise.all(others), new Promise<void>((resolve) => (timer = setTimeout(resolve, LONGEST_WAIT_MS)))])
  clearTimeout(timer)
}

/**
 * Hooks `processAssets` one stage after DEV_TOOLING, where the devtool plugin has
 * added maps and inline comments but hashes are not yet final: maps are stripped and
 * links removed there, so that realContentHash hashes the edited bytes. At REPORT,
 * once names are final, maps leave the output (private, delete) and the final assets
 * are judged: they are exactly what webpack then emits. The manifest follows them to
 * disk, in afterEmit.
 * An error pushed at either stage stops webpack from emitting anything.
 */
export function webpackFamily(bundler: 'webpack' | 'rspack', options: ResolvedOptions) {
  return (compiler: Compiler): void => {
    const { Compilation: CompilationClass, sources, WebpackError } = compiler.webpack
    // Plugins are applied before the devtool option is, so the change still takes.
    const config = compiler.options as { devtool?: unknown }
    config.devtool = devtoolFor(config.devtool, upstreamFor(options, compiler.options.mode !== 'development'))
    // What each compilation shipped when judged (asset name: sha256), with the gate that judged it.
    // The manifest is written once webpack has written the files: `output.clean` removes from the
    // folder every file that is not an asset, a manifest put there before with them.
    const judged = new WeakMap<Compilation, { gate: PreparedGate; outcome: PolicyOutcome; shipped: Map<string, string>; landed: LandedOutput; manifestDue: boolean; summary: string }>()
    // Last before writing: a plugin after shipguard may still add or change assets (at REPORT
    // or later). Those are judged here, as they will be written; a refusal writes nothing.
    compiler.hooks.emit.tapPromise({ name: NAME, stage: Number.MAX_SAFE_INTEGER }, async (compilation: Compilation) => {
      const state = judged.get(compilation)
      if (!state) return
      const assets = assetFiles(compilation)
      if (assets.length === state.shipped.size && assets.every((file) => state.shipped.get(file.path) === sha256Hex(file.bytes))) return
      const verdict = verifyOutput(assets, state.outcome, state.gate.options)
      state.landed = landedOutput(state.gate, state.landed.outDir, verdict)
      const conclusion = concludeBuild(state.gate, state.outcome, verdict, true)
      if (conclusion.error !== undefined) {
        state.manifestDue = false
        compilation.errors.push(new WebpackError(conclusion.error))
        for (const asset of compilation.getAssets()) compilation.deleteAsset(asset.name)
        return
      }
      state.summary = conclusion.info
      for (const warning of conclusion.warnings) compilation.warnings.push(new WebpackError(warning))
    })
    compiler.hooks.run.tap(NAME, () => {
      let settle = () => {}
      const hasWritten = new Promise<void>((done) => (settle = done))
      building.set(compiler, { folder: resolve(compiler.outputPath ?? compiler.options.output.path ?? ''), written: hasWritten, settle })
    })
    const written = () => building.get(compiler)?.settle()
    // A build done or failed has written all it will.
    const finished = () => {
      written()
      building.delete(compiler)
    }
    compiler.hooks.afterEmit.tap({ name: NAME, stage: Number.MAX_SAFE_INTEGER }, (compilation: Compilation) => {
      const state = judged.get(compilation)
      if (state?.manifestDue && state.gate.manifestPath !== undefined) writeManifest(state.gate.manifestPath, state.landed.manifest)
      written()
    })
    compiler.hooks.failed.tap(NAME, finished)
    // Once written, last among the done hooks (where the run's callback and the command's exit
    // code still see its errors): the folder ships whole, with what earlier builds left in it
    // and what plugins wrote to disk after shipguard judged the output.
    compiler.hooks.done.tapPromise({ name: NAME, stage: Number.MAX_SAFE_INTEGER }, async (stats: { compilation: Compilation }) => {
      finished()
      const compilation = stats.compilation
      const state = judged.get(compilation)
      if (!state || compilation.errors.length > 0) return
      // Said once the folder passed its last look: a "pass" naming a manifest would otherwise stand above the refusal that removes it.
      const saySummary = () => {
        if (state.summary) compilation.getLogger(NAME).info(state.summary)
      }
      // A watched build is written again on every change: its folder is looked at when it is built to ship.
      if (compiler.watchMode) return saySummary()
      await othersWritten(compiler, state.landed.outDir)
      const check = await checkFoundFiles([state.landed], options, bundler, workingFolderCache(compiler.options as Parameters<typeof workingFolderCache>[0], compiler.context, state.landed.outDir))
      if (check.error !== undefined) compilation.errors.push(new WebpackError(check.error))
      else saySummary()
      for (const warning of check.warnings) compilation.warnings.push(new WebpackError(warning))
    })
    compiler.hooks.thisCompilation.tap(NAME, (compilation: Compilation) => {
      let gate: PreparedGate | undefined
      let outcome: PolicyOutcome | undefined
      let namesAfterEdit: string[] = []
      const fail = (message: string) => compilation.errors.push(new WebpackError(message))
      // Text stays text: realContentHash reads a Buffer source as binary and looks in it for no
      // other file's hash, so a runtime would go on naming a chunk by the hash it had before.
      const edited = (name: string, bytes: Uint8Array) => {
        const text = typeof compilation.getAsset(name)?.source.source() === 'string'
        return new sources.RawSource(text ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : asBuffer(bytes))
      }
      // An error alone stops webpack from emitting, unless emitOnErrors: then nothing of a
      // refused build may be left for it to write.
      const refuse = (message: string) => {
        fail(message)
        for (const asset of compilation.getAssets()) compilation.deleteAsset(asset.name)
      }

      compilation.hooks.processAssets.tapPromise({ name: NAME, stage: CompilationClass.PROCESS_ASSETS_STAGE_DEV_TOOLING + 1 }, async () => {
        try {
          const target = targetOf(bundler, compiler, compilation)
          const prepared = prepareGate(options, target, new Map())
          gate = { ...prepared, options: { ...prepared.options, outsideRelease: writtenOutside(target.outDir) } }
        } catch (error) {
          refuse(error instanceof Error ? error.message : String(error))
          return
        }
        // The setting itself is refused, before any file is judged: the engine finds its modules
        // by webpack's default file name template only.
        const evalSetBy = shipsEvalCode(config.devtool) ? 'devtool' : listsEvalPlugin(compiler) ? 'plugin' : undefined
        const evalDevtool = gate.mode === 'production' && evalSetBy !== undefined
        if (evalDevtool && !gate.reportOnly) {
          abandonBuild(gate)
          refuse(evalDevtoolRefusal(false, evalSetBy))
          return
        }
        outcome = enforcePolicy(assetFiles(compilation), gate.options, { withhold: false })
        // An audit reports the modules found, each file in its manifest; the setting only where none were.
        if (evalDevtool && !outcome.before.some(isEvalModulesFinding)) {
          compilation.warnings.push(new WebpackError(evalDevtoolRefusal(true, evalSetBy)))
          gate = { ...gate, refusedSettings: 1 }
        }
        for (const file of outcome.files) {
          if (outcome.changed.has(file.path)) compilation.updateAsset(file.path, edited(file.path, file.bytes))
        }
        namesAfterEdit = compilation.getAssets().map((asset) => asset.name)
      })

      compilation.hooks.processAssets.tapPromise({ name: NAME, stage: CompilationClass.PROCESS_ASSETS_STAGE_REPORT }, async () => {
        if (!gate || !outcome) return
        const renames = hashRenames(namesAfterEdit, compilation.getAssets().map((asset) => asset.name))
        renameFindings(outcome, renames)
        editLateAssets(compilation, new Set(namesAfterEdit.map((name) => renames.get(name) ?? name)), gate, outcome, edited)
        // Module names by final file name: realContentHash may have renamed files since.
        const graph = importGraph(compilation, compiler.context)
        gate = { ...gate, options: { ...gate.options, modules: graph.outputs, forbiddenModules: findForbiddenModules(graph, options.forbid.modules) } }
        const shipping = withholdMaps(assetFiles(compilation), outcome, gate.options)
        const verdict = verifyOutput(shipping, outcome, gate.options)
        // Another plugin's or a module's error stops webpack from writing: nothing lands to describe.
        const emits = compilation.errors.length === 0 || compiler.options.optimization?.emitOnErrors === true
        let conclusion
        try {
          conclusion = emits || verdict.refused ? concludeBuild(gate, outcome, verdict, true) : abandonBuild(gate)
        } catch (error) {
          refuse(error instanceof Error ? error.message : String(error))
          return
        }
        if (conclusion.error !== undefined) {
          refuse(conclusion.error)
          return
        }
        for (const path of outcome.removed) compilation.deleteAsset(path)
        // A script still names its deleted map in info.related; webpack would report it as emitted.
        for (const asset of compilation.getAssets()) {
          if (relatedMaps(asset.info).some((name) => outcome?.removed.has(name))) {
            compilation.updateAsset(asset.name, asset.source, (info: Record<string, unknown>) => withoutRelatedMap(info))
          }
        }
        for (const warning of conclusion.warnings) compilation.warnings.push(new WebpackError(warning))
        judged.set(compilation, { gate, outcome, shipped: new Map(verdict.manifest.files.map((file) => [file.path, file.sha256])), landed: landedOutput(gate, targetOf(bundler, compiler, compilation).outDir, verdict), manifestDue: emits, summary: conclusion.info })
      })
    })
  }
}

/**
 * Assets another plugin added between shipguard's two stages get the edits the others
 * got (links removed, maps stripped, as the policy says) before they are judged: too
 * late for realContentHash, which hashed them as they were added.
 */
/** Assets another plugin added between shipguard's two stages get the policy's edits, recorded with the rest: what they held before, what changed. */
function editLateAssets(compilation: Compilation, edited: ReadonlySet<string>, gate: PreparedGate, outcome: PolicyOutcome, source: (name: string, bytes: Uint8Array) => unknown): void {
  const late = assetFiles(compilation).filter((file) => !edited.has(file.path))
  if (late.length === 0) return
  const lateOutcome = enforcePolicy(late, gate.options, { withhold: false })
  for (const file of lateOutcome.files) {
    if (lateOutcome.changed.has(file.path)) compilation.updateAsset(file.path, source(file.path, file.bytes) as Parameters<Compilation['updateAsset']>[1])
  }
  outcome.before.push(...lateOutcome.before)
  for (const name of ['changed', 'stripped', 'unlinked'] as const) for (const path of lateOutcome[name]) outcome[name].add(path)
}

function targetOf(bundler: 'webpack' | 'rspack', compiler: Compiler, compilation: Compilation) {
  const namespace = compiler.webpack as { version?: string; rspackVersion?: string }
  return {
    bundler,
    bundlerVersion: (bundler === 'rspack' ? namespace.rspackVersion : namespace.version) ?? 'unknown',
    root: compiler.context,
    // The folder as the bundler writes to it: output.path may hold [fullhash].
    outDir: compilation.getPath(compiler.options.output.path ?? `${compiler.context}/dist`, {}),
    variant: compiler.options.name,
    production: compiler.options.mode !== 'development',
  }
}

/**
 * `devtool: 'eval'`: each module's code a string in eval(), with no map (the eval-* devtools with maps are refused as inline maps).
 * webpack also takes a list per asset type, kept as given under `experiments.futureDefaults`: 'eval' for any type ships the same.
 */
function shipsEvalCode(devtool: unknown): boolean {
  if (Array.isArray(devtool)) return devtool.some((item: unknown) => (item as { use?: unknown } | null)?.use === 'eval')
  return devtool === 'eval'
}

/**
 * The plugin devtool 'eval' applies, listed by hand with devtool false: its own file name
 * template, like output.devtoolModuleFilenameTemplate, hides its modules from the look at the output.
 */
function listsEvalPlugin(compiler: Compiler): boolean {
  const EvalPlugin = (compiler.webpack as { EvalDevToolModulePlugin?: abstract new (...args: never[]) => unknown }).EvalDevToolModulePlugin
  return EvalPlugin !== undefined && (compiler.options.plugins ?? []).some((plugin: unknown) => plugin instanceof EvalPlugin)
}

function isEvalModulesFinding(finding: Finding): boolean {
  return finding.rule === 'inline-map' && finding.evalModules !== undefined
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function assetFiles(compilation: Compilation): BuildFile[] {
  return compilation.getAssets().map((asset) => ({ path: asset.name, bytes: asBuffer(asset.source.buffer()) }))
}

/**
 * Whether an asset is written out of the output folder, where the release is not taken
 * from: Next.js's server build writes its type-checking scaffolds as `../../types/app/page.ts`.
 * Where the bundler writes it: the name joined to the folder, cut at a `?query` or `#hash`
 * as webpack cuts it (a leading `/` stays inside).
 */
function writtenOutside(outDir: string): (name: string) => boolean {
  return (name) => !isInside(outDir, join(outDir, withoutQuery(name)))
}

/**
 * Each emitted file's source modules, from webpack's own chunk graph, and who
 * imported each (the issuer: the module that first pulled it in).
 */
function importGraph(compilation: Compilation, root: string): ImportGraph & { outputs: Map<string, string[]> } {
  const chunkGraph = compilation.chunkGraph as unknown as {
    getChunkModulesIterable?(chunk: unknown): Iterable<GraphModule>
    getChunkModules?(chunk: unknown): Iterable<GraphModule>
  }
  const moduleGraph = compilation.moduleGraph as unknown as { getIssuer(module: GraphModule): GraphModule | null | undefined }
  const byName = new Map<string, GraphModule>()
  const nameOf = moduleNamer(root)
  const outputs = new Map<string, string[]>()
  for (const chunk of compilation.chunks) {
    const modules = new Set<string>()
    for (const module of chunkGraph.getChunkModulesIterable?.(chunk) ?? chunkGraph.getChunkModules?.(chunk) ?? []) {
      for (const inner of sourceModulesOf(module)) {
        const name = nameOf(inner.resource)
        byName.set(name, inner.module)
        modules.add(name)
      }
    }
    for (const file of chunk.files) outputs.set(file, [...new Set([...(outputs.get(file) ?? []), ...modules])])
  }
  const issuerOf = (module: string) => {
    const found = byName.get(module)
    const issuer = found ? moduleGraph.getIssuer(found) : undefined
    const resource = issuer ? resourceOf(issuer) : undefined
    if (!issuer || resource === undefined) return undefined
    const name = nameOf(resource)
    byName.set(name, issuer)
    return name
  }
  return {
    outputs,
    importersOf: (module) => {
      const issuer = issuerOf(module)
      return issuer === undefined ? [] : [issuer]
    },
    isEntry: (module) => issuerOf(module) === undefined,
  }
}

/** A module's source files: concatenated modules hold several. */
function sourceModulesOf(module: GraphModule): Array<{ resource: string; module: GraphModule }> {
  if (module.modules) return [...module.modules].flatMap(sourceModulesOf)
  const resource = resourceOf(module)
  return resource === undefined ? [] : [{ resource, module }]
}

function resourceOf(module: GraphModule): string | undefined {
  return module.resource ?? module.nameForCondition?.() ?? undefined
}

function relatedMaps(info: { related?: Record<string, unknown> | undefined }): string[] {
  const sourceMap = info.related?.sourceMap
  return Array.isArray(sourceMap) ? sourceMap : typeof sourceMap === 'string' ? [sourceMap] : []
}

function withoutRelatedMap<T extends Record<string, unknown>>(info: T): T {
  const { sourceMap: _removed, ...related } = (info.related ?? {}) as Record<string, unknown>
  return { ...info, related }
}
