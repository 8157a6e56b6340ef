import type { FileFacts, FileKind } from './analyze.js'
import type { Finding, Policy, RuleId, Severity } from './findings.js'
import { linkedPath, type LinkGraph } from './links.js'
import { formatFinding, type MessageContext } from './messages.js'
import { maskSecrets } from './secrets.js'
import { mapModules, totalSourcesWithText, type SourceMapFacts } from './sourcemap.js'

export type MapStatus = 'none' | 'linked' | 'hidden' | 'inline'
export type Mode = 'production' | 'development'

export interface ManifestFile {
  path: string
  bytes: number
  sha256: string
  kind: FileKind
  /** For a map file: whether anything links to it. For other files: how their map is attached. */
  map: MapStatus
  /** Source modules inside the file: from the bundler's module graph, or read from its map. */
  modules: string[]
}

/** A map that was built but does not ship: moved to a private folder, or deleted. */
export interface WithheldFile {
  path: string
  bytes: number
  sha256: string
  /** Where it went; null when it was deleted. */
  to: string | null
}

export interface ManifestFinding {
  rule: RuleId
  severity: Severity
  file: string
  line?: number
  message: string
  fix: string
  fixed: boolean
}

export interface ManifestSummary {
  files: number
  bytes: number
  maps: number
  mapsWithSources: number
  errors: number
  warnings: number
  fixed: number
  allowed: number
  verdict: 'pass' | 'fail'
}

/** The report of `scan` and `pack` and the manifest of a plugin build share this format. */
export interface Manifest {
  schemaVersion: 1
  tool: { name: string; version: string }
  bundler: { name: string; version: string } | null
  mode: Mode
  policy: Policy
  outDir: string
  files: ManifestFile[]
  withheld: WithheldFile[]
  findings: ManifestFinding[]
  summary: ManifestSummary
}

export interface ManifestInput {
  tool: { name: string; version: string }
  bundler?: { name: string; version: string } | null
  mode: Mode
  policy: Policy
  outDir: string
  files: readonly FileFacts[]
  links: LinkGraph
  findings: readonly Finding[]
  allowed: number
  withheld?: readonly WithheldFile[]
  /** Files inside shipped archives: not listed (the archive is), but the maps among them ship and are counted. */
  insideArchives?: readonly FileFacts[]
  /** Modules per output path from the bundler's own graph; maps are read where it is silent. */
  modules?: ReadonlyMap<string, readonly string[]>
  messages?: MessageContext
}

function byPath<T extends { path: string }>(a: T, b: T): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}

export function buildManifest(input: ManifestInput): Manifest {
  let facts: Map<string, FileFacts> | undefined
  const mapOfFile = (file: FileFacts): SourceMapFacts[] => {
    if (file.map) return [file.map]
    const inline = file.inlineMaps.flatMap((entry) => (entry.map ? [entry.map] : []))
    if (inline.length > 0) return inline
    const mapPath = input.links.mapOf.get(file.path)
    if (mapPath === undefined) return []
    facts ??= new Map(input.files.map((each) => [each.path, each]))
    const described = facts.get(mapPath)?.map
    return described ? [described] : []
  }
  // Most files of a large dist have neither a graph entry nor a map: no set to build for them.
  const modulesOf = (file: FileFacts): string[] => {
    const fromGraph = graphModules(file.path)
    if (fromGraph) return [...fromGraph].sort()
    const maps = mapOfFile(file)
    return maps.length === 0 ? [] : [...new Set(maps.flatMap(maskedModules))].sort()
  }
  // A map's sources may be URLs with a token in them (the secret rule reports it, masked): masked
  // here too, once for each map, which both the map and the file it describes list.
  const masked = new WeakMap<SourceMapFacts, string[]>()
  const maskedModules = (map: SourceMapFacts): string[] => {
    let modules = masked.get(map)
    if (modules === undefined) masked.set(map, (modules = mapModules(map).map(maskSecrets)))
    return modules
  }
  // A map holds the modules of the file it describes; the bundler's graph names them best.
  const describedBy = new Map([...input.links.mapOf].map(([file, map]) => [map, file]))
  const graphModules = (path: string) => input.modules?.get(path) ?? input.modules?.get(describedBy.get(path) ?? '')
  const files = input.files
    .map(
      (file): ManifestFile => ({
        path: file.path,
        bytes: file.bytes,
        sha256: file.sha256,
        kind: file.kind,
        map: mapStatus(file, input.links),
        modules: modulesOf(file),
      }),
    )
    .sort(byPath)
  const findings = input.findings.map((finding) => manifestFinding(finding, input.messages))
  const shipped = input.insideArchives === undefined ? input.files : [...input.files, ...input.insideArchives]
  const errors = input.findings.filter((finding) => finding.severity === 'error' && !finding.fixed).length
  return {
    schemaVersion: 1,
    tool: input.tool,
    bundler: input.bundler ?? null,
    mode: input.mode,
    policy: input.policy,
    outDir: input.outDir,
    files,
    withheld: [...(input.withheld ?? [])].sort(byPath),
    findings,
    summary: {
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      maps: shipped.filter((file) => file.kind === 'sourcemap').length,
      mapsWithSources: shipped.filter(isMapWithSources).length,
      errors,
      warnings: input.findings.filter((finding) => finding.severity === 'warning' && !finding.fixed).length,
      fixed: input.findings.filter((finding) => finding.fixed).length,
      allowed: input.allowed,
      verdict: errors > 0 ? 'fail' : 'pass',
    },
  }
}

function mapStatus(file: FileFacts, links: LinkGraph): MapStatus {
  if (file.kind === 'sourcemap') return links.linkedFrom.has(file.path) ? 'linked' : 'hidden'
  // Modules shipped as eval() strings (webpack's devtool 'eval') are the same debug build without the map.
  if (file.evalModules !== undefined || file.inlineMaps.some((inline) => inline.map || inline.unreadable !== undefined)) return 'inline'
  const target = links.targets.get(file.path)
  if (target !== undefined && linkedPath(target) !== undefined) return 'linked'
  return links.mapOf.has(file.path) ? 'hidden' : 'none'
}

function manifestFinding(finding: Finding, context: MessageContext | undefined): ManifestFinding {
  const { message, fix } = formatFinding(finding, context)
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: finding.file,
    ...(finding.line === undefined ? {} : { line: finding.line }),
    message,
    fix,
    fixed: finding.fixed,
  }
}

/** A map file whose sources carry text: what a manifest's `mapsWithSources` counts. */
export function isMapWithSources(file: FileFacts): boolean {
  return file.map !== undefined && totalSourcesWithText(file.map) > 0
}

/**
 * The manifest of a build some of whose files were removed from the output after it was
 * judged (a plugin that uploads maps to an error tracker and then deletes them): they no
 * longer ship, and the maps among them are withheld, deleted. Findings, the verdict and
 * each file's map status stay as judged. `mapsWithSources`: the paths the summary counted.
 */
export function withoutRemovedFiles(manifest: Manifest, removed: ReadonlySet<string>, mapsWithSources: ReadonlySet<string>): Manifest {
  const gone = manifest.files.filter((file) => removed.has(file.path))
  if (gone.length === 0) return manifest
  const files = manifest.files.filter((file) => !removed.has(file.path))
  const goneMaps = gone.filter((file) => file.kind === 'sourcemap')
  return {
    ...manifest,
    files,
    withheld: [...manifest.withheld, ...goneMaps.map((file): WithheldFile => ({ path: file.path, bytes: file.bytes, sha256: file.sha256, to: null }))].sort(byPath),
    summary: {
      ...manifest.summary,
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      maps: files.filter((file) => file.kind === 'sourcemap').length,
      mapsWithSources: manifest.summary.mapsWithSources - gone.filter((file) => mapsWithSources.has(file.path)).length,
    },
  }
}

/**
 * The manifest with files rewritten on disk since they were judged (a plugin put a build
 * number into a page), judged again and passing, listed as they now are.
 */
export function withRewrittenFiles(manifest: Manifest, rewritten: ReadonlyMap<string, { bytes: number; sha256: string }>): Manifest {
  if (!manifest.files.some((file) => rewritten.has(file.path))) return manifest
  const files = manifest.files.map((file) => {
    const now = rewritten.get(file.path)
    return now === undefined ? file : { ...file, bytes: now.bytes, sha256: now.sha256 }
  })
  return { ...manifest, files, summary: { ...manifest.summary, bytes: files.reduce((sum, file) => sum + file.bytes, 0) } }
}

/** One manifest among those merged, with the paths of the maps its summary counts as carrying sources. */
export interface ManifestPart {
  manifest: Manifest
  mapsWithSources: ReadonlySet<string>
}

/**
 * One manifest for several outputs of one build written into one folder (vite's modern and
 * legacy output), in the order they were judged. A path two list (shipped or withheld) is the
 * later one's, as on disk after the later write; the earlier one's findings on it go with it.
 */
export function mergeManifests(parts: readonly ManifestPart[]): Manifest {
  const last = parts[parts.length - 1]
  if (last === undefined) throw new Error('mergeManifests: no manifest to merge')
  if (parts.length === 1) return last.manifest
  const files = new Map<string, ManifestFile>()
  const withheld = new Map<string, WithheldFile>()
  const findings: ManifestFinding[] = []
  let maps = 0
  let mapsWithSources = 0
  let allowed = 0
  parts.forEach(({ manifest, mapsWithSources: withSources }, index) => {
    const later = new Set(parts.slice(index + 1).flatMap((part) => [...part.manifest.files, ...part.manifest.withheld].map((file) => file.path)))
    // Maps inside shipped archives count in the summary but are no file of the list: counted from it, less what a later output replaced.
    const replaced = manifest.files.filter((file) => later.has(file.path))
    maps += manifest.summary.maps - replaced.filter((file) => file.kind === 'sourcemap').length
    mapsWithSources += manifest.summary.mapsWithSources - replaced.filter((file) => withSources.has(file.path)).length
    allowed += manifest.summary.allowed
    for (const file of manifest.files) {
      files.set(file.path, file)
      withheld.delete(file.path)
    }
    for (const file of manifest.withheld) {
      withheld.set(file.path, file)
      files.delete(file.path)
    }
    findings.push(...manifest.findings.filter((finding) => !later.has(finding.file)))
  })
  const listed = [...files.values()].sort(byPath)
  const errors = findings.filter((finding) => finding.severity === 'error' && !finding.fixed).length
  return {
    ...last.manifest,
    files: listed,
    withheld: [...withheld.values()].sort(byPath),
    findings,
    summary: {
      files: listed.length,
      bytes: listed.reduce((sum, file) => sum + file.bytes, 0),
      maps,
      mapsWithSources,
      errors,
      warnings: findings.filter((finding) => finding.severity === 'warning' && !finding.fixed).length,
      fixed: findings.filter((finding) => finding.fixed).length,
      allowed,
      verdict: errors > 0 ? 'fail' : 'pass',
    },
  }
}

/** Identical manifests serialize to identical bytes: fixed key order, sorted arrays, no timestamps. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`
}
