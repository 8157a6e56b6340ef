import picomatch from 'picomatch'
import { kindByName, type FileFacts } from './analyze.js'
import { firstMatchingGlob } from './glob-match.js'
import { withoutCompressionSuffix } from './decompress.js'
import { compareFindings, type Finding, type ForbiddenModule, type Policy } from './findings.js'
import { linkFiles, type LinkGraph } from './links.js'
import { rules } from './rules/index.js'
import { shippedMaps } from './rules/rule.js'

export interface JudgeOptions {
  policy: Policy
  /** Globs over file paths whose findings are waived (`--allow`). */
  allow?: readonly string[] | undefined
  /** Globs over output paths that must not ship, on top of the defaults. */
  forbidFiles?: readonly string[] | undefined
  /** forbid.modules hits from the bundler's graph. */
  forbiddenModules?: readonly ForbiddenModule[] | undefined
  /** Fingerprints (`sha256:…`) of secrets allowed to ship. */
  allowSecrets?: readonly string[] | undefined
  /** Globs over file paths whose secrets are allowed to ship; other findings there are judged as usual. */
  allowSecretsIn?: readonly string[] | undefined
  /** An absolute folder of this machine the files were built into or read from. */
  localFolder?: string | undefined
  /**
   * Files written where the release is not taken from (a webpack asset named out of the
   * output folder, a framework's working folder): a source file among them is not refused.
   * Every other rule judges them.
   */
  outsideRelease?: ((path: string) => boolean) | undefined
  /** Extensions of source files the package ships as its format (see formatsShippedBy): the source-file rule passes them. */
  shippedFormats?: ReadonlySet<string> | undefined
  /** Paths that ship beside the files judged, judged apart (a build's own files, when the files it did not write are judged). */
  shippedBeside?: ReadonlySet<string> | undefined
  /** Declaration maps (`index.d.ts.map`) ship under every policy, as the plugins place them: `refuse` refuses the source text they carry, not the maps. */
  declarationMapsShip?: boolean | undefined
}

/**
 * Files that must never ship, whatever the user adds: environment files, private keys
 * and keystores, npm and netrc credentials. `.env*` and not `.env.*`: bundlers hash an
 * asset's name in the middle (`.env-4f2a.production`).
 */
export const DEFAULT_FORBIDDEN_FILES: readonly string[] = ['**/.env*', '**/*.pem', '**/*.p12', '**/*.pfx', '**/*.ppk', '**/id_rsa*', '**/id_dsa*', '**/id_ecdsa*', '**/id_ed25519*', '**/.npmrc', '**/.netrc', '**/_netrc']

/**
 * File names that are secret whatever they hold, for a module a bundler takes in (and
 * may rename or inline): not `*.pem` or `id_rsa.pub`, which are as often a public
 * certificate or key, and whose private kind the secret search finds by content.
 */
export const SECRET_FILE_NAMES: readonly string[] = ['.env*', '*.p12', '*.pfx', '*.ppk', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', '.npmrc', '.netrc', '_netrc']

const PEM_GLOB = '**/*.pem'
// An ssh key's public half (`id_rsa.pub`) ships when it holds a public key and nothing else;
// a private key saved under that name, in any format, is refused by the name.
const SSH_KEY_GLOBS = new Set(['**/id_rsa*', '**/id_dsa*', '**/id_ecdsa*', '**/id_ed25519*'])

/**
 * A path as the defaults are matched against it: compressed too (`.npmrc.gz`), and in any
 * case (`.ENV`, `SERVER.PEM`, as case-blind file systems keep them), except code, styles and
 * pages, whose names only start like one (`.Envelope.js`, `ID_RSAKeyForm.js`).
 */
function defaultsName(path: string): string {
  const name = withoutCompressionSuffix(path)
  return kindByName(name) === 'asset' ? name.toLowerCase() : name
}

/**
 * The glob a file that must never ship matches: the defaults, where a `.pem` that holds
 * only certificates or public keys, and an ssh key's `.pub` that holds only its public key,
 * are let through; then the user's own, which let nothing through.
 */
function forbiddenFileMatcher(userGlobs: readonly string[]): (file: FileFacts) => string | undefined {
  const byDefault = firstMatchingGlob(DEFAULT_FORBIDDEN_FILES)
  const byOtherDefaults = firstMatchingGlob(DEFAULT_FORBIDDEN_FILES.filter((glob) => glob !== PEM_GLOB))
  const byUser = firstMatchingGlob(userGlobs)
  return (file) => {
    const name = defaultsName(file.path)
    const pattern = byDefault(name)
    if (pattern === undefined) return byUser(file.path)
    if (SSH_KEY_GLOBS.has(pattern) && file.publicSshKey) return byUser(file.path)
    return pattern === PEM_GLOB && file.publicPem ? (byOtherDefaults(name) ?? byUser(file.path)) : pattern
  }
}

export interface Judgement {
  findings: Finding[]
  /** Findings waived by an allow glob; counted so that the summary shows them. */
  allowed: number
  links: LinkGraph
}

export function judge(files: readonly FileFacts[], options: JudgeOptions): Judgement {
  const links = linkFiles(files)
  const context = {
    files,
    maps: shippedMaps(files),
    links,
    policy: options.policy,
    forbiddenFile: forbiddenFileMatcher(options.forbidFiles ?? []),
    forbiddenModules: options.forbiddenModules ?? [],
    allowedSecrets: new Set(options.allowSecrets ?? []),
    secretsAllowedIn: firstMatchingGlob(options.allowSecretsIn ?? []),
    localFolder: options.localFolder,
    outsideRelease: options.outsideRelease ?? (() => false),
    shippedFormats: options.shippedFormats ?? new Set<string>(),
    shippedBeside: options.shippedBeside ?? new Set<string>(),
    declarationMapsShip: options.declarationMapsShip ?? false,
  }
  const isAllowed = options.allow && options.allow.length > 0 ? picomatch([...options.allow], { dot: true }) : () => false
  const findings: Finding[] = []
  let allowed = 0
  for (const rule of rules) {
    for (const draft of rule.check(context)) {
      if (isAllowed(draft.file)) {
        allowed++
        continue
      }
      findings.push({ ...draft, severity: rule.severity, fixed: false })
    }
  }
  findings.sort(compareFindings)
  return { findings, allowed, links }
}
