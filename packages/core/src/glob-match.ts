import picomatch from 'picomatch'

// A build judges its output twice, a watch build on every change: each list is compiled once.
const compiled = new Map<string, (path: string) => string | undefined>()

/** The first of `globs` (picomatch, dot files included) that a path matches. */
export function firstMatchingGlob(globs: readonly string[]): (path: string) => string | undefined {
  const key = globs.join('\0')
  let first = compiled.get(key)
  if (first === undefined) {
    if (globs.length === 0) first = () => undefined
    else {
      const matchers = globs.map((glob) => ({ glob, matches: picomatch(glob, { dot: true }) }))
      // A picomatch matcher matches a path its regex matches or the glob itself; one test of
      // the regexes joined clears most paths, which matters when a dist has 10,000 files.
      const any = new RegExp(globs.map((glob) => picomatch.makeRe(glob, { dot: true }).source).join('|'))
      const literal = new Set(globs)
      first = (path) => (any.test(path) || literal.has(path) ? matchers.find(({ matches }) => matches(path))?.glob : undefined)
    }
    compiled.set(key, first)
  }
  return first
}
