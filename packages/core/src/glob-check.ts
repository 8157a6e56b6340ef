import picomatch from 'picomatch'

const CLOSING: Record<string, string> = { '{': '}', '[': ']', '(': ')' }

/**
 * What makes a glob match other than its writer means: an opening brace, bracket or
 * parenthesis left open (picomatch then matches the text literally, or nothing), or a
 * leading `!`. A glob meant to refuse files that silently matches none would let them
 * ship; a negated one, read as gitignore's exception to the globs before it, matches
 * every path the rest does not, so an allow list waives the whole output.
 */
export function globProblem(glob: string): string | undefined {
  // picomatch's own reading: `!(a)` is an extglob, not a negation, and `./!a` is one.
  if (picomatch.scan(glob).negated) return 'is a negation (a leading !): it matches every path the rest does not, not an exception to the other globs; negation is not supported, so list only the paths to match (\\! for a name that starts with !)'
  const open: string[] = []
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string
    if (char === '\\') {
      index++
      continue
    }
    if (char in CLOSING) open.push(char)
    else if (open.length > 0 && char === CLOSING[open.at(-1) as string]) open.pop()
  }
  const unclosed = open.at(-1)
  return unclosed === undefined ? undefined : `has a ${unclosed} that is never closed; close it with ${CLOSING[unclosed]}, or escape it as \\${unclosed}`
}
