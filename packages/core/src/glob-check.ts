const CLOSING: Record<string, string> = { '{': '}', '[': ']', '(': ')' }

/**
 * What makes a glob match nothing at all: an opening brace, bracket or parenthesis left
 * open (picomatch then matches the text literally, or nothing). A glob meant to refuse
 * files that silently matches none would let them ship.
 */
export function globProblem(glob: string): string | undefined {
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
