import type { FileFacts, InlineMap } from '../analyze.js'
import type { FindingDraft, ForbiddenModule, Policy, RuleId, Severity } from '../findings.js'
import type { LinkGraph } from '../links.js'
import { eachMap, type SourceMapFacts } from '../sourcemap.js'

export interface RuleContext {
  files: readonly FileFacts[]
  /** Every readable map in the set, listed once for all the rules that read maps (judge sets it). */
  maps?: readonly ShippedMap[]
  links: LinkGraph
  policy: Policy
  /** forbid.files and the defaults: the glob a file that must never ship matches, if any. */
  forbiddenFile(file: FileFacts): string | undefined
  /** forbid.modules, as the bundler's module graph found them. */
  forbiddenModules: readonly ForbiddenModule[]
  /** Fingerprints of secrets the user allowed. */
  allowedSecrets: ReadonlySet<string>
  /** The glob naming a file whose secrets the user allowed, if any. */
  secretsAllowedIn(path: string): string | undefined
  /** An absolute folder of this machine the files come from: paths under its top-level folder are local. */
  localFolder?: string | undefined
  /** Files written where the release is not taken from: the source-file rule passes them. */
  outsideRelease(path: string): boolean
  /** Extensions of source files the package ships as its format: the source-file rule passes them. */
  shippedFormats: ReadonlySet<string>
  /** Paths that ship beside the files judged, judged apart. */
  shippedBeside: ReadonlySet<string>
  /** Declaration maps ship under every policy (see JudgeOptions). */
  declarationMapsShip?: boolean
}

export interface Rule {
  id: RuleId
  severity: Severity
  check(context: RuleContext): FindingDraft[]
}

export interface ShippedMap {
  file: FileFacts
  map: SourceMapFacts
  inline: InlineMap | undefined
}

/** Every readable map in the set, whether a file of its own or inline, with its location. */
export function shippedMaps(files: readonly FileFacts[]): ShippedMap[] {
  const maps: ShippedMap[] = []
  for (const file of files) {
    if (file.map) maps.push({ file, map: file.map, inline: undefined })
    for (const inline of file.inlineMaps) {
      if (inline.map) maps.push({ file, map: inline.map, inline })
    }
  }
  return maps
}

/** The `sources`, `sourceRoot` and `file` values of a map and of all its sections. */
function mapPaths(map: SourceMapFacts): string[] {
  const paths: string[] = []
  for (const { map: each } of eachMap(map)) {
    if (each.sourceRoot) paths.push(each.sourceRoot)
    if (each.file) paths.push(each.file)
    // One by one: spread as arguments, a map's 125,000 sources overflow the stack.
    for (const source of each.sources) paths.push(source)
  }
  return paths
}

/**
 * The paths of a map (see mapPaths) that could be anything but a plain relative path:
 * those with a scheme or drive (`:`), a leading slash or backslash, or a first
 * character that is a space or not ASCII. A plain relative path, most of a map's
 * sources (`../src/main.ts`), is no absolute path, remote URL or data URL, so the rules
 * that look for those read this list, made once per map, not every source each.
 */
export function pathsOfNote(map: SourceMapFacts): readonly string[] {
  let paths = pathsOfNoteByMap.get(map)
  if (paths === undefined) {
    paths = mapPaths(map).filter(mayBeOfNote)
    pathsOfNoteByMap.set(map, paths)
  }
  return paths
}

const pathsOfNoteByMap = new WeakMap<SourceMapFacts, readonly string[]>()

function mayBeOfNote(path: string): boolean {
  const first = path.charCodeAt(0)
  return first <= 0x20 || first >= 0x7f || first === 0x2f || first === 0x5c || path.includes(':')
}

/** Distinct values, in first-seen order. */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)]
}

/** The context's shipped maps, or the files' own for a caller that runs a rule by itself. */
export function mapsOf(context: Pick<RuleContext, 'files' | 'maps'>): readonly ShippedMap[] {
  return context.maps ?? shippedMaps(context.files)
}
