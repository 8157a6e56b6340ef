import { dirname, join } from 'node:path'
import { analyzeFile, type FileFacts } from './analyze.js'
import { isDeclarationFile, isDeclarationMap } from './declaration-maps.js'
import { editCompressed } from './decompress.js'
import { compareFindings, type Finding, type ForbiddenModule, type Policy } from './findings.js'
import { judge, type JudgeOptions } from './judge.js'
import { buildManifest, isMapWithSources, type Manifest, type Mode, type WithheldFile } from './manifest.js'
import { withoutMapLink } from './map-comments.js'
import type { MessageContext } from './messages.js'
import { relativizeMapPaths } from './map-paths.js'
import { isLocalAbsolutePath } from './rules/absolute-path.js'
import { pathsOfNote } from './rules/rule.js'
import { hasNothingToStrip, stripSourcesContent } from './sourcemap.js'

/** One output file as the bundler holds it, before it is written. */
export interface BuildFile {
  /** Posix path relative to the output folder. */
  path: string
  bytes: Uint8Array
}

export interface GateOptions {
  policy: Policy
  mode: Mode
  /** Report only: change nothing, refuse nothing. */
  audit: boolean
  tool: { name: string; version: string }
  bundler: { name: string; version: string }
  /** The output folder as the manifest names it. */
  outDir: string
  /** The output folder as an absolute path, where a build knows it: maps that ship get their local absolute paths made relative to it. */
  outputFolder?: string | undefined
  /** Where `private` maps go, as the manifest names it (posix, relative to the project). */
  privateDir: string | undefined
  /** Source modules of each output file, from the bundler's own module graph. */
  modules?: ReadonlyMap<string, readonly string[]>
  messages: MessageContext
  /** What else must not ship: forbid.files globs, forbid.modules hits, allowed secrets. */
  forbidFiles?: readonly string[] | undefined
  forbiddenModules?: readonly ForbiddenModule[] | undefined
  allowSecrets?: readonly string[] | undefined
  allowSecretsIn?: readonly string[] | undefined
  /** As in JudgeOptions: files whose source files are not refused, written where the release is not taken from. */
  outsideRelease?: ((path: string) => boolean) | undefined
}

function judgeOptions(options: GateOptions, policy: Policy): JudgeOptions {
  return { policy, forbidFiles: options.forbidFiles, forbiddenModules: options.forbiddenModules, allowSecrets: options.allowSecrets, allowSecretsIn: options.allowSecretsIn, localFolder: options.outputFolder, outsideRelease: options.outsideRelease, declarationMapsShip: true }
}

/** The output after the policy is applied, before anything is judged final. */
export interface PolicyOutcome {
  /** Every file that ships, with its bytes after the policy. */
  files: BuildFile[]
  /** Files whose bytes shipguard changed: maps it stripped and files whose link it removed. */
  changed: Set<string>
  stripped: Set<string>
  unlinked: Set<string>
  /** Files shipguard took out of the output (moved to privateDir or deleted). */
  removed: Set<string>
  /** Maps to write under privateDir, with their sources: paths relative to it. */
  privateMaps: BuildFile[]
  withheld: WithheldFile[]
  /** What the output was judged to hold before the policy applied. */
  before: Finding[]
  /** Facts already known, by the very bytes they were read from. */
  known: WeakMap<Uint8Array, FileFacts>
}

export interface Verdict {
  /** Findings the policy fixed (`fixed: true`) and every finding left in the output. */
  findings: Finding[]
  manifest: Manifest
  /** Production errors remain: the build must fail and write nothing. */
  refused: boolean
  /** The paths of the maps the manifest counts as carrying source text. */
  mapsWithSources: ReadonlySet<string>
}

/**
 * Judges a build's output and, in production, applies the map policy to it:
 * strips `sourcesContent` (public, hidden), takes maps out (private, delete) and
 * removes links (hidden, private, delete). Development and audit builds change nothing.
 * With `withhold: false` the maps stay in the output for now, for a bundler that
 * still renames files afterwards; `withholdMaps` takes them out later.
 */
export function enforcePolicy(input: readonly BuildFile[], options: GateOptions, { withhold = true }: { withhold?: boolean } = {}): PolicyOutcome {
  const known = new WeakMap<Uint8Array, FileFacts>()
  const unlinking = removesLinks(options)
  // Code whose link goes is read for its link only; its text is judged once, unlinked.
  const facts = input.map((file) => analyzeFile(file.path, file.bytes, { unlinking }))
  const edited = input.map((file, index) => editedBytes(file, facts[index] as FileFacts, options))
  input.forEach((file, index) => {
    const fileFacts = facts[index] as FileFacts
    const bytes = edited[index] as Uint8Array
    const linkOnly = unlinking && fileFacts.link !== undefined
    if (bytes === file.bytes) {
      // A link that could not be removed (compressed past reach): the file is judged whole.
      if (linkOnly) facts[index] = analyzeFile(file.path, file.bytes)
      known.set(file.bytes, facts[index] as FileFacts)
      return
    }
    const after = analyzeFile(file.path, bytes)
    known.set(bytes, after)
    // For the findings the edit fixed, the text judged after it stands for the text before
    // it; these facts are not known facts of the old bytes, which are judged anew if they ship.
    if (linkOnly) facts[index] = { ...fileFacts, inlineMaps: after.inlineMaps, secrets: after.secrets, ...(after.evalModules && { evalModules: after.evalModules }) }
    else known.set(file.bytes, fileFacts)
  })
  const before = judge(facts, judgeOptions(options, options.policy)).findings
  const outcome: PolicyOutcome = { files: [], changed: new Set(), stripped: new Set(), unlinked: new Set(), removed: new Set(), privateMaps: [], withheld: [], before, known }
  if (!enforces(options)) {
    outcome.files = [...input]
    return outcome
  }
  input.forEach((file, index) => {
    const fileFacts = facts[index] as FileFacts
    if (fileFacts.map && removesMaps(options) && !isDeclarationMap(file.path)) {
      if (withhold) withholdMap(file, fileFacts, outcome, options)
      else outcome.files.push(file)
      return
    }
    const bytes = edited[index] as Uint8Array
    if (bytes !== file.bytes) {
      outcome.changed.add(file.path)
      if (fileFacts.map) outcome.stripped.add(file.path)
      else outcome.unlinked.add(file.path)
    }
    outcome.files.push({ path: file.path, bytes })
  })
  return outcome
}

/**
 * A file's bytes once the policy applied: a map stripped of `sourcesContent` (public,
 * hidden), code without its trailing link (hidden, private, delete). A compressed
 * file is edited inside its compression, since the positions found are the content's.
 * Returns the bytes themselves when nothing changes.
 */
function editedBytes(file: BuildFile, facts: FileFacts, options: GateOptions): Uint8Array {
  if (!enforces(options)) return file.bytes
  const { compression, link } = facts
  const editContent = (edit: (content: Uint8Array) => Uint8Array) => (compression === undefined ? edit(file.bytes) : editCompressed(file.bytes, compression, edit))
  if (facts.map) {
    // A declaration map stays where the compiler put it under every policy, its sources stripped as a public map's.
    const placesDeclarationMap = isDeclarationMap(file.path) && options.policy !== 'refuse'
    if ((options.policy !== 'public' && options.policy !== 'hidden' && !placesDeclarationMap) || facts.mapBeyondEdit) return file.bytes
    const { outputFolder } = options
    const folder = outputFolder !== undefined && pathsOfNote(facts.map).some((path) => isLocalAbsolutePath(path, outputFolder)) ? dirname(join(outputFolder, file.path)) : undefined
    return editContent((content) => {
      const stripped = hasNothingToStrip(content) ? content : stripSourcesContent(content)
      return folder === undefined ? stripped : relativizeMapPaths(stripped, folder)
    })
  }
  // A declaration file keeps the link editors follow, to a map that stays.
  return link && removesLinks(options) && !isDeclarationFile(file.path) ? editContent((content) => withoutMapLink(content, link)) : file.bytes
}

function enforces(options: GateOptions): boolean {
  return options.mode === 'production' && !options.audit
}

function removesMaps(options: GateOptions): boolean {
  return options.policy === 'private' || options.policy === 'delete'
}

function removesLinks(options: GateOptions): boolean {
  return enforces(options) && (options.policy === 'hidden' || removesMaps(options))
}

/** Takes the maps out of files that `enforcePolicy` left them in; returns what ships. */
export function withholdMaps(files: readonly BuildFile[], outcome: PolicyOutcome, options: GateOptions): BuildFile[] {
  if (!enforces(options) || !removesMaps(options)) return [...files]
  return files.filter((file) => {
    const facts = factsOf(file, outcome)
    if (!facts.map || isDeclarationMap(file.path)) return true
    withholdMap(file, facts, outcome, options)
    return false
  })
}

function withholdMap(file: BuildFile, facts: FileFacts, outcome: PolicyOutcome, options: GateOptions): void {
  outcome.removed.add(file.path)
  if (options.policy === 'private') outcome.privateMaps.push(file)
  outcome.withheld.push({
    path: file.path,
    bytes: facts.bytes,
    sha256: facts.sha256,
    to: options.policy === 'private' && options.privateDir !== undefined ? `${options.privateDir}/${privateMapPath(file.path)}` : null,
  })
}

/**
 * Where a withheld map goes inside privateDir: a map the bundler wrote beside the output
 * (`../maps/main.js.map`) keeps its place under `up/`, so that none lands outside privateDir,
 * in the output folder itself perhaps.
 */
export function privateMapPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => (segment === '..' ? 'up' : segment))
    .join('/')
}

/** Facts of bytes read before, under the file's present name (a bundler may have renamed it). */
function factsOf(file: BuildFile, outcome: PolicyOutcome): FileFacts {
  const known = outcome.known.get(file.bytes)
  return known ? { ...known, path: file.path } : analyzeFile(file.path, file.bytes)
}

/**
 * Judges the files that will land, after the policy (and after whatever the bundler
 * did since): the verdict is about bytes, not intentions. Findings from before the
 * policy that are gone now are reported as fixed.
 */
export function verifyOutput(files: readonly BuildFile[], outcome: PolicyOutcome, options: GateOptions): Verdict {
  const facts = files.map((file) => factsOf(file, outcome))
  const enforced = enforces(options)
  // Maps left in an enforced output were placed by the policy: they ship as public ones.
  const final = judge(facts, judgeOptions(options, enforced && options.policy !== 'refuse' ? 'public' : options.policy))
  const remaining = new Set(final.findings.map(findingKey))
  const fixed = outcome.before.filter((finding) => !remaining.has(findingKey(finding))).map((finding) => ({ ...finding, fixed: true }))
  const findings = [...(enforced ? fixed : []), ...final.findings].sort(compareFindings)
  const manifest = buildManifest({
    tool: options.tool,
    bundler: options.bundler,
    mode: options.mode,
    policy: options.policy,
    outDir: options.outDir,
    files: facts,
    links: final.links,
    findings,
    allowed: final.allowed,
    withheld: outcome.withheld,
    ...(options.modules ? { modules: options.modules } : {}),
    messages: options.messages,
  })
  const mapsWithSources = new Set(facts.filter(isMapWithSources).map((file) => file.path))
  return { findings, manifest, refused: enforced && final.findings.some((finding) => finding.severity === 'error'), mapsWithSources }
}

function findingKey(finding: Finding): string {
  return `${finding.rule}\0${finding.file}\0${finding.line ?? ''}`
}
