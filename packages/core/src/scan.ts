import { analyzeFile, type FileFacts } from './analyze.js'
import { analyzeChunks } from './analyze-stream.js'
import { ArchivesFound } from './archives.js'
import { BACKGROUND_HASH_BYTES, sha256InBackground } from './background-hash.js'
import type { ArchiveReader, FileContent, FileSet, ShippedFile } from './files.js'
import type { Policy } from './findings.js'
import { judge } from './judge.js'
import { buildManifest, type Manifest } from './manifest.js'
import { formatsShippedBy } from './package-formats.js'
import type { MessageContext } from './messages.js'

export interface ScanOptions {
  tool: { name: string; version: string }
  policy: Policy
  allow?: readonly string[] | undefined
  forbidFiles?: readonly string[] | undefined
  allowSecrets?: readonly string[] | undefined
  allowSecretsIn?: readonly string[] | undefined
  /** How the manifest names the root of the set. */
  outDir: string
  /** An absolute folder of this machine the files were read from, or the working folder. */
  localFolder?: string | undefined
  /** Set when a bundler plugin judges the files: fixes then name its options, not the CLI's flags. */
  messages?: MessageContext | undefined
  /** As in JudgeOptions: files whose source files are not refused, written where the release is not taken from. */
  outsideRelease?: ((path: string) => boolean) | undefined
  /** As in JudgeOptions: paths that ship beside the set, judged apart. */
  shippedBeside?: ReadonlySet<string> | undefined
  /** Reads tar archives among the files (found by content), whose files are judged too; without it, an archive is judged as opaque bytes. */
  archives?: ArchiveReader | undefined
}

// Enough reads in flight to hide disk latency; analysis itself is synchronous.
const READ_CONCURRENCY = 8

/** Reads every file of the set once, judges the whole set, and returns the report. */
export async function scanFileSet(set: FileSet, options: ScanOptions): Promise<Manifest> {
  const packageJson: PackageJsonSlot = { bytes: undefined }
  const archives = options.archives && new ArchivesFound(options.archives)
  const files = await analyzeAll(await set.list(), packageJson, archives)
  // The manifest lists what ships as it lies on disk: an archive is one file, its bytes and their hash.
  // The files inside it are judged with the rest and their findings name them under its path, but
  // they are no files of the release, and listing them would count their bytes twice.
  const inside = archives ? await archives.filesInside() : []
  const judged = inside.length === 0 ? files : [...files, ...inside]
  const { findings, allowed, links } = judge(judged, { ...options, shippedFormats: formatsShippedBy(packageJson.bytes) })
  return buildManifest({
    tool: options.tool,
    mode: 'production',
    policy: options.policy,
    outDir: options.outDir,
    files,
    ...(inside.length > 0 && { insideArchives: inside }),
    links,
    findings,
    allowed,
    ...(options.messages && { messages: options.messages }),
  })
}

/** The set's own package.json, kept as it is read with the rest: it says what formats the package ships. */
interface PackageJsonSlot {
  bytes: Uint8Array | undefined
}

function keepPackageJson(path: string, bytes: Uint8Array, slot: PackageJsonSlot): void {
  // A copy: a small file's bytes lie in a buffer the next file is read into.
  if (path === 'package.json') slot.bytes = Uint8Array.from(bytes)
}

function analyzeLarge(entry: ShippedFile, index: number, chunks: AsyncIterable<Uint8Array>, archives: ArchivesFound | undefined): Promise<FileFacts> {
  return archives ? archives.analyzeChunks(entry, index, chunks) : analyzeChunks(entry.path, chunks)
}

async function analyzeAll(entries: readonly ShippedFile[], packageJson: PackageJsonSlot, archives: ArchivesFound | undefined): Promise<FileFacts[]> {
  if (entries.every((entry) => entry.readNow !== undefined)) return analyzeInTurn(entries, packageJson, archives)
  const results: FileFacts[] = []
  let next = 0
  const worker = async () => {
    while (next < entries.length) {
      const index = next++
      const entry = entries[index] as ShippedFile
      const content = await entry.content()
      if (!('bytes' in content)) {
        results[index] = await analyzeLarge(entry, index, content.chunks, archives)
        continue
      }
      keepPackageJson(entry.path, content.bytes, packageJson)
      const facts = (results[index] = analyzeFile(entry.path, content.bytes))
      archives?.note(entry, index, facts, content.bytes)
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, entries.length) }, worker))
  return results
}

// A small file is judged straight from this buffer: the judgement keeps none of its bytes.
const SCRATCH_SIZE = 64 * 1024

/** For sets read synchronously: one file after another, each judged where it was read. */
async function analyzeInTurn(entries: readonly ShippedFile[], packageJson: PackageJsonSlot, archives: ArchivesFound | undefined): Promise<FileFacts[]> {
  const scratch = Buffer.allocUnsafe(SCRATCH_SIZE)
  const results: FileFacts[] = []
  const hashing: Promise<void>[] = []
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as ShippedFile
    const content = (entry.readNow as (scratch: Buffer) => FileContent)(scratch)
    if (!('bytes' in content)) {
      results.push(await analyzeLarge(entry, index, content.chunks, archives))
      continue
    }
    let facts: FileFacts
    if (content.bytes.length >= BACKGROUND_HASH_BYTES) {
      const sha256 = sha256InBackground(content.bytes)
      facts = analyzeFile(entry.path, content.bytes, { hashedApart: true })
      hashing.push(sha256.then((hex) => void (facts.sha256 = hex)))
    } else {
      keepPackageJson(entry.path, content.bytes, packageJson)
      facts = analyzeFile(entry.path, content.bytes)
    }
    results.push(facts)
    archives?.note(entry, index, facts, content.bytes)
  }
  await Promise.all(hashing)
  return results
}
