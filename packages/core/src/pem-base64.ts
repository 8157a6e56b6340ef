// A PEM private key kept as base64 of its text, as stores of environment variables and
// Kubernetes Secrets hold it (`tls.key: LS0tLS1CRUdJTi…`), and as a bundler inlines such a
// value (`Buffer.from("LS0tLS1CRUdJTi…", "base64")`): read by decoding it.
import { isNoKeyOnOneLine, showsOnlyPublicStart, PEM_KEY, PEM_KEY_ON_ONE_LINE } from './pem.js'

/**
 * The base64 of `-----BEGIN ` from each of the three places it may fall in its group of
 * three bytes, and the dashes lost to the group before where it is not the first: each
 * starts with `LS0t`, three dashes, which finds them all.
 */
const STARTS: ReadonlyArray<[string, string]> = [
  ['LS0tLS1CRUdJTi', ''],
  ['LS0tQkVHSU4g', '--'],
  ['LS0tLUJFR0lOI', '-'],
]
export const BASE64_PEM_STARTS: readonly string[] = STARTS.map(([start]) => start)
export const BASE64_PEM_NEEDLE = 'LS0t'

// The run of base64 from there: lines wrapped as `base64` wraps them (a line break and the
// indent of a YAML block), or escaped in a string, and `/` escaped as JSON encoders may.
export const BASE64_RUN: RegExp = /(?:[A-Za-z0-9+=]|\\*\/|\\+[rn]|\r?\n[ \t]*)+/y

/** The PEM text a base64 run that starts with one of BASE64_PEM_STARTS decodes to. */
export function decodedPem(run: string): string | undefined {
  const lost = STARTS.find(([start]) => run.startsWith(start))?.[1]
  if (lost === undefined) return undefined
  return lost + Buffer.from(run.replace(/\\+[rn]|\\(?=\/)|\s/g, ''), 'base64').toString('latin1')
}

/** Whether PEM text starts with a private key as the search finds one written out: a certificate or a public key does not. */
export function startsWithPrivateKey(text: string): boolean {
  for (const [pattern, notAKey] of [[PEM_KEY, showsOnlyPublicStart], [PEM_KEY_ON_ONE_LINE, isNoKeyOnOneLine]] as const) {
    pattern.lastIndex = 0
    if (pattern.test(text) && !notAKey(text)) return true
  }
  return false
}
