// Finds the modules webpack's and rspack's `devtool: 'eval'` ships: no map, but each
// module's code, comments included, as the text of a string handed to eval(). Their
// EvalDevToolModulePlugin writes `eval(JSON.stringify(`{${code}\n//# sourceURL=${url}\n}`))`
// (without the braces before webpack 5.10x), under output.trustedTypes inside one more
// call (`eval(__webpack_require__.ts("…"))`); the URL's default template is
// `webpack://[namespace]/[resource-path]?…`, whatever output.devtoolNamespace or
// output.uniqueName make the namespace. The eval-* devtools with maps name their modules
// `webpack-internal:///…` and are refused for their inline maps instead.

import { LineCounter } from './map-comments.js'

/** The end of the needle code is searched by for `sourceURL` (see secrets.ts), the same `URL` as `sourceMappingURL`'s. */
const SOURCE_URL = Buffer.from('sourceURL')
const TAIL = 'URL'.length

/** Whether `sourceURL` ends with the `URL` at `at`. */
export function isSourceUrlTail(bytes: Buffer, at: number): boolean {
  return at >= SOURCE_URL.length - TAIL && bytes.subarray(at - (SOURCE_URL.length - TAIL), at + TAIL).equals(SOURCE_URL)
}

// The comment as it reads inside the string: its line break escaped.
const TRAILER = Buffer.from('\\n//# sourceURL=webpack://')
const BACKSLASH = 0x5c
const CLOSING_BRACE = 0x7d
const CLOSING_PAREN = 0x29
// Room for `eval(`, a trusted-types call written out (`__webpack_require__.ts(`) and spaces.
const CALL_LOOK_BACK = 80
const EVAL_CALL = /(?:^|[^\w$.])eval\s*\(\s*(?:[\w$.]+\s*\(\s*)?$/

/** Where such modules are: the line of the first, and how many there are. */
export interface EvalModules {
  line: number
  count: number
}

/**
 * Every string literal handed to eval() that ends with a `//# sourceURL=webpack://…`
 * comment. Code that mentions such a comment or builds one (webpack's own, bundled; a
 * compiler's) is passed: the comment must close a whole literal, the literal must open
 * right inside `eval(`. Each byte is read at most twice: once looking forward from a
 * comment to the quote that closes its string, once back from there to the one that opens it.
 */
export function findEvalModules(bytes: Buffer): EvalModules | undefined {
  let count = 0
  let firstAt = -1
  // Where the last string this search closed ended: no later string opens before it.
  let floor = 0
  for (let at = bytes.indexOf(TRAILER); at !== -1; at = bytes.indexOf(TRAILER, at + TRAILER.length)) {
    const close = closingQuote(bytes, at + TRAILER.length)
    if (close === -1) continue
    const open = openingQuote(bytes, bytes[close] as number, floor, at)
    floor = close + 1
    if (open === -1 || !EVAL_CALL.test(bytes.toString('latin1', Math.max(0, open - CALL_LOOK_BACK), open))) continue
    // A raw line break: what lies between the quotes is no string literal.
    if (bytes.subarray(open, close).includes(0x0a)) continue
    if (count++ === 0) firstAt = at
  }
  return count === 0 ? undefined : { line: new LineCounter(bytes).lineAt(firstAt), count }
}

/**
 * The quote that ends the string right after the comment's URL (read from `from`): after
 * the URL, an escaped line break and webpack's `}`, or the URL itself; then a `)`. -1 when
 * anything else follows the URL, or white space breaks it.
 */
function closingQuote(bytes: Buffer, from: number): number {
  let i = from
  while (i < bytes.length) {
    const byte = bytes[i] as number
    if (byte === BACKSLASH) {
      if (bytes[i + 1] !== 0x6e) {
        // An escaped quote or backslash: part of the URL (a Windows path, a quote in a file name).
        i += 2
        continue
      }
      i += 2
      if (bytes[i] === CLOSING_BRACE) i++
      return isQuote(bytes[i]) && closesCall(bytes, i + 1) ? i : -1
    }
    if (isQuote(byte) && closesCall(bytes, i + 1)) return i
    if (byte <= 0x20) return -1
    i++
  }
  return -1
}

function isQuote(byte: number | undefined): boolean {
  return byte === 0x22 || byte === 0x27
}

function closesCall(bytes: Buffer, from: number): boolean {
  let i = from
  while (bytes[i] === 0x20 || bytes[i] === 0x09) i++
  return bytes[i] === CLOSING_PAREN
}

/** The last `quote` in [floor, before) that no backslash escapes: where the string closed at `before`'s quote opens. */
function openingQuote(bytes: Buffer, quote: number, floor: number, before: number): number {
  // Searched in a view that starts at the floor: a search past it would read bytes twice.
  const area = bytes.subarray(floor, before)
  for (let i = area.lastIndexOf(quote); i !== -1; i = i === 0 ? -1 : area.lastIndexOf(quote, i - 1)) {
    let backslashes = 0
    while (floor + i - backslashes > 0 && bytes[floor + i - 1 - backslashes] === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return floor + i
  }
  return -1
}
