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
  // A picomatch matcher matches a path its regex matches or the glob itself; one test of
  // the regexes joined clears most paths, which matters when a dist has 10,000 files.
  const any = new RegExp(globs.map(regexSourceOf).join('|'))
  const literal = new Set(globs)
  // Which glob it was is asked only of the few paths that match one: the matchers are made then.
  let matchers: { glob: string; matches: (path: string) => boolean }[] | undefined
  return (path) => {
    if (!any.test(path) && !literal.has(path)) return undefined
    matchers ??= globs.map((glob) => ({ glob, matches: picomatch(glob, OPTIONS) }))
    return matchers.find(({ matches }) => matches(path))?.glob
  }
}
