import picomatch from 'picomatch'

type FirstMatch = (path: string) => string | undefined

// A build judges its output twice, a watch build on every change: each list is compiled once,
// and each glob once for all lists (the defaults come in two lists that differ by one glob).
const compiledLists = new Map<string, FirstMatch>()
const regexSources = new Map<string, string>()

const OPTIONS = { dot: true }

function regexSourceOf(glob: string): string {
  let source = regexSources.get(glob)
  if (source === undefined) {
    source = picomatch.makeRe(glob, OPTIONS).source
    regexSources.set(glob, source)
  }
  return source
}

/** The first of `globs` (picomatch, dot files included) that a path matches. */
export function firstMatchingGlob(globs: readonly string[]): FirstMatch {
  const key = globs.join('\0')
  let first = compiledLists.get(key)
  if (first === undefined) {
    first = globs.length === 0 ? () => undefined : firstOf(globs)
    compiledLists.set(key, first)
  }
  return first
}

function firstOf(globs: readonly string[]): FirstMatch {
  // A path none of the globs' fixed texts appear in matches none of them: for a dist of
  // 10,000 files one test of those texts costs a fifth of the globs' regexes joined,
  // which are compiled only for a path that passes it (and the matchers only for one
  // that matches). A picomatch matcher matches a path its regex matches or the glob itself.
  const texts = globs.map(requiredText)
  const mayMatch = texts.every((text) => text !== undefined) ? new RegExp(texts.map(escapeRegExp).join('|')) : undefined
  const literal = new Set(globs)
  let any: RegExp | undefined
  let matchers: { glob: string; matches: (path: string) => boolean }[] | undefined
  return (path) => {
    if (mayMatch && !mayMatch.test(path)) return undefined
    any ??= new RegExp(globs.map(regexSourceOf).join('|'))
    if (!any.test(path) && !literal.has(path)) return undefined
    matchers ??= globs.map((glob) => ({ glob, matches: picomatch(glob, OPTIONS) }))
    return matchers.find(({ matches }) => matches(path))?.glob
  }
}

/**
 * Text that every path a glob matches holds: its longest run of plain characters. Only
 * for globs of letters, digits, `.`, `_`, `-`, `*`, `?` and `/`: picomatch gives others
 * meanings beyond themselves (`|` alternates, quotes are dropped, `$$` is `$`), and
 * three stars in a row let a following `.` match any character. Never `.` or `..`,
 * which picomatch may read as path steps.
 */
function requiredText(glob: string): string | undefined {
  if (!/^[\w.\-*?/]*$/.test(glob) || glob.includes('***')) return undefined
  const runs = glob.split(/[*?/]+/).filter((run) => run !== '' && run !== '.' && run !== '..')
  return runs.reduce<string | undefined>((longest, run) => (longest === undefined || run.length > longest.length ? run : longest), undefined)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
