import { createHash } from 'node:crypto'

/** A secret found in shipped text; the secret itself is never kept, only its shape. */
export interface SecretHit {
  kind: SecretKind
  line: number
  /** The secret's fixed prefix and its length: enough to find it, not to use it. */
  masked: string
  /** `sha256:` and 16 hex digits of the secret's hash, for an exact allow-list entry. */
  fingerprint: string
}

export type SecretKind =
  | 'private-key'
  | 'aws-access-key-id'
  | 'github-token'
  | 'npm-token'
  | 'slack-token'
  | 'stripe-live-key'
  | 'openai-api-key'
  | 'anthropic-api-key'
  | 'google-api-key'

interface Shape {
  kind: SecretKind
  /** Fixed text every secret of the shape starts with, found natively before any regex runs. */
  prefixes: string[]
  /** The whole secret, tested where a prefix was found. */
  pattern: RegExp
  /** How much of the match stays visible. */
  visible: number
}

// High-precision shapes only: fixed prefixes, fixed alphabets and lengths, so that a
// bundle of a large library does not raise a false alarm. A token must not continue
// into more token characters on either side.
const SHAPES: Shape[] = [
  {
    kind: 'private-key',
    prefixes: ['-----BEGIN '],
    // The key body follows the header after a line break: a real one, or one escaped once
    // (in a JS string) or twice (when that string sits in a map's sourcesContent).
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\+[rn])+[A-Za-z0-9+/=]{40,}/y,
    visible: 11,
  },
  { kind: 'aws-access-key-id', prefixes: ['AKIA', 'ASIA'], pattern: /(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])/y, visible: 4 },
  { kind: 'github-token', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], pattern: /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y, visible: 4 },
  { kind: 'github-token', prefixes: ['github_pat_'], pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/y, visible: 11 },
  { kind: 'npm-token', prefixes: ['npm_'], pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y, visible: 4 },
  { kind: 'slack-token', prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-'], pattern: /xox[baprs]-[0-9]{8,14}-[0-9]{8,14}(?:-[0-9]{8,14})?-[A-Za-z0-9]{24,34}(?![A-Za-z0-9])/y, visible: 5 },
  { kind: 'stripe-live-key', prefixes: ['sk_live_', 'rk_live_'], pattern: /[sr]k_live_[0-9A-Za-z]{24,99}(?![0-9A-Za-z])/y, visible: 8 },
  { kind: 'openai-api-key', prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], pattern: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/y, visible: 8 },
  { kind: 'openai-api-key', prefixes: ['T3BlbkFJ'], pattern: /T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9])/y, visible: 0 },
  { kind: 'anthropic-api-key', prefixes: ['sk-ant-'], pattern: /sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])/y, visible: 7 },
  { kind: 'google-api-key', prefixes: ['AIza'], pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y, visible: 4 },
]

// Documentation placeholders that have the exact shape of a real key.
const PLACEHOLDER = /EXAMPLE|X{8,}|0{12,}/

const TOKEN_CHARACTER = /[A-Za-z0-9_-]/
const WINDOW = 4096

export function fingerprintOf(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`
}

/**
 * Secrets in text, found by their fixed prefixes with Buffer.indexOf (native) and
 * confirmed by a pattern at each hit. Each secret is reported once.
 */
export function findSecrets(input: Uint8Array): SecretHit[] {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  const hits: Array<{ at: number; hit: Omit<SecretHit, 'line'> }> = []
  const seen = new Set<number>()
  for (const shape of SHAPES) {
    for (const prefix of shape.prefixes) {
      // The OpenAI legacy marker sits inside the key: look back for where the key starts.
      const lookBehind = shape.kind === 'openai-api-key' && prefix === 'T3BlbkFJ' ? 23 : 0
      for (let at = bytes.indexOf(prefix); at !== -1; at = bytes.indexOf(prefix, at + prefix.length)) {
        const start = lookBehind > 0 ? at - lookBehind : at
        if (start < 0 || seen.has(start)) continue
        if (lookBehind === 0 && start > 0 && shape.kind !== 'private-key' && TOKEN_CHARACTER.test(String.fromCharCode(bytes[start - 1] as number))) continue
        const window = bytes.toString('latin1', start, start + WINDOW)
        const secret = lookBehind > 0 ? legacyOpenAiKey(window) : matchAt(shape.pattern, window)
        if (secret === undefined || PLACEHOLDER.test(secret)) continue
        seen.add(start)
        const visible = lookBehind > 0 ? 3 : shape.visible
        hits.push({ at: start, hit: { kind: shape.kind, masked: `${secret.slice(0, visible)}… (${secret.length} characters)`, fingerprint: fingerprintOf(secret) } })
      }
    }
  }
  hits.sort((a, b) => a.at - b.at)
  let line = 1
  let counted = 0
  return hits.map(({ at, hit }) => {
    for (let newline = bytes.indexOf(0x0a, counted); newline !== -1 && newline < at; newline = bytes.indexOf(0x0a, newline + 1)) {
      line++
      counted = newline + 1
    }
    return { ...hit, line }
  })
}

function matchAt(pattern: RegExp, text: string): string | undefined {
  pattern.lastIndex = 0
  return pattern.exec(text)?.[0]
}

/** `sk-` + 20 characters + `T3BlbkFJ` + 20 characters: the older OpenAI key. */
function legacyOpenAiKey(window: string): string | undefined {
  return /^sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9])/.exec(window)?.[0]
}
