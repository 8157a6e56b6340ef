import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { folderFileSet, readFileContent, scanFileSet, serializeManifest, withoutRemovedFiles, withRewrittenFiles, type BundlerName, type Manifest, type Mode, type ShippedFile } from '@shipguard/core'
import { foundFilesRefusal, reportMessages } from './build-messages.js'
import { WrittenFiles, type Expected } from './emit/written-files.js'
import type { ResolvedOptions } from './options.js'
import { isInside, shownPath, toPosix, withoutQuery } from './paths.js'
import { manifestOf } from './run-manifests.js'
import { tool } from './version.js'

/** One output a bundler wrote, as shipguard judged it. */
export interface LandedOutput {
  root: string
  /** Absolute. */
  outDir: string
  mode: Mode
  reportOnly: boolean
  manifest: Manifest
  /** The paths of the maps the manifest counts as carrying source text. */
  mapsWithSources: ReadonlySet<string>
  manifestPath: string | undefined
  /**
   * How the build's own files are told on disk: `'by-name'` when the caller writes them later
   * (esbuild's `write: false`: what lies at their paths now is what they will replace) or
   * shipguard has just written them itself; by their bytes otherwise.
   */
  ownFiles?: 'by-name'
  /** Bytes of the build's files as judged that no one but shipguard holds: a file is compared with them instead of hashed again. */
  ownBytes?: ReadonlyMap<string, Uint8Array>
  /**
   * The build's summary line, said once the folder passed its last look: said before it, a
   * "pass" naming a manifest would stand above the refusal that removes that manifest.
   */
  summary?: string
  /** The outputs of its run whose files this output's manifest lists too, in the order judged, itself among them. */
  manifestParts?: readonly LandedOutput[]
}

/**
 * An output folder that holds the bundler's cache (`cache`): a framework's working folder.
 * The cache is not looked at, and source files found there (the framework's type
 * scaffolds) are not refused; maps with sources, secrets and the rest still are.
 */
export interface WorkingFolder {
  cache: string
}

export interface FoundFilesCheck {
  /** Set when the build must fail. */
  error: string | undefined
  warnings: string[]
}

const NOTHING_FOUND: FoundFilesCheck = { error: undefined, warnings: [] }

// How each bundler empties its output folder before writing; those that do not by default say so.
const EMPTYING: Record<BundlerName, string> = {
  vite: 'vite empties it unless build.emptyOutDir is false or it lies outside the root',
  rollup: 'rollup leaves old files: remove the folder first',
  rolldown: 'rolldown leaves old files: remove the folder first',
  webpack: 'webpack: output.clean true',
  rspack: 'rspack: output.clean true',
  esbuild: 'esbuild leaves old files: remove the folder first',
  bun: 'bun leaves old files: remove the folder first',
}

/**
 * After the bundler wrote: the output folder ships whole, so files in it that the build
 * did not write (left by an earlier build, copied in by a plugin that writes to disk after
 * shipguard judged the output) are judged as `scan --allow-maps` would judge them. Source
 * among them (maps with sources, source files, secrets, files that must never ship)
 * fails a production build and takes its manifests back; the rest is not the build's
 * business (declarations a compiler wrote, another build's output) and passes unremarked,
 * as `scan` and `pack` would pass it. `outputs` are the outputs written into one folder.
 */
export async function checkFoundFiles(outputs: readonly LandedOutput[], options: ResolvedOptions, bundler: BundlerName, working?: WorkingFolder): Promise<FoundFilesCheck> {
  const first = outputs[0]
  // A development build is looked at again on every change; its folder is not a release.
  if (first === undefined || first.mode === 'development') return NOTHING_FOUND
  const { root, outDir } = first
  if (!existsSync(outDir)) return NOTHING_FOUND
  // An output written into the project itself (rollup's output.file beside package.json) shares its folder
  // with everything else: only the build's own files are looked at again there.
  const inProjectRoot = isInside(outDir, root)
  // The build's own files as judged: one a plugin rewrote on disk since (a token put in, sources put back), even to the same size, is judged again.
  const asOwnFile = ownFileCheck(outputs, outDir)
  const manifests = new Set(outputs.flatMap((output) => (output.manifestPath === undefined ? [] : [toPosix(relative(outDir, output.manifestPath))])))
  // Another build's file is told by its size alone: that build looks at its own by their bytes.
  for (const output of outputs) for (const file of output.manifest.files) beingWritten.delete(join(outDir, file.path))
  const isAsJudged = (path: string) => manifests.has(path) || (asOwnFile(path) ?? (judgedByAnotherBuild(join(outDir, path)) || isBeingWritten(join(outDir, path))))
  for (const output of outputs) for (const file of output.manifest.files) judgedInProcess.set(join(outDir, file.path), file.bytes)
  const shownDir = shownPath(root, outDir)
  const reportOnly = outputs.every((output) => output.reportOnly)
  let listed: ShippedFile[]
  let report
  try {
    listed = inProjectRoot ? ownFilesOnDisk(outputs, outDir, shownDir) : await folderFileSet(outDir, { shownAs: shownDir }).list()
    const inCache = (path: string) => working !== undefined && isInside(working.cache, join(outDir, path))
    const found = listed.filter((file) => !isAsJudged(file.path) && !inCache(file.path))
    report = found.length === 0 ? undefined : await scanFileSet(
      { label: shownDir, list: async () => found },
      { tool, policy: 'public', forbidFiles: options.forbid.files, allowSecrets: options.secrets.fingerprints, allowSecretsIn: options.secrets.files, outDir: shownDir, localFolder: outDir, messages: { bundler }, outsideRelease: working && (() => true), shippedBeside: new Set(listed.map((file) => file.path)) },
    )
  } catch (error) {
    // Fail closed: what cannot be read in the folder may be what leaks.
    const message = `shipguard: cannot judge all of ${shownDir} after the build wrote it: ${error instanceof Error ? error.message : String(error)}`
    if (reportOnly) return { error: undefined, warnings: [message] }
    takeBack(outputs)
    return { error: message, warnings: [] }
  }
  if (report === undefined || report.summary.errors === 0 || reportOnly) {
    settleManifests(outputs, new Set(listed.map((file) => file.path)), outDir, report)
    return report === undefined || report.summary.errors === 0 ? NOTHING_FOUND : { error: undefined, warnings: reportMessages(report, true) }
  }
  takeBack(outputs)
  const fix = `to stop it: empty ${shownDir} before each build (${EMPTYING[bundler]}), and have plugins that copy files into it do so before shipguard judges the output${bundler === 'esbuild' ? ' (esbuild runs onEnd callbacks in plugin order: list shipguard first)' : ''}, or check the folder with shipguard scan ${shownDir}`
  return { error: foundFilesRefusal(report, first.mode, fix), warnings: [] }
}

/** The build's own files that are on disk, for an output folder that is the project's own. */
function ownFilesOnDisk(outputs: readonly LandedOutput[], outDir: string, shownDir: string): ShippedFile[] {
  const paths = new Set(outputs.flatMap((output) => output.manifest.files.map((file) => file.path)))
  return [...paths].filter((path) => statSync(join(outDir, path), { throwIfNoEntry: false })?.isFile()).map((path) => ({
    path,
    content: () => Promise.resolve().then(() => readFileContent(join(outDir, path), join(shownDir, path))),
  }))
}

/**
 * Whether a path holds a file of the build as judged: the same bytes (compared with
 * shipguard's own copy, or by sha256), or by its name alone where told so; undefined
 * for a path of no file of the build.
 */
function ownFileCheck(outputs: readonly LandedOutput[], outDir: string): (path: string) => boolean | undefined {
  const expected = new Map<string, Expected | 'by-name'>()
  for (const output of outputs) {
    for (const file of output.manifest.files) {
      const bytes = output.ownBytes?.get(file.path)
      expected.set(file.path, output.ownFiles === 'by-name' ? 'by-name' : bytes ? { bytes } : { sha256: file.sha256 })
    }
  }
  const written = new WrittenFiles(outDir)
  return (path) => {
    const want = expected.get(path)
    if (want === undefined) return undefined
    // A file that cannot be read is not as judged: judged again, it fails closed.
    return want === 'by-name' || written.sameAs(path, want) === true
  }
}

/**
 * Each manifest made to list what is on disk now: files of the build no longer in its
 * folder (a plugin uploaded its maps to an error tracker and deleted them) do not ship,
 * and files rewritten since, judged again in `report` and passing, are listed as they
 * now are. Not for output whose files the caller writes later (esbuild's `write: false`).
 */
function settleManifests(outputs: readonly LandedOutput[], listed: ReadonlySet<string>, outDir: string, report: Manifest | undefined): void {
  const now = new Map((report?.files ?? []).map((file) => [file.path, { bytes: file.bytes, sha256: file.sha256 }]))
  const changed = new Map<string, LandedOutput>()
  for (const output of outputs) {
    if (output.ownFiles === 'by-name') continue
    const removed = new Set(output.manifest.files.filter((file) => !listed.has(file.path) && isGone(outDir, file.path)).map((file) => file.path))
    const settled = withRewrittenFiles(withoutRemovedFiles(output.manifest, removed, output.mapsWithSources), now)
    if (settled === output.manifest) continue
    output.manifest = settled
    if (output.manifestPath !== undefined) changed.set(output.manifestPath, output)
  }
  // Once each: outputs that share a manifest are all settled before it is written.
  for (const [path, output] of changed) writeFileSync(path, serializeManifest(manifestOf(output)))
}

/**
 * Whether a file the build named is missing from the folder under every spelling it may
 * have been written by: webpack drops a `?query` or `#hash` from the name it writes, and a
 * name may lead out of the folder (`../maps/main.js.map`), where the listing cannot see it.
 */
function isGone(outDir: string, path: string): boolean {
  return [path, withoutQuery(path)].every((spelling) => {
    const absolute = join(outDir, spelling)
    return isInside(outDir, absolute) && !existsSync(absolute)
  })
}

/**
 * A refused build's manifests would claim a pass for a folder that does not pass: those of
 * every output this process judged into the folder, some of which (rollup's outputs, each
 * with shipguard in its own output.plugins) another instance of the plugin wrote.
 */
function takeBack(outputs: readonly LandedOutput[]): void {
  const paths = new Set(outputs.flatMap((output) => [...(output.manifestPath === undefined ? [] : [output.manifestPath]), ...(manifestsByFolder.get(output.outDir) ?? [])]))
  for (const path of paths) rmSync(path, { force: true })
}

const manifestsByFolder = new Map<string, Set<string>>()

// Files another output of this process judged and has yet to look at once written, with the
// bytes it judged: rollup writes a config's outputs at once, and one output's look at a shared
// folder (from output.plugins) may find the other's files half written. Each is looked at by its
// own output; until then a file that holds the start of those bytes is on its way to them. A file
// that holds anything else (left by an earlier build, an output generated and never written) is judged.
const beingWritten = new Map<string, Uint8Array>()

/** Records the files of a judged output its bundler is about to write, by the bytes shipguard holds of them. */
export function expectWritten(landed: LandedOutput): void {
  for (const file of landed.manifest.files) {
    const bytes = landed.ownBytes?.get(file.path)
    if (bytes !== undefined) beingWritten.set(join(landed.outDir, file.path), bytes)
  }
}

function isBeingWritten(path: string): boolean {
  const expected = beingWritten.get(path)
  if (expected === undefined) return false
  let onDisk: Buffer
  try {
    onDisk = readFileSync(path)
  } catch {
    return false
  }
  return onDisk.length <= expected.length && Buffer.from(expected.buffer, expected.byteOffset, onDisk.length).equals(onDisk)
}

/** Records where a judged output's manifest went, for a refusal of its folder to take it back. */
export function rememberManifest(outDir: string, manifestPath: string | undefined): void {
  if (manifestPath === undefined) return
  const paths = manifestsByFolder.get(outDir) ?? new Set()
  paths.add(manifestPath)
  manifestsByFolder.set(outDir, paths)
}

// Files the builds of this process wrote and judged, by absolute path, with their size:
// a script that builds an esm and a cjs bundle into one folder writes each beside the other.
const judgedInProcess = new Map<string, number>()

function judgedByAnotherBuild(path: string): boolean {
  const bytes = judgedInProcess.get(path)
  return bytes !== undefined && statSync(path, { throwIfNoEntry: false })?.size === bytes
}
