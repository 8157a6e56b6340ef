import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { errorCode, InputError, scanFileSet, serializeManifest, type FileSet, type Manifest } from '@shipguard/core'
import { archiveEntries } from '../archive-entries.js'
import { tool } from '../version.js'
import type { ReportFlags } from './args.js'
import { githubAnnotations } from './github.js'
import { EXIT_PASS, EXIT_POLICY, type CliIo } from './io.js'
import { colorsFor, renderReport } from './render.js'

/** Judges a file set the way every judging command does, with the flags they share. */
export function judgeSet(set: FileSet, root: string, flags: ReportFlags, localFolder: string): Promise<Manifest> {
  return scanFileSet(set, {
    tool,
    policy: flags.allowMaps ? 'public' : 'refuse',
    allow: flags.allow,
    forbidFiles: flags.forbid,
    allowSecrets: flags.allowSecrets,
    outDir: root,
    localFolder,
    archives: archiveEntries,
  })
}

/**
 * Writes a report the way every judging command does, and returns the exit code.
 * `folder` is where the judged files lie on disk, when they do (not for a tarball).
 */
export async function emitReport(command: string, root: string, manifest: Manifest, flags: ReportFlags, io: CliIo, folder?: string): Promise<number> {
  // Serialized only when asked for: on 10,000 files it costs as much as judging them.
  const serialized = flags.json || flags.manifest !== undefined ? serializeManifest(manifest) : ''
  if (flags.manifest !== undefined) {
    const target = resolve(io.cwd, flags.manifest)
    // Written over a file it has just judged, the report would ship in its place, unjudged.
    if (folder !== undefined && (await isJudgedFile(target, folder, manifest))) {
      throw new InputError(`--manifest ${flags.manifest} is one of the files just judged; write the report outside what ships`)
    }
    await writeReport(target, flags.manifest, serialized)
  }
  if (flags.json) {
    io.stdout.write(serialized)
  } else {
    if (io.env.GITHUB_ACTIONS === 'true') io.stdout.write(githubAnnotations(root, manifest))
    io.stdout.write(renderReport(command, root, manifest, colorsFor(io), flags.manifest))
  }
  return manifest.summary.verdict === 'pass' ? EXIT_PASS : EXIT_POLICY
}

/**
 * Whether a path leads to one of the files judged in `folder`: by name, or, through a
 * link to it or a linked folder, by being the same file on disk (of the size judged).
 */
async function isJudgedFile(target: string, folder: string, manifest: Manifest): Promise<boolean> {
  if (manifest.files.some((file) => resolve(folder, file.path) === target)) return true
  const existing = await stat(target).catch(() => undefined)
  if (!existing?.isFile()) return false
  for (const file of manifest.files) {
    if (file.bytes !== existing.size) continue
    const judged = await stat(resolve(folder, file.path)).catch(() => undefined)
    if (judged !== undefined && judged.ino === existing.ino && judged.dev === existing.dev) return true
  }
  return false
}

/**
 * mkdir -p, one folder at a time: Node's own recursive mkdir never settles for some
 * paths (a folder under /proc), and the report must fail with a message instead.
 */
async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'EEXIST' && (await stat(folder)).isDirectory()) return
    if (code !== 'ENOENT' || dirname(folder) === folder) throw error
    await makeFolder(dirname(folder))
    await mkdir(folder)
  }
}

async function writeReport(target: string, shown: string, text: string): Promise<void> {
  try {
    await makeFolder(dirname(target))
    await writeFile(target, text)
  } catch (error) {
    const code = errorCode(error)
    const reason = code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file stands where a folder of its path should be' : code === 'EACCES' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : code === 'ENOENT' ? 'its folder cannot be made there' : error instanceof Error ? error.message : String(error)
    throw new InputError(`cannot write the report to ${shown}: ${reason}`)
  }
}
