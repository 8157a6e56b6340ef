import { analyzeFile, type FileFacts } from './analyze.js'
import { analyzeChunks } from './analyze-stream.js'
import { BACKGROUND_HASH_BYTES, sha256InBackground } from './background-hash.js'
import type { FileContent, FileSet, ShippedFile } from './files.js'
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
}

// Enough reads in flight to hide disk latency; analysis itself is synchronous.
const READ_CONCURRENCY = 8

/** Reads every file of the set once, judges the whole set, and returns the report. */
export async function scanFileSet(set: FileSet, options: ScanOptions): Promise<Manifest> {
  const packageJson: PackageJsonSlot = { bytes: undefined }
  const files = await analyzeAll(await set.list(), packageJson)
  const { findings, allowed, links } = judge(files, { ...options, shippedFormats: formatsShippedBy(packageJson.bytes) })
  return buildManifest({
    tool: options.tool,
    mode: 'production',
    policy: options.policy,
    outDir: options.outDir,
    files,
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

async function analyzeAll(entries: readonly ShippedFile[], packageJson: PackageJsonSlot): Promise<FileFacts[]> {
  if (entries.every((entry) => entry.readNow !== undefined)) return analyzeInTurn(entries, packageJson)
  const results: FileFacts[] = []
  let next = 0
  const worker = async () => {
    while (next < entries.length) {
      const index = next++
      const entry = entries[index] as ShippedFile
      const content = await entry.content()
      if ('bytes' in content) keepPackageJson(entry.path, content.bytes, packageJson)
      results[index] = 'bytes' in content ? analyzeFile(entry.path, content.bytes) : await analyzeChunks(entry.path, content.chunks)
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, entries.length) }, worker))
  return results
}

// A small file is judged straight from this buffer: the judgement keeps none of its bytes.
const SCRATCH_SIZE = 64 * 1024

/** For sets read synchronously: one file after another, each judged where it was read. */
async function analyzeInTurn(entries: readonly ShippedFile[], packageJson: PackageJsonSlot): Promise<FileFacts[]> {
  const scratch = Buffer.allocUnsafe(SCRATCH_SIZE)
  const results: FileFacts[] = []
  const hashing: Promise<void>[] = []
  for (const entry of entries) {
    const content = (entry.readNow as (scratch: Buffer) => FileContent)(scratch)
    if (!('bytes' in content)) {
      results.push(await analyzeChunks(entry.path, content.chunks))
    } else if (content.bytes.length >= BACKGROUND_HASH_BYTES) {
      const sha256 = sha256InBackground(content.bytes)
      const facts = analyzeFile(entry.path, content.bytes, { hashedApart: true })
      hashing.push(sha256.then((hex) => void (facts.sha256 = hex)))
      results.push(facts)
    } else {
      keepPackageJson(entry.path, content.bytes, packageJson)
      results.push(analyzeFile(entry.path, content.bytes))
    }
  }
  await Promise.all(hashing)
  return results
}
