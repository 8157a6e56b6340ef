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
  /**
   * Text every secret of the shape contains, found natively before any regex runs,
   * and how far before it the secret starts. Shapes share needles so that the text is
   * searched once per needle, not once per prefix.
   */
  needles: string[]
  back: number
  /** Fixed text the secret starts with, compared byte by byte before any string is made. */
  starts: string[]
  /** The whole secret, tested where it would start. */
  pattern: RegExp
  /** How many bytes from the start the pattern may need, its lookahead included. */
  window: number
  /** How much of the match stays visible. */
  visible: number
  /** The secret may follow token characters: a PEM header, or a marker found inside the key. */
  openStart?: true
}

// High-precision shapes only: fixed prefixes, fixed alphabets and lengths, so that a
// bundle of a large library does not raise a false alarm. A token must not continue
// into more token characters on either side. Where two shapes match at one place,
// the first listed names it.
const SHAPES: Shape[] = [
  {
    kind: 'private-key',
    needles: ['-----BEGIN '],
    back: 0,
    starts: ['-----BEGIN '],
    // The key body follows the header after a line break: a real one, or one escaped once
    // (in a JS string) or twice (when that string sits in a map's sourcesContent).
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\+[rn])+[A-Za-z0-9+/=]{40,}/y,
    // The body has no fixed length: a key is reported with at most this much of it.
    window: 4096,
    visible: 11,
    openStart: true,
  },
  { kind: 'aws-access-key-id', needles: ['IA'], back: 2, starts: ['AKIA', 'ASIA'], window: 256, pattern: /(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])/y, visible: 4 },
  { kind: 'github-token', needles: ['gh'], back: 0, starts: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], window: 256, pattern: /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y, visible: 4 },
  { kind: 'github-token', needles: ['gh'], back: 0, starts: ['github_pat_'], window: 256, pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/y, visible: 11 },
  { kind: 'npm-token', needles: ['npm_'], back: 0, starts: ['npm_'], window: 256, pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y, visible: 4 },
  { kind: 'slack-token', needles: ['xox'], back: 0, starts: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-'], window: 256, pattern: /xox[baprs]-[0-9]{8,14}-[0-9]{8,14}(?:-[0-9]{8,14})?-[A-Za-z0-9]{24,34}(?![A-Za-z0-9])/y, visible: 5 },
  { kind: 'stripe-live-key', needles: ['k_live_'], back: 1, starts: ['sk_live_', 'rk_live_'], window: 256, pattern: /[sr]k_live_[0-9A-Za-z]{24,99}(?![0-9A-Za-z])/y, visible: 8 },
  { kind: 'openai-api-key', needles: ['sk-'], back: 0, starts: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], window: 256, pattern: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/y, visible: 8 },
  // The older OpenAI key: `sk-` + 20 characters + `T3BlbkFJ` + 20 characters.
  { kind: 'openai-api-key', needles: ['sk-'], back: 0, starts: ['sk-'], window: 256, pattern: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9])/y, visible: 3, openStart: true },
  { kind: 'anthropic-api-key', needles: ['sk-'], back: 0, starts: ['sk-ant-'], window: 256, pattern: /sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])/y, visible: 7 },
  { kind: 'google-api-key', needles: ['AIza'], back: 0, starts: ['AIza'], window: 256, pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y, visible: 4 },
]

/** Each needle once, with the shapes to try where it is found, in the order listed. */
const NEEDLES = new Map<string, Array<{ shape: Shape; rank: number }>>()
SHAPES.forEach((shape, rank) => {
  for (const needle of shape.needles) NEEDLES.set(needle, [...(NEEDLES.get(needle) ?? []), { shape, rank }])
})

// Below this size one pass of a regular expression over the text finds every needle
// for less than a native search per needle costs in calls (a dist of 10,000 small
// files); above it the native searches are faster.
const ONE_PASS_BELOW = 4096
const ANY_NEEDLE = new RegExp([...NEEDLES.keys()].map((needle) => needle.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|'), 'g')

// Documentation placeholders that have the exact shape of a real key.
const PLACEHOLDER = /EXAMPLE|X{8,}|0{12,}/

const TOKEN_CHARACTER = /[A-Za-z0-9_-]/

function startsWithAt(bytes: Buffer, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false
  for (let i = 0; i < text.length; i++) {
    if (bytes[at + i] !== text.charCodeAt(i)) return false
  }
  return true
}

export function fingerprintOf(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`
}

/**
 * Secrets in text, found by their fixed needles with Buffer.indexOf (native) and
 * confirmed by a pattern at each hit. Each secret is reported once.
 */
export function findSecrets(input: Uint8Array): SecretHit[] {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  // By where the secret starts: the first shape listed that matches there.
  const found = new Map<number, { rank: number; hit: Omit<SecretHit, 'line'> }>()
  const tryShapesAt = (at: number, shapes: ReadonlyArray<{ shape: Shape; rank: number }>) => {
    for (const { shape, rank } of shapes) {
      const start = at - shape.back
      if (start < 0 || (found.get(start)?.rank ?? Infinity) < rank) continue
      if (!shape.starts.some((text) => startsWithAt(bytes, start, text))) continue
      if (!shape.openStart && start > 0 && TOKEN_CHARACTER.test(String.fromCharCode(bytes[start - 1] as number))) continue
      shape.pattern.lastIndex = 0
      const secret = shape.pattern.exec(bytes.toString('latin1', start, start + shape.window))?.[0]
      if (secret === undefined || PLACEHOLDER.test(secret)) continue
      found.set(start, { rank, hit: { kind: shape.kind, masked: `${secret.slice(0, shape.visible)}… (${secret.length} characters)`, fingerprint: fingerprintOf(secret) } })
      return
    }
  }
  if (bytes.length < ONE_PASS_BELOW) {
    // Latin-1 keeps one character per byte, so a match's index is its byte offset.
    const text = bytes.toString('latin1')
    ANY_NEEDLE.lastIndex = 0
    for (let match = ANY_NEEDLE.exec(text); match !== null; match = ANY_NEEDLE.exec(text)) {
      tryShapesAt(match.index, NEEDLES.get(match[0]) ?? [])
      // The next needle may start inside this one (`sk-----BEGIN `): go on from the next byte.
      ANY_NEEDLE.lastIndex = match.index + 1
    }
  } else {
    for (const [needle, shapes] of NEEDLES) {
      for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) tryShapesAt(at, shapes)
    }
  }
  const hits = [...found].sort((a, b) => a[0] - b[0])
  let line = 1
  let counted = 0
  return hits.map(([at, { hit }]) => {
    for (let newline = bytes.indexOf(0x0a, counted); newline !== -1 && newline < at; newline = bytes.indexOf(0x0a, newline + 1)) {
      line++
      counted = newline + 1
    }
    return { ...hit, line }
  })
}
