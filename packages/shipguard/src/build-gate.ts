import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  enforcePolicy,
  privateMapPath,
  serializeManifest,
  verifyOutput,
  type BuildFile,
  type BundlerName,
  type ForbiddenModule,
  type GateOptions,
  type Manifest,
  type Mode,
  type PolicyOutcome,
  type Verdict,
} from '@shipguard/core'
import { refusalMessage, reportMessages, summaryLine } from './build-messages.js'
import { claim, type BuildIdentity } from './claims.js'
import { rememberManifest, type LandedOutput } from './found-files.js'
import type { ResolvedOptions } from './options.js'
import type { RunManifests } from './run-manifests.js'
import { buildKey, isInside, manifestPathFor, privateDirFor, shownPath } from './paths.js'
import { tool } from './version.js'

/** One build as a bundler describes it at its final emit stage. */
export interface BuildTarget {
  bundler: BundlerName
  bundlerVersion: string
  /** The project root: manifests, private maps and module paths are relative to it. */
  root: string
  outDir: string
  /** Tells apart the builds of one config: a vite environment, a rollup output format. */
  variant?: string | undefined
  /** What the bundler itself says about the build; the `mode` option wins. */
  production: boolean
  /** The build hands its output back to the caller and writes no folder (Bun.build without outdir). */
  writesNothing?: boolean
}

/** Everything decided about a build before its files are seen. */
export interface PreparedGate {
  key: string
  build: BuildIdentity
  mode: Mode
  root: string
  privateDir: string | undefined
  manifestPath: string | undefined
  reportOnly: boolean
  options: GateOptions
  /** Settings of the build that a production build is refused for before any file is judged (webpack's devtool 'eval'): an audit counts them. */
  refusedSettings?: number
}

export interface Conclusion {
  /** One line for the bundler's info log. */
  info: string
  /** Findings to show as warnings (in development and audit builds, the errors too). */
  warnings: string[]
  /** Set when the build must fail: the message the bundler shows. */
  error: string | undefined
}

/** The `mode` option wins over what the bundler says. */
export function resolveMode(options: ResolvedOptions, production: boolean): Mode {
  return options.mode ?? (production ? 'production' : 'development')
}

/** Resolves mode, paths and gate options; throws for a privateDir inside the output. */
export function prepareGate(options: ResolvedOptions, target: BuildTarget, modules: ReadonlyMap<string, readonly string[]>, forbiddenModules: readonly ForbiddenModule[] = []): PreparedGate {
  const mode = resolveMode(options, target.production)
  const key = buildKey(target.bundler, target.variant, target.root, target.outDir)
  const privateDir = options.sourcemaps === 'private' ? privateDirFor(target.root, key, options.privateDir) : undefined
  if (privateDir !== undefined && !target.writesNothing && isInside(target.outDir, privateDir)) {
    throw new Error(
      `shipguard: privateDir ${shownPath(target.root, privateDir)} lies inside the output folder ${shownPath(target.root, target.outDir)}, so the maps would ship; choose a folder outside it`,
    )
  }
  const manifestPath = options.manifest === false ? undefined : manifestPathFor(target.root, key, options.manifest.path)
  const build: BuildIdentity = { key, outDir: shownPath(target.root, target.outDir), identity: JSON.stringify([target.bundler, target.variant ?? '', target.root, target.outDir]) }
  if (manifestPath !== undefined) claim(manifestPath, build, 'manifest.path')
  return {
    key,
    build,
    mode,
    root: target.root,
    privateDir,
    manifestPath,
    reportOnly: mode === 'development' || options.audit,
    options: gateOptionsFor(options, mode, target, privateDir, modules, forbiddenModules),
  }
}

/** What the core's gate is told of one build: the user's options and the build's own facts. */
export function gateOptionsFor(
  options: ResolvedOptions,
  mode: Mode,
  target: Pick<BuildTarget, 'bundler' | 'bundlerVersion' | 'root' | 'outDir'>,
  privateDir: string | undefined,
  modules: ReadonlyMap<string, readonly string[]>,
  forbiddenModules: readonly ForbiddenModule[],
): GateOptions {
  return {
    policy: options.sourcemaps,
    mode,
    audit: options.audit,
    tool,
    bundler: { name: target.bundler, version: target.bundlerVersion },
    outDir: shownPath(target.root, target.outDir),
    outputFolder: target.outDir,
    privateDir: privateDir === undefined ? undefined : shownPath(target.root, privateDir),
    modules,
    messages: { bundler: target.bundler },
    forbidFiles: options.forbid.files,
    forbiddenModules,
    allowSecrets: options.secrets.fingerprints,
    allowSecretsIn: options.secrets.files,
  }
}

/**
 * Writes what a judged build leaves behind: private maps and the manifest when it
 * passes; when it is refused, removes a manifest left by an earlier build, which
 * would otherwise claim a pass for output that never landed. Synchronously: a few
 * small files, and an awaited write waits its turn behind the bundler's own work.
 * `manifestLater`: the caller writes the manifest itself, once the bundler has written.
 */
export function concludeBuild(gate: PreparedGate, outcome: PolicyOutcome, verdict: Verdict, manifestLater = false): Conclusion {
  if (verdict.refused) return { ...abandonBuild(gate), error: refusalMessage(verdict.manifest, gate.mode) }
  if (gate.privateDir !== undefined) {
    for (const map of outcome.privateMaps) {
      const target = join(gate.privateDir, privateMapPath(map.path))
      claim(target, gate.build, 'privateDir')
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, map.bytes)
    }
  }
  if (gate.manifestPath !== undefined && !manifestLater) writeManifest(gate.manifestPath, verdict.manifest)
  return {
    info: summaryLine(outcome, verdict.manifest, { root: gate.root, manifestPath: gate.manifestPath, privateDir: gate.privateDir, reportOnly: gate.reportOnly, refusedSettings: gate.refusedSettings ?? 0 }),
    warnings: reportMessages(verdict.manifest, gate.reportOnly),
    error: undefined,
  }
}

export function writeManifest(path: string, manifest: Manifest): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, serializeManifest(manifest))
}

/** A build that failed for another reason writes nothing: a manifest left from before would claim it did. */
export function abandonBuild(gate: PreparedGate): Conclusion {
  if (gate.manifestPath !== undefined) rmSync(gate.manifestPath, { force: true })
  return { info: '', warnings: [], error: undefined }
}

export interface GuardedBuild extends Conclusion {
  outcome: PolicyOutcome
  /** Where the manifest went, for a later check that finds the output changed to take it back. */
  manifestPath: string | undefined
  /** The output as judged, for the look at its folder once the bundler has written it. */
  landed: LandedOutput
}

/**
 * The whole gate for bundlers whose output does not change after it: judge, fix, verify, write.
 * `run`: the manifests of the bundler run this output is one of, which outputs of one key share.
 */
export function guardBuild(
  files: readonly BuildFile[],
  modules: ReadonlyMap<string, readonly string[]>,
  options: ResolvedOptions,
  target: BuildTarget,
  forbiddenModules: readonly ForbiddenModule[] = [],
  run?: RunManifests,
): GuardedBuild {
  const gate = prepareGate(options, target, modules, forbiddenModules)
  const outcome = enforcePolicy(files, gate.options)
  const verdict = verifyOutput(outcome.files, outcome, gate.options)
  const landed = landedOutput(gate, target.outDir, verdict)
  const shared = run !== undefined && gate.manifestPath !== undefined && !verdict.refused ? { run, path: gate.manifestPath } : undefined
  const conclusion = concludeBuild(gate, outcome, verdict, shared !== undefined)
  if (shared !== undefined) writeManifest(shared.path, shared.run.add(landed, shared.path))
  return { outcome, manifestPath: gate.manifestPath, landed, ...conclusion }
}

export function landedOutput(gate: PreparedGate, outDir: string, verdict: Verdict): LandedOutput {
  rememberManifest(outDir, gate.manifestPath)
  return { root: gate.root, outDir, mode: gate.mode, reportOnly: gate.reportOnly, manifest: verdict.manifest, mapsWithSources: verdict.mapsWithSources, manifestPath: gate.manifestPath }
}
