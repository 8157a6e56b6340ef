import { createHash } from 'node:crypto'
import { asBuffer, startsWithAscii, type JsonSpan } from './json.js'
import { isSourceUrlTail } from './eval-modules.js'
import { isSourceMappingUrlTail, SOURCE_MAPPING_URL_TAIL } from './map-comments.js'
import { isNoKeyOnOneLine, showsOnlyPublicStart, keyOutline, PEM_KEY, PEM_KEY_ON_ONE_LINE, pemKeyText } from './pem.js'
import { BASE64_PEM_NEEDLE, BASE64_PEM_STARTS, BASE64_RUN, decodedPem, startsWithPrivateKey } from './pem-base64.js'
import { isPlaceholder } from './placeholder.js'
import { forEachNeedleStart, textScanner, type TextScanner } from './text-scan.js'

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

/** Text every secret of a shape contains, found natively before any regex runs, and how far before it the secret starts. */
interface Anchor {
  needle: string
  back: number
}

interface Shape {
  kind: SecretKind
  /**
   * Where to look in code, styles and pages, and where in maps. Shapes share needles,
   * so that the text is searched once per needle, not once per prefix. A native search
   * stops at each occurrence of its needle's first character, and the code behind each
   * full match costs far more than a stop: in maps, whose mappings are letters and
   * digits, `-` and `_` are rare; in code and styles the letters of a longer needle
   * stop the search often but match seldom, where `-` and `_` are everywhere.
   */
  inCode: Anchor
  inMap: Anchor
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
  /** A match that the text around it shows to be no secret (`window` starts where the match does, or is what `reveal` made of the match; `before` reads what leads up to it). */
  notASecret?: (window: string, before: (length: number) => string) => boolean
  /** The text a match encodes, where the secret is judged, named and fingerprinted: a key inside base64. */
  reveal?: (secret: string) => string | undefined
}

// High-precision shapes only: fixed prefixes, fixed alphabets and lengths, so that a
// bundle of a large library does not raise a false alarm. A token must not continue
// into more token characters on either side. Where two shapes match at one place,
// the first listed names it.
const SHAPES: Shape[] = [
  {
    kind: 'private-key',
    inCode: { needle: '-----BEGIN ', back: 0 },
    inMap: { needle: '-', back: 0 },
    starts: ['-----BEGIN '],
    pattern: PEM_KEY,
    // The body has no fixed length: a key is reported with at most this much of it.
    window: 4096,
    visible: 11,
    openStart: true,
    notASecret: showsOnlyPublicStart,
  },
  {
    kind: 'private-key',
    inCode: { needle: '-----BEGIN ', back: 0 },
    inMap: { needle: '-', back: 0 },
    starts: ['-----BEGIN '],
    pattern: PEM_KEY_ON_ONE_LINE,
    // Up to the footer of an 8,192-bit RSA key.
    window: 8 * 1024,
    visible: 11,
    openStart: true,
    notASecret: isNoKeyOnOneLine,
  },
  {
    kind: 'private-key',
    inCode: { needle: BASE64_PEM_NEEDLE, back: 0 },
    inMap: { needle: BASE64_PEM_NEEDLE, back: 0 },
    starts: [...BASE64_PEM_STARTS],
    pattern: BASE64_RUN,
    // The base64 of what the key shapes above read, and the line breaks wrapping it.
    window: 12 * 1024,
    visible: 14,
    openStart: true,
    reveal: decodedPem,
    notASecret: (decoded) => !startsWithPrivateKey(decoded),
  },
  // The 16 characters after the prefix are base32 (they encode the account): one holding 0, 1, 8 or 9 was typed by hand.
  { kind: 'aws-access-key-id', inCode: { needle: 'IA', back: 2 }, inMap: { needle: 'IA', back: 2 }, starts: ['AKIA', 'ASIA'], window: 256, pattern: /(?:AKIA|ASIA)[A-Z2-7]{16}(?![0-9A-Za-z])/y, visible: 4, notASecret: isPresignedUrlCredential },
  { kind: 'github-token', inCode: { needle: 'gh', back: 0 }, inMap: { needle: '_', back: 3 }, starts: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], window: 256, pattern: /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y, visible: 4 },
  { kind: 'github-token', inCode: { needle: '_pat_', back: 6 }, inMap: { needle: '_', back: 6 }, starts: ['github_pat_'], window: 256, pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/y, visible: 11 },
  { kind: 'npm-token', inCode: { needle: 'npm_', back: 0 }, inMap: { needle: '_', back: 3 }, starts: ['npm_'], window: 256, pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y, visible: 4 },
  { kind: 'slack-token', inCode: { needle: 'xox', back: 0 }, inMap: { needle: '-', back: 4 }, starts: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-'], window: 256, pattern: /xox[baprs]-[0-9]{8,14}-[0-9]{8,14}(?:-[0-9]{8,14})?-[A-Za-z0-9]{24,34}(?![A-Za-z0-9])/y, visible: 5 },
  // Tokens of apps with token rotation (`xoxe.xoxp-1-…` and the `xoxe-1-…` refreshing it) and app-level tokens (`xapp-1-…`).
  { kind: 'slack-token', inCode: { needle: 'xox', back: 0 }, inMap: { needle: '-', back: 9 }, starts: ['xoxe.xoxb-', 'xoxe.xoxp-'], window: 320, pattern: /xoxe\.xox[bp]-\d-[A-Za-z0-9]{120,250}(?![A-Za-z0-9])/y, visible: 5 },
  { kind: 'slack-token', inCode: { needle: 'xox', back: 0 }, inMap: { needle: '-', back: 4 }, starts: ['xoxe-'], window: 320, pattern: /xoxe-\d-[A-Za-z0-9]{120,250}(?![A-Za-z0-9])/y, visible: 5 },
  { kind: 'slack-token', inCode: { needle: 'xapp-', back: 0 }, inMap: { needle: '-', back: 4 }, starts: ['xapp-'], window: 256, pattern: /xapp-\d-[A-Z0-9]{8,15}-\d{8,16}-[A-Za-z0-9]{32,128}(?![A-Za-z0-9])/y, visible: 5 },
  { kind: 'stripe-live-key', inCode: { needle: 'k_live_', back: 1 }, inMap: { needle: '_', back: 2 }, starts: ['sk_live_', 'rk_live_'], window: 256, pattern: /[sr]k_live_[0-9A-Za-z]{24,99}(?![0-9A-Za-z])/y, visible: 8 },
  { kind: 'openai-api-key', inCode: { needle: 'sk-', back: 0 }, inMap: { needle: '-', back: 2 }, starts: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], window: 256, pattern: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/y, visible: 8 },
  // The older OpenAI key: `sk-` + 20 characters + `T3BlbkFJ` + 20 characters.
  { kind: 'openai-api-key', inCode: { needle: 'sk-', back: 0 }, inMap: { needle: '-', back: 2 }, starts: ['sk-'], window: 256, pattern: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9])/y, visible: 3, openStart: true },
  { kind: 'anthropic-api-key', inCode: { needle: 'sk-', back: 0 }, inMap: { needle: '-', back: 2 }, starts: ['sk-ant-'], window: 256, pattern: /sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])/y, visible: 7 },
  { kind: 'google-api-key', inCode: { needle: 'za', back: 2 }, inMap: { needle: 'za', back: 2 }, starts: ['AIza'], window: 256, pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y, visible: 4 },
]

/** The most text after its start that any shape reads: a chunked search carries at least this much over. */
export const WIDEST_SECRET_WINDOW: number = Math.max(...SHAPES.map((shape) => shape.window))

type Candidate = { shape: Shape; rank: number; back: number }

/** Each needle once, with the shapes to try where it is found, in the order listed; and one expression finding any of them. */
interface Search {
  needles: Map<string, Candidate[]>
  anyNeedle: RegExp
  /** Where the needles' first bytes are in the text scanner's memory, once written. */
  prefixTables?: number
  /**
   * From this size a part is searched natively, needle by needle: faster where the
   * needles start with bytes text seldom holds (`-`, `_` in maps); the scanner stops
   * as seldom but reads every byte, after copying it.
   */
  nativeFrom: number
}

function searchBy(anchorOf: (shape: Shape) => Anchor, nativeFrom: number, wanted: (shape: Shape) => boolean = () => true): Search {
  const needles = new Map<string, Candidate[]>()
  SHAPES.forEach((shape, rank) => {
    if (!wanted(shape)) return
    const { needle, back } = anchorOf(shape)
    needles.set(needle, [...(needles.get(needle) ?? []), { shape, rank, back }])
  })
  return searchOf(needles, nativeFrom)
}

function searchOf(needles: Map<string, Candidate[]>, nativeFrom: number): Search {
  const anyNeedle = new RegExp([...needles.keys()].map((needle) => needle.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|'), 'g')
  return { needles, anyNeedle, nativeFrom }
}

// Where the text scanner cannot run (no WebAssembly SIMD), below this size one pass of a
// regular expression over the text finds every needle for less than a native search per
// needle costs in calls (a dist of 10,000 small files); above it the native searches are faster.
const ONE_PASS_BELOW = 4096

const IN_CODE = searchBy((shape) => shape.inCode, Infinity)
// Code is searched in the same pass for `sourceMappingURL`, by its `URL`: most code holds
// none, and then neither a map link nor an inline map needs looking for (see analyze.ts).
// The same `URL` ends `sourceURL`, which webpack's eval devtool writes after each module.
const MAP_URL: Candidate[] = []
// And for `data:` URLs, by `ata:` or `ATA:` (in any case of `d`): most code holds none, and then no data URL is decoded.
const DATA_URL: Candidate[] = []
// And for `sourcesContent`, by `esContent`: a map written into the code is looked for only where the code names the key.
const SOURCES_CONTENT_KEY: Candidate[] = []
const SOURCES_CONTENT_TAIL = 'esContent'
const IN_CODE_WITH_MAP_URL = searchOf(new Map([...IN_CODE.needles, [SOURCE_MAPPING_URL_TAIL, MAP_URL], ['ata:', DATA_URL], ['ATA:', DATA_URL], [SOURCES_CONTENT_TAIL, SOURCES_CONTENT_KEY]]), IN_CODE.nativeFrom)
const IN_MAP = searchBy((shape) => shape.inMap, ONE_PASS_BELOW)
const KEYS_ONLY = searchBy((shape) => shape.inCode, ONE_PASS_BELOW, (shape) => shape.kind === 'private-key')

// A presigned S3 URL names the key id that signed it in X-Amz-Credential, followed by the
// credential's scope (`/20190509/us-east-1/s3/aws4_request`): every such link carries it in
// the open, and it is no key to sign with. A sample webhook payload holds such links.
const PRESIGNED_CREDENTIAL = 'x-amz-credential='
const CREDENTIAL_SCOPE = /^.{20}(?:\\?\/|%2F)\d{8}(?:\\?\/|%2F)/i

function isPresignedUrlCredential(window: string, before: (length: number) => string): boolean {
  return CREDENTIAL_SCOPE.test(window) && before(PRESIGNED_CREDENTIAL.length).toLowerCase() === PRESIGNED_CREDENTIAL
}

// A private key's body filled in by hand for documentation.
const PLACEHOLDER_BODY = /EXAMPLE|X{8,}|0{12,}/

/** Whether a match is a placeholder with the shape of a real secret (see placeholder.ts), judged by the part its issuer generates. */
/**
 * Of a key decoded from base64, what the placeholder test reads of a key in the open: its
 * header and first line (PEM_KEY's match), not the text after it, which may say EXAMPLE.
 */
function keyStart(pem: string): string {
  PEM_KEY.lastIndex = 0
  return PEM_KEY.exec(pem)?.[0] ?? ''
}

function isPlaceholderOf(shape: Shape, secret: string): boolean {
  if (shape.kind === 'private-key') return PLACEHOLDER_BODY.test(secret)
  // A Slack token's numbers before its last part are ids: of a team, a user, a bot.
  if (shape.kind === 'slack-token') return isPlaceholder(secret.slice(secret.lastIndexOf('-') + 1))
  return isPlaceholder(secret.slice(shape.starts.find((text) => secret.startsWith(text))?.length ?? 0))
}

const TOKEN_CHARACTER = /[A-Za-z0-9_-]/
const HEX = /^[0-9A-Fa-f]+$/
const SINGLE_ESCAPES = new Set(['n', 't', 'r', 'b', 'f', 'v', '0'])

/**
 * Whether the text before `start` continues a token into it. The letter of an escape
 * does not (`"\nghp_…"`, as minifiers write a line break before a token), nor does a
 * `\u`, `\x` or `%` escape of a character that is no token character (`\u0022`, `%3D`).
 */
function continuesToken(bytes: Buffer, start: number): boolean {
  if (start === 0) return false
  const before = String.fromCharCode(bytes[start - 1] as number)
  if (!TOKEN_CHARACTER.test(before)) return false
  if (SINGLE_ESCAPES.has(before) && bytes[start - 2] === 0x5c) return false
  for (const [length, opening] of [[6, '\\u'], [4, '\\x'], [3, '%']] as const) {
    if (start < length) continue
    const escape = bytes.toString('latin1', start - length, start)
    if (!escape.startsWith(opening)) continue
    const hex = escape.slice(opening.length)
    if (HEX.test(hex)) return TOKEN_CHARACTER.test(String.fromCharCode(Number.parseInt(hex, 16)))
  }
  return true
}

/** A secret as its fingerprint names it: a private key by its whole body, however the text around it spells its lines. */
function fingerprintedText(kind: SecretKind, secret: string, window: string): string {
  return kind === 'private-key' ? (pemKeyText(window) ?? secret) : secret
}

// How far a key's body is read to tell its length: past the longest key, an 8,192-bit RSA key in a string split by lines.
const KEY_BODY_READ = 64 * 1024

/**
 * The secret as findings show it: a token's fixed prefix and its length; a key's header and
 * its body's length (the match itself ends a line into the body), and for a key in base64
 * the start of the base64 too. `text` is where a key is read: from the match on, or decoded.
 */
function maskedOf(shape: Shape, secret: string, text: () => string): string {
  const key = shape.kind === 'private-key' ? keyOutline(text()) : undefined
  if (key === undefined) return `${secret.slice(0, shape.visible)}… (${secret.length} characters)`
  const body = `a body of ${key.bodyLength} base64 characters`
  return shape.reveal ? `${secret.slice(0, shape.visible)}… (base64 of ${key.header}…, ${body})` : `${key.header}… (${body})`
}

export function fingerprintOf(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`
}

export interface SearchOptions {
  /** The text is a source map: searched by the needles suited to maps. */
  inMap?: boolean
  /** Where the map's own `mappings` values lie, as reading the map found them: mapping data left out of the search. */
  mappingsAt?: readonly JsonSpan[] | undefined
  /** Private keys only: for key files and other text that is neither code nor data, where a token's shape alone says less. */
  keysOnly?: boolean
}

/**
 * Secrets in text, found by their fixed needles with Buffer.indexOf (native) and
 * confirmed by a pattern at each hit. Each secret is reported once.
 */
export function findSecrets(input: Uint8Array, options: SearchOptions = {}): SecretHit[] {
  return searchSecrets(input, options, textScanner()).secrets
}

/** findSecrets without the text scanner, as where WebAssembly SIMD is missing: the reference the scanner must agree with. */
export function findSecretsNatively(input: Uint8Array, options: SearchOptions = {}): SecretHit[] {
  return searchSecrets(input, options, undefined).secrets
}

export interface CodeSearch {
  secrets: SecretHit[]
  /** The code holds `sourceMappingURL` somewhere. */
  mentionsSourceMappingUrl: boolean
  /** The code holds `data:` somewhere. */
  mentionsDataUrl: boolean
  /** The code holds `sourcesContent` somewhere. */
  mentionsSourcesContent: boolean
  /** The code holds `sourceURL` somewhere. */
  mentionsSourceUrl: boolean
}

/**
 * findSecrets in code, which also says, from the same pass, whether the code mentions
 * `sourceMappingURL`; `natively` without the text scanner, as the reference.
 */
export function searchCode(input: Uint8Array, { natively = false }: { natively?: boolean } = {}): CodeSearch {
  const { secrets, mentionsSourceMappingUrl, mentionsDataUrl, mentionsSourcesContent, mentionsSourceUrl } = searchSecrets(input, { withMapUrl: true }, natively ? undefined : textScanner())
  return { secrets, mentionsSourceMappingUrl, mentionsDataUrl, mentionsSourcesContent, mentionsSourceUrl }
}

/** A search's findings, and where each secret lies in the bytes with how findings show it. */
interface SearchResult extends CodeSearch {
  spans: Array<{ start: number; end: number; masked: string }>
}

type SearchSettings = SearchOptions & { withMapUrl?: boolean }

function searchSecrets(input: Uint8Array, { inMap = false, mappingsAt, keysOnly = false, withMapUrl = false }: SearchSettings, fast: TextScanner | undefined): SearchResult {
  const search = keysOnly ? KEYS_ONLY : inMap ? IN_MAP : withMapUrl ? IN_CODE_WITH_MAP_URL : IN_CODE
  const { needles, anyNeedle } = search
  const bytes = asBuffer(input)
  const searched = inMap && mappingsAt ? outsideMappings(bytes, mappingsAt) : [{ start: 0, end: bytes.length }]
  // By where the secret starts: the first shape listed that matches there.
  const found = new Map<number, { rank: number; hit: Omit<SecretHit, 'line'>; length: number }>()
  let mentionsSourceMappingUrl = false
  let mentionsDataUrl = false
  let mentionsSourcesContent = false
  let mentionsSourceUrl = false
  const tryShapesAt = (at: number, candidates: readonly Candidate[]) => {
    if (candidates === MAP_URL) {
      mentionsSourceMappingUrl ||= isSourceMappingUrlTail(bytes, at)
      mentionsSourceUrl ||= isSourceUrlTail(bytes, at)
      return
    }
    if (candidates === DATA_URL) {
      mentionsDataUrl ||= at > 0 && ((bytes[at - 1] as number) | 0x20) === 0x64
      return
    }
    if (candidates === SOURCES_CONTENT_KEY) {
      mentionsSourcesContent ||= at >= 5 && bytes.toString('latin1', at - 5, at + SOURCES_CONTENT_TAIL.length) === 'sourcesContent'
      return
    }
    for (const { shape, rank, back } of candidates) {
      const start = at - back
      // Most hits of a one-character needle are rejected here, by a byte or two.
      if (start < 0 || !shape.starts.some((text) => startsWithAscii(bytes, start, text))) continue
      if ((found.get(start)?.rank ?? Infinity) < rank) continue
      if (!shape.openStart && continuesToken(bytes, start)) continue
      shape.pattern.lastIndex = 0
      const window = bytes.toString('latin1', start, start + shape.window)
      const secret = shape.pattern.exec(window)?.[0]
      if (secret === undefined) continue
      const revealed = shape.reveal?.(secret)
      if (shape.reveal && revealed === undefined) continue
      if (isPlaceholderOf(shape, revealed === undefined ? secret : keyStart(revealed))) continue
      if (shape.notASecret?.(revealed ?? window, (length) => bytes.toString('latin1', Math.max(0, start - length), start))) continue
      const masked = maskedOf(shape, secret, () => revealed ?? bytes.toString('latin1', start, start + KEY_BODY_READ))
      found.set(start, { rank, length: secret.length, hit: { kind: shape.kind, masked, fingerprint: fingerprintOf(fingerprintedText(shape.kind, secret, revealed ?? window)) } })
      return
    }
  }
  for (const { start, end } of searched) {
    if (fast && end - start < search.nativeFrom) {
      searchByPrefixes(fast, search, bytes, start, end, tryShapesAt)
      continue
    }
    const part = bytes.subarray(start, end)
    if (part.length < ONE_PASS_BELOW) {
      // Latin-1 keeps one character per byte, so a match's index is its byte offset.
      const text = part.toString('latin1')
      anyNeedle.lastIndex = 0
      for (let match = anyNeedle.exec(text); match !== null; match = anyNeedle.exec(text)) {
        tryShapesAt(start + match.index, needles.get(match[0]) ?? [])
        // The next needle may start inside this one (`sk-----BEGIN `): go on from the next byte.
        anyNeedle.lastIndex = match.index + 1
      }
    } else {
      for (const [needle, shapes] of needles) {
        for (let at = part.indexOf(needle); at !== -1; at = part.indexOf(needle, at + needle.length)) tryShapesAt(start + at, shapes)
      }
    }
  }
  if (found.size === 0) return { secrets: [], spans: [], mentionsSourceMappingUrl, mentionsDataUrl, mentionsSourcesContent, mentionsSourceUrl }
  const hits = [...found].sort((a, b) => a[0] - b[0])
  const spans = hits.map(([start, { hit, length }]) => ({ start, end: start + length, masked: hit.masked }))
  let line = 1
  let counted = 0
  const secrets = hits.map(([at, { hit }]) => {
    for (let newline = bytes.indexOf(0x0a, counted); newline !== -1 && newline < at; newline = bytes.indexOf(0x0a, newline + 1)) {
      line++
      counted = newline + 1
    }
    return { ...hit, line }
  })
  return { secrets, spans, mentionsSourceMappingUrl, mentionsDataUrl, mentionsSourcesContent, mentionsSourceUrl }
}

/** No secret shape is shorter than an AWS access key id. */
export const SHORTEST_SECRET: number = 20

/**
 * The text with each secret in it masked as findings show it, for the URLs and paths
 * that messages quote (a map link's `?access_token=`, a source path).
 */
export function maskSecrets(text: string): string {
  // Most text quoted holds no needle of any shape (a map's thousands of source paths): one regex pass says so.
  if (text.length < SHORTEST_SECRET || text.search(IN_CODE.anyNeedle) === -1) return text
  const bytes = Buffer.from(text, 'utf8')
  const { spans } = searchSecrets(bytes, {}, undefined)
  if (spans.length === 0) return text
  let masked = ''
  let from = 0
  for (const span of spans) {
    if (span.start < from) continue
    // Secrets are ASCII: their ends never split a character.
    masked += bytes.toString('utf8', from, span.start) + span.masked
    from = span.end
  }
  return masked + bytes.toString('utf8', from)
}

/** The needles in bytes [start, end), where the scanner says one may start, confirmed here. Every offset is tried, as the searches it replaces do. */
function searchByPrefixes(scanner: TextScanner, search: Search, bytes: Buffer, start: number, end: number, tryShapesAt: (at: number, candidates: readonly Candidate[]) => void): void {
  const tables = (search.prefixTables ??= scanner.prefixTables([...search.needles.keys()]))
  forEachNeedleStart(scanner, tables, bytes, start, end, (at) => {
    for (const [needle, candidates] of search.needles) {
      if (at + needle.length <= end && startsWithAscii(bytes, at, needle)) tryShapesAt(at, candidates)
    }
  })
}

// Every shape but the AWS key id and the Google API key needs one of these (or an
// escape to spell it): a value without them cannot hold one of the others.
const NOT_VLQ = [0x5f, 0x2d, 0x5c]

/**
 * The parts of a map worth searching: all but `mappings` values without `_`, `-` or
 * escapes. There letters and digits run on for megabytes, and an AWS key id or a
 * Google API key, the only shapes that fit, would be a chance run of mapping data.
 */
function outsideMappings(bytes: Buffer, mappings: readonly JsonSpan[]): JsonSpan[] {
  const parts: JsonSpan[] = []
  let from = 0
  for (const { start, end } of [...mappings].sort((a, b) => a.start - b.start)) {
    if (start < from || end > bytes.length) continue
    const value = bytes.subarray(start, end)
    if (NOT_VLQ.some((byte) => value.includes(byte))) continue
    parts.push({ start: from, end: start })
    from = end
  }
  parts.push({ start: from, end: bytes.length })
  return parts
}
