import { globProblem, type Mode, type Policy } from '@shipguard/core'

/** Options of every shipguard bundler plugin. All are optional. */
export interface Options {
  /**
   * `'production'` enforces the policy; `'development'` only reports. Detected when
   * unset: vite's `isProduction`, webpack/rspack `mode` (anything but
   * `'development'`), otherwise production unless watching or `NODE_ENV=development`.
   */
  mode?: Mode | undefined
  /**
   * Where source maps may go in a production build.
   * - `'refuse'` (default): any map in the output fails the build.
   * - `'public'`: maps ship without `sourcesContent`; links stay.
   * - `'hidden'`: maps ship without `sourcesContent`; every `sourceMappingURL` link is removed.
   * - `'private'`: maps leave the output for `privateDir`, sources and all (for an error tracker); links are removed.
   * - `'delete'`: maps and links are removed.
   *
   * Inline maps (data URLs, webpack `eval-*`) are refused under every policy.
   */
  sourcemaps?: Policy | undefined
  /**
   * With `sourcemaps: 'private'`: the folder maps are moved to, outside the output.
   * Default: a per-build folder under `node_modules/.cache/shipguard/private/`.
   */
  privateDir?: string | undefined
  /**
   * Where to write the manifest of what ships, or `false` for none. Default: a
   * per-build file under `node_modules/.cache/shipguard/`.
   */
  manifest?: false | { path?: string | undefined } | undefined
  /** Report only: never change the output, never fail the build. */
  audit?: boolean | undefined
  /**
   * What must never ship (picomatch globs). `modules`: source modules, relative to the
   * project root, such as `src/internal/**`; a production build that bundles one is
   * refused with the import chain that pulled it in. `files`: output paths, on top of
   * the defaults (`.env` files, private keys and keystores, `.npmrc` and `.netrc`).
   */
  forbid?: { modules?: string[] | undefined; files?: string[] | undefined } | undefined
  /**
   * `allow`: secrets meant to ship, such as a public web API key: fingerprints (`sha256:…`,
   * as findings print them) allow one secret wherever it is; other entries are picomatch
   * globs over output paths, such as `config/public-*.json`, that allow every secret in
   * the files they match (other findings there still count).
   */
  secrets?: { allow?: string[] | undefined } | undefined
}

export type ResolvedOptions = Required<Pick<Options, 'mode' | 'privateDir'>> & {
  sourcemaps: NonNullable<Options['sourcemaps']>
  manifest: false | { path: string | undefined }
  audit: NonNullable<Options['audit']>
  forbid: { modules: string[]; files: string[] }
  /** `secrets.allow` split in two: `fingerprints` of secrets, and globs of `files` whose secrets may ship. */
  secrets: { fingerprints: string[]; files: string[] }
}

const POLICIES: readonly Policy[] = ['refuse', 'public', 'hidden', 'private', 'delete']
const MODES: readonly Mode[] = ['production', 'development']
const KNOWN_KEYS = new Set(Object.keys({ mode: true, sourcemaps: true, privateDir: true, manifest: true, audit: true, forbid: true, secrets: true } satisfies Record<keyof Options, true>))

/** A mistake in the options, caught when the plugin is created. */
export class OptionsError extends Error {
  override name = 'OptionsError'
}

function fail(message: string): never {
  throw new OptionsError(`shipguard: ${message}`)
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value)
}

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !allowed.includes(value as T)) fail(`option ${key} is ${describe(value)}; use one of ${allowed.map((each) => `'${each}'`).join(', ')}`)
  return value as T
}

function nonEmptyString(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '') fail(`option ${key} is ${describe(value)}; use a folder path`)
  return value
}

export function resolveOptions(options: unknown = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(`options must be an object, got ${describe(options)}`)
  const given = options as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!KNOWN_KEYS.has(key)) fail(`unknown option '${key}'; the options are ${[...KNOWN_KEYS].join(', ')}`)
  }
  const sourcemaps = oneOf('sourcemaps', given.sourcemaps, POLICIES) ?? 'refuse'
  const privateDir = nonEmptyString('privateDir', given.privateDir)
  if (privateDir !== undefined && sourcemaps !== 'private') fail(`option privateDir is set but sourcemaps is '${sourcemaps}'; set sourcemaps: 'private' to move maps there`)
  if (given.audit !== undefined && typeof given.audit !== 'boolean') fail(`option audit is ${describe(given.audit)}; use true or false`)
  return {
    mode: oneOf('mode', given.mode, MODES),
    sourcemaps,
    privateDir,
    manifest: resolveManifest(given.manifest),
    audit: given.audit === true,
    forbid: {
      modules: globList('forbid.modules', member('forbid', given.forbid, ['modules', 'files']).modules),
      files: globList('forbid.files', member('forbid', given.forbid, ['modules', 'files']).files),
    },
    secrets: secretAllowList(stringList('secrets.allow', member('secrets', given.secrets, ['allow']).allow, "a list of fingerprints and globs, such as ['sha256:0123456789abcdef', 'config/public-*.json']")),
  }
}

/** An optional object option with known keys; its members are checked by the caller. */
function member(key: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {}
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`option ${key} is ${describe(value)}; use an object with ${keys.join(', ')}`)
  for (const inner of Object.keys(value)) {
    if (!keys.includes(inner)) fail(`unknown option '${key}.${inner}'; ${key} takes ${keys.join(', ')}`)
  }
  return value as Record<string, unknown>
}

function stringList(key: string, value: unknown, wanted = "a list of globs, such as ['src/internal/**']"): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) fail(`option ${key} is ${describe(value)}; use ${wanted}`)
  return value as string[]
}

function globList(key: string, value: unknown): string[] {
  const globs = stringList(key, value)
  for (const glob of globs) checkGlob(key, glob)
  return globs
}

function checkGlob(key: string, glob: string): void {
  const problem = globProblem(glob) ?? pathProblem(glob)
  if (problem) fail(`option ${key} has '${glob}', which ${problem}`)
}

/**
 * What keeps a glob from ever matching the paths it is matched against, which are
 * relative and use `/`: module paths to the project root, output paths to the output folder.
 */
function pathProblem(glob: string): string | undefined {
  if (glob.startsWith('/')) return `starts with /, where the paths it is matched against are relative; write '${glob.replace(/^\/+/, '')}'`
  // A backslash before a letter or digit escapes nothing a glob means: a Windows separator.
  if (/\\[\w.]/.test(glob)) return `uses \\ between folders, where globs use /; write '${glob.replaceAll('\\', '/')}'`
  return undefined
}

/** Entries that start with `sha256:` are fingerprints, and must be whole ones; the rest are globs over output paths. */
function secretAllowList(values: string[]): ResolvedOptions['secrets'] {
  const secrets: ResolvedOptions['secrets'] = { fingerprints: [], files: [] }
  for (const value of values) {
    if (value.startsWith('sha256:')) {
      if (!/^sha256:[0-9a-f]{16}$/.test(value)) fail(`option secrets.allow has '${value}'; use fingerprints as findings print them: sha256: and 16 hex digits`)
      secrets.fingerprints.push(value)
    } else {
      checkGlob('secrets.allow', value)
      secrets.files.push(value)
    }
  }
  return secrets
}

function resolveManifest(value: unknown): ResolvedOptions['manifest'] {
  if (value === undefined) return { path: undefined }
  if (value === false) return false
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`option manifest is ${describe(value)}; use false or { path: 'shipguard-manifest.json' }`)
  for (const key of Object.keys(value)) {
    if (key !== 'path') fail(`unknown option 'manifest.${key}'; manifest takes { path }`)
  }
  const path = (value as { path?: unknown }).path
  if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) fail(`option manifest.path is ${describe(path)}; use a file path`)
  return { path: path as string | undefined }
}

/**
 * Checks options when a plugin is created: unplugin defers its factory until the
 * bundler applies the plugin, and a mistake should surface at the config line.
 */
export function checkOptions<T extends Options | undefined>(options: T): T {
  resolveOptions(options ?? {})
  return options
}
