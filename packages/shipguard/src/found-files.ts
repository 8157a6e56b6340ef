import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { folderFileSet, scanFileSet, serializeManifest, withFoundFiles, type BundlerName, type Manifest, type Mode, type Policy } from '@shipguard/core'
import { foundFilesRefusal, reportMessages } from './build-messages.js'
import type { ResolvedOptions } from './options.js'
import { isInside, shownPath, toPosix } from './paths.js'
import { tool } from './version.js'

/** One output a bundler wrote, as shipguard judged it. */
export interface LandedOutput {
  root: string
  /** Absolute. */
  outDir: string
  mode: Mode
  reportOnly: boolean
  manifest: Manifest
  manifestPath: string | undefined
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
 * shipguard judged the output) are judged as `scan` would judge them. Errors among them
 * fail a production build and take its manifests back; otherwise the manifests list them.
 * `outputs` are the outputs written into one folder.
 */
export async function checkFoundFiles(outputs: readonly LandedOutput[], options: ResolvedOptions, bundler: BundlerName): Promise<FoundFilesCheck> {
  const first = outputs[0]
  // A development build is looked at again on every change; its folder is not a release.
  if (first === undefined || first.mode === 'development') return NOTHING_FOUND
  const { root, outDir } = first
  // An output written into the project itself (rollup's output.file beside package.json) shares its folder with everything else.
  if (isInside(outDir, root) || !existsSync(outDir)) return NOTHING_FOUND
  const known = new Set(outputs.flatMap((output) => [...output.manifest.files.map((file) => file.path), ...(output.manifestPath === undefined ? [] : [toPosix(relative(outDir, output.manifestPath))])]))
  for (const output of outputs) for (const file of output.manifest.files) judgedInProcess.set(join(outDir, file.path), file.bytes)
  const shownDir = shownPath(root, outDir)
  const found = (await folderFileSet(outDir, { shownAs: shownDir }).list()).filter((file) => !known.has(file.path) && !judgedByAnotherBuild(join(outDir, file.path)))
  if (found.length === 0) return NOTHING_FOUND
  const report = await scanFileSet(
    { label: shownDir, list: async () => found },
    { tool, policy: policyForFound(options.sourcemaps), forbidFiles: options.forbid.files, allowSecrets: options.secrets.allow, outDir: shownDir, localFolder: outDir, messages: { bundler } },
  )
  const reportOnly = outputs.every((output) => output.reportOnly)
  if (report.summary.errors > 0 && !reportOnly) {
    for (const output of outputs) if (output.manifestPath !== undefined) rmSync(output.manifestPath, { force: true })
    const fix = `to stop it: empty ${shownDir} before each build (${EMPTYING[bundler]}), and have plugins that copy files into it do so before shipguard judges the output, or check the folder with shipguard scan ${shownDir}`
    return { error: foundFilesRefusal(report, first.mode, fix), warnings: [] }
  }
  for (const output of outputs) {
    if (output.manifestPath === undefined) continue
    mkdirSync(dirname(output.manifestPath), { recursive: true })
    writeFileSync(output.manifestPath, serializeManifest(withFoundFiles(output.manifest, report)))
  }
  const names = report.files.map((file) => file.path)
  return {
    error: undefined,
    warnings: [
      `shipguard: ${shownDir} holds ${names.length === 1 ? 'a file' : `${names.length} files`} this build did not write (${names.join(', ')}), left by an earlier build or written by another plugin; ${names.length === 1 ? 'it ships' : 'they ship'} with the build and the manifest lists ${names.length === 1 ? 'it' : 'them'}`,
      ...reportMessages(report, reportOnly),
    ],
  }
}

// Files the builds of this process wrote and judged, by absolute path, with their size:
// a script that builds an esm and a cjs bundle into one folder writes each beside the other.
const judgedInProcess = new Map<string, number>()

function judgedByAnotherBuild(path: string): boolean {
  const bytes = judgedInProcess.get(path)
  return bytes !== undefined && statSync(path, { throwIfNoEntry: false })?.size === bytes
}

// Under 'private' and 'delete' no map may ship; one found in the folder cannot be moved
// or deleted by the build that did not write it, so it is refused as 'refuse' would.
function policyForFound(policy: Policy): Policy {
  return policy === 'private' || policy === 'delete' ? 'refuse' : policy
}
