import type { Finding } from './findings.js'
import { maskSecrets, type SecretKind } from './secrets.js'
import { groupDigits, plural } from './format.js'
import { SECRET_FILE_NAMES } from './judge.js'
import { rules } from './rules/index.js'

export type BundlerName = 'vite' | 'rollup' | 'rolldown' | 'webpack' | 'rspack' | 'esbuild' | 'bun'

/** Who shows the message: the CLI, or a plugin running inside a given bundler. */
export interface MessageContext {
  bundler?: BundlerName | undefined
}

/** `message` describes the file (or the spot given by `line`) without naming it; renderers put the location first. */
export interface FormattedFinding {
  message: string
  fix: string
}

/** `dist/app.js:12`, as a finding's location reads in every rendering. */
export function findingLocation(finding: { file: string; line?: number | undefined }): string {
  return finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`
}

// The setting that turns each problem off, per bundler. Inline maps and sources are
// the two a user is told to change, so each bundler's exact spelling lives here.
const INLINE_FIX: Record<BundlerName, string> = {
  vite: "set build.sourcemap to true or 'hidden' instead of 'inline'",
  rollup: "set output.sourcemap to true or 'hidden' instead of 'inline'",
  rolldown: "set output.sourcemap to true or 'hidden' instead of 'inline'",
  webpack: "set devtool to 'hidden-source-map' or 'source-map' (no inline-* or eval-* devtool in production)",
  rspack: "set devtool to 'hidden-source-map' or 'source-map' (no inline-* or eval-* devtool in production)",
  esbuild: "set sourcemap to 'external' or 'linked' instead of 'inline' or 'both'",
  bun: "set sourcemap to 'external' or 'linked' instead of 'inline'",
}

// Where the bundler itself leaves sources out; the plugin's own policies come first.
const SOURCES_SETTING: Record<BundlerName, string> = {
  vite: 'build.rolldownOptions.output.sourcemapExcludeSources: true; build.rollupOptions before vite 8',
  rollup: 'output.sourcemapExcludeSources: true',
  rolldown: 'output.sourcemapExcludeSources: true',
  webpack: "devtool: 'nosources-source-map'",
  rspack: "devtool: 'nosources-source-map'",
  esbuild: 'sourcesContent: false',
  bun: "sourcemap: 'none'",
}

function sourcesFix(bundler: BundlerName): string {
  return `let shipguard strip them with sourcemaps: 'hidden' or 'public', or keep them out of the output with 'private'; or build without them (${SOURCES_SETTING[bundler]})`
}

const ANY_BUNDLER_INLINE_FIX =
  "emit external maps instead: vite build.sourcemap 'hidden', rollup/rolldown output.sourcemap 'hidden', webpack/rspack devtool 'hidden-source-map' (no inline-* or eval-*), esbuild/bun sourcemap 'external'"
// devtool 'eval' has no map to strip or move: only another devtool takes the code out of the strings.
const EVAL_DEVTOOL_FIX = "build with devtool false, or 'hidden-source-map' with a sourcemaps policy; devtool 'eval' (the default of mode 'development') is for development builds"
const ANY_BUNDLER_EVAL_FIX =
  "build for production with webpack/rspack devtool false, or 'hidden-source-map' with the maps kept out of the release (a shipguard plugin's sourcemaps policy does so); devtool 'eval' (the default of mode 'development') is for development builds"
// A map (or a script with its map) imported as a URL, which the bundler inlined as a data URL.
const DATA_URL_FIX = 'stop importing the map, or the script or style that carries one, into the code (as ?url, new URL() or a CSS url()); a bundler inlines small assets as data URLs'

function dataUrlFix(bundler: BundlerName | undefined): string {
  return bundler === 'vite' ? `${DATA_URL_FIX}: vite does so below build.assetsInlineLimit` : DATA_URL_FIX
}
// Data that holds whole maps is mostly a build cache or a tool's record, copied where it should not be.
const JSON_DATA_FIX = 'keep this file out of the output (a build cache or a tool\'s record of its maps), or leave sourcesContent out of the maps it stores'
// A loader or an import put a whole map into the bundle's code.
const CODE_MAP_FIX = "build without the loader's maps (css-loader's sourceMap: false; style-loader puts them into the bundle), or stop importing a map as a string or JSON"
// An archive among the files is mostly an earlier release left behind (npm pack, then npm publish with no "files").
const ARCHIVE_FIX = 'delete it or keep it out of what ships (package.json "files", .npmignore, the build\'s copy step); shipguard cannot confirm it carries no source, so it refuses it'
// An asar is mostly the app itself (electron-builder's resources/app.asar): deleting it is no fix.
const ASAR_FIX = 'pack it again (electron-builder, electron-forge, @electron/asar) and check the copy that ships; a file that is no asar archive, rename it; shipguard cannot confirm it carries no source, so it refuses it'
const ANY_BUNDLER_SOURCES_FIX =
  "build maps without sources: rollup/rolldown/vite output.sourcemapExcludeSources true, esbuild sourcesContent false, webpack/rspack devtool 'nosources-source-map'; or let a shipguard plugin strip them"

const SECRET_NAMES: Record<SecretKind, string> = {
  'private-key': 'a PEM private key',
  'aws-access-key-id': 'an AWS access key id',
  'github-token': 'a GitHub token',
  'npm-token': 'an npm token',
  'slack-token': 'a Slack token',
  'stripe-live-key': 'a Stripe live key',
  'openai-api-key': 'an OpenAI API key',
  'anthropic-api-key': 'an Anthropic API key',
  'google-api-key': 'a Google API key',
}

/** A short list for a one-line message: the first few, then how many more. */
function someOf(values: readonly string[], shown = 3): string {
  const head = values.slice(0, shown).join(', ')
  return values.length > shown ? `${head} and ${values.length - shown} more` : head
}

export function formatFinding(finding: Finding, context: MessageContext = {}): FormattedFinding {
  const { bundler } = context
  switch (finding.rule) {
    case 'sources-content': {
      const sections = finding.sections.length > 0 ? ` in index map section${finding.sections.length === 1 ? '' : 's'} ${someOf(finding.sections)}` : ''
      const where = finding.inJsonData ? 'a source map inside JSON data' : finding.inCode ? 'a source map written into the code' : finding.inline ? 'an inline source map' : 'a source map'
      const asDataUrls = finding.asDataUrls ?? 0
      const carried = [
        finding.withText > 0 ? `${groupDigits(finding.withText)} in sourcesContent` : '',
        asDataUrls > 0 ? `${groupDigits(asDataUrls)} as data URLs in sources` : '',
      ].filter(Boolean)
      return {
        message:
          carried.length === 1
            ? `${where} carrying the source text of ${groupDigits(finding.withText + asDataUrls)} of ${plural(finding.sources, 'module')} ${finding.withText > 0 ? 'in sourcesContent' : 'as data URLs in sources'}${sections}`
            : `${where} carrying the source text of ${groupDigits(Math.min(finding.sources, finding.withText + asDataUrls))} of ${plural(finding.sources, 'module')}: ${carried.join(', ')}${sections}`,
        fix:
          asDataUrls > 0
            ? 'name sources by path: the tool that wrote this map put each module\'s text into its sources as a data URL, which no setting for sourcesContent removes'
            : finding.inJsonData
              ? JSON_DATA_FIX
              : finding.inCode
                ? CODE_MAP_FIX
              : finding.inDataUrl
                ? dataUrlFix(bundler)
                : finding.inline
                  // No policy takes an inline map out of the code: only the bundler's setting does.
                  ? bundler ? INLINE_FIX[bundler] : ANY_BUNDLER_INLINE_FIX
                : bundler
                  ? sourcesFix(bundler)
                  : ANY_BUNDLER_SOURCES_FIX,
      }
    }
    case 'inline-map':
      if (finding.evalModules !== undefined) {
        return {
          message: `the code of ${plural(finding.evalModules, 'module')} as text in eval() strings, comments included (webpack's or rspack's devtool 'eval', the default of mode 'development'): every user downloads it`,
          fix: bundler === 'webpack' || bundler === 'rspack' ? EVAL_DEVTOOL_FIX : ANY_BUNDLER_EVAL_FIX,
        }
      }
      if (finding.inDataUrl) {
        return {
          message: 'a source map inside a data URL the code embeds (an inlined asset, or a script or style inlined with its map): every user downloads it',
          fix: dataUrlFix(bundler),
        }
      }
      return {
        message: `a source map embedded as a data URL${finding.inString ? ' inside an eval() string' : ''}: every user downloads it`,
        fix: bundler ? INLINE_FIX[bundler] : ANY_BUNDLER_INLINE_FIX,
      }
    case 'public-map':
      return {
        message: finding.inDeclaration ? 'a source map that would ship, embedded as a data URL in a declaration file' : `a source map that would ship${finding.linkedFrom.length > 0 ? ` (linked from ${someOf(finding.linkedFrom)})` : ' (nothing links to it)'}`,
        fix: bundler
          ? "choose where maps go with the sourcemaps option: 'private' (kept outside the output for an error tracker), 'hidden', 'public' or 'delete'"
          : 'keep maps out of the release, or pass --allow-maps if maps without sources are meant to ship',
      }
    case 'map-link':
      return {
        message: finding.problem === 'missing' ? `links to ${maskSecrets(finding.url)}, which is not in the output` : `links to a map outside the output: ${maskSecrets(finding.url)}`,
        fix: 'remove the sourceMappingURL comment (hidden source maps), or ship the map it names',
      }
    case 'source-file':
      if (finding.coverageOf !== undefined) {
        return {
          message: `a page of an istanbul/nyc coverage report that holds the whole source of ${maskSecrets(finding.coverageOf)}, HTML-escaped`,
          fix: 'leave the coverage report out of the release: list what ships in package.json "files", or add coverage/ to .npmignore; or take it out of the build\'s copy step',
        }
      }
      return {
        message: 'an original source file',
        fix: 'leave sources out of the output: check the copy step of the build, package.json "files" or .npmignore',
      }
    case 'unreadable-map':
      return {
        message: finding.notMapShaped ? `cannot be read, so a source map or source in it cannot be ruled out: ${finding.reason}` : `${finding.inline ? 'a data URL that looks like a source map' : 'looks like a source map'} but cannot be read: ${finding.reason}`,
        fix: finding.archive === 'asar' ? ASAR_FIX : finding.archive ? ARCHIVE_FIX : 'fix or delete it; shipguard cannot confirm it carries no source, so it refuses it',
      }
    case 'absolute-path':
      return {
        message: `a map naming paths on the machine that built it: ${someOf(finding.paths.map(maskSecrets), 2)}`,
        fix: 'build maps with relative source paths (rollup output.sourcemapPathTransform, webpack output.devtoolModuleFilenameTemplate)',
      }
    case 'external-url':
      return {
        message: `points at remote URLs: ${someOf(finding.urls.map(maskSecrets), 2)}`,
        fix: 'make sure these addresses are meant to be public',
      }
    case 'secret':
      return {
        message: `holds ${SECRET_NAMES[finding.kind]}: ${finding.masked}, fingerprint ${finding.fingerprint}`,
        fix: `revoke it and load it at run time instead of building it in; if it is meant to be public, allow its fingerprint (${bundler ? 'secrets.allow' : '--allow-secret'} ${finding.fingerprint})`,
      }
    case 'forbidden-file':
      return {
        message: `a file that must never ship (${finding.pattern})`,
        fix: `keep it out of the output${bundler ? ' (check what copies it there, or forbid.files)' : ': package.json "files", .npmignore, or the build\'s copy step'}`,
      }
    case 'forbidden-module':
      if (finding.entry) {
        return {
          message: `bundles ${finding.module} (${finding.pattern}), an entry point of the build`,
          fix: `take it out of the build's entry points${SECRET_FILE_NAMES.includes(finding.pattern) ? ': a file named like that must never ship' : ', or change forbid.modules'}`,
        }
      }
      return {
        message: `bundles ${finding.module} (${finding.pattern}), imported by ${finding.chain.join(' → ')}`,
        fix: `remove the import that pulls it in (${finding.chain.at(-2) ?? finding.chain[0]} imports it)${SECRET_FILE_NAMES.includes(finding.pattern) ? ': a file named like that must never ship' : ', or change forbid.modules'}`,
      }
  }
}

/**
 * Findings grouped by severity, rule and fix, errors first and rules in the order
 * of the rule table, so that a report says each fix once.
 */
export function groupFindings<T extends { severity: string; rule: string; fix: string }>(findings: readonly T[]): T[][] {
  const ruleOrder: readonly string[] = rules.map((rule) => rule.id)
  const byKey = new Map<string, T[]>()
  for (const finding of findings) {
    const key = `${finding.severity}\0${finding.rule}\0${finding.fix}`
    const group = byKey.get(key)
    if (group) group.push(finding)
    else byKey.set(key, [finding])
  }
  const rank = (finding: T) => (finding.severity === 'error' ? 0 : ruleOrder.length) + Math.max(0, ruleOrder.indexOf(finding.rule))
  return [...byKey.values()].sort((a, b) => rank(a[0] as T) - rank(b[0] as T))
}
