// PEM text: what a shipped .pem may hold in the open, and how a private key looks wherever text spells one.

// What a PEM file may hold and still be public: certificates, their requests and
// revocation lists, public keys, parameters. A CA bundle is shipped on purpose.
const PUBLIC_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CRL', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST', 'PKCS7', 'CMS', 'DH PARAMETERS', 'EC PARAMETERS'])

const BLOCK = /-----BEGIN ([^-\r\n]{1,64})-----[\s\S]*?-----END \1-----/g

// Key material outside the blocks: an unarmoured base64 key, a JWK, a block left open.
const KEY_OUTSIDE_BLOCKS = /[A-Za-z0-9+/]{64,}|\{|-----BEGIN /

// Larger than any certificate bundle: read no further, and count it as not public.
const MAX_PUBLIC_PEM = 16 * 1024 * 1024

/**
 * A `.pem` holding PEM blocks, every one of them public, and around them nothing but
 * titles and comments: no word `private` anywhere (`Private-Key:` heads a key printed
 * as text), no run of base64 or JSON that could be a key in another form.
 */
export function holdsPublicPemOnly(content: Uint8Array): boolean {
  if (content.length > MAX_PUBLIC_PEM) return false
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1')
  if (/private/i.test(text)) return false
  let blocks = 0
  let publicOnly = true
  const outside = text.replace(BLOCK, (_block, label: string) => {
    publicOnly &&= PUBLIC_LABELS.has(label)
    blocks++
    return '\n'
  })
  return publicOnly && blocks > 0 && !KEY_OUTSIDE_BLOCKS.test(outside)
}

const PRIVATE_KEY_LABEL = '(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?'

// A line break as text spells it: a real one, or one escaped once (in a JS string) or twice
// (when that string sits in a map's sourcesContent), by its letter or its code (`\u000a`, `\x0a`).
const LINE_BREAK = String.raw`\s|\\+(?:[rn]|u000[aAdD]|x0[aAdD])`
// Code writing a key as string pieces, one a line (unminified builds keep them so): a quote
// closes a piece, a `+`, or a comma in an array joined later, and a quote opens the next;
// each quote escaped once more inside a map. An expression between pieces (`"…\n" + body`)
// is code building a key from elsewhere, not a key.
const STRING_JOIN = String.raw`\\*["'\`](?:\s|\\+[rnt])*[+,](?:\s|\\+[rnt])*\\*["'\`]`
// What may stand between the lines of a key: a line break, the end of one piece and the start of the next.
const BETWEEN_LINES = `(?:${STRING_JOIN}|${LINE_BREAK})`
// `Proc-Type: …`, `DEK-Info: …` (an encrypted key), `Version: …` (PGP): lines between a PEM header and its body.
const ARMOUR_HEADERS = String.raw`(?:${BETWEEN_LINES}+[A-Z][A-Za-z-]*:[^\r\n\\]*)*`
const LEADING_ARMOUR_HEADERS = new RegExp(`^${ARMOUR_HEADERS}`)

/**
 * A private key where it would start. The key body follows the header after a line break,
 * and after armour headers (`Proc-Type:`, `DEK-Info:` of an encrypted key, PGP's
 * `Version:`) if any. Its `/` may be escaped as JSON encoders such as PHP's write it.
 */
export const PEM_KEY: RegExp = new RegExp(String.raw`-----BEGIN ${PRIVATE_KEY_LABEL}-----${ARMOUR_HEADERS}${BETWEEN_LINES}+(?:[A-Za-z0-9+=]|\\*\/){40,}`, 'y')

// A key on one line, its body right after its header and closed by its footer, as stores of
// environment variables that drop line breaks write it: base64 of at least 48 bytes, the
// smallest key (Ed25519 in PKCS #8).
const ONE_LINE_KEY = String.raw`-----BEGIN (${PRIVATE_KEY_LABEL})-----((?:[A-Za-z0-9+]|\\*\/){64,}={0,2})-----END \1-----`
export const PEM_KEY_ON_ONE_LINE: RegExp = new RegExp(ONE_LINE_KEY, 'y')
const ONE_LINE_KEY_AT_START = new RegExp(`^${ONE_LINE_KEY}`)
// `openssh-key-v1`, which an OpenSSH private key starts with, in base64.
const OPENSSH_MAGIC = 'b3BlbnNzaC1rZXktdjE'

/**
 * A one-line block whose body is no key of its kind: not DER of exactly the length it
 * declares, or for OpenSSH not `openssh-key-v1`. PGP's packets are taken as they come.
 */
export function isNoKeyOnOneLine(window: string): boolean {
  const [, label = '', body = ''] = ONE_LINE_KEY_AT_START.exec(window) ?? []
  if (label.startsWith('PGP')) return false
  if (label.startsWith('OPENSSH')) return !body.startsWith(OPENSSH_MAGIC)
  const der = Buffer.from(body.replace(/\\/g, ''), 'base64')
  return derLength(der) !== der.length
}

const PEM_HEADER = /^-----BEGIN ([A-Z ]*?) ?PRIVATE KEY(?: BLOCK)?-----/
// The body of a PEM block as written in text, a string or a string inside a map: base64, line breaks, joins and escaped slashes.
const PEM_BODY = new RegExp(String.raw`^(?:[A-Za-z0-9+/=]|${BETWEEN_LINES}|\\+\/)*`)
// What writing a key into text adds to its base64: line breaks, joins and escapes.
const PEM_SPELLING = new RegExp(String.raw`${BETWEEN_LINES}|\\+(?=\/)`, 'g')
// The footer after the body, past a full stop or an ellipsis that says the body was cut, and a
// line break spelled as the body's are: a documentation example in a JS string has `\n` there.
// A bundler that writes ASCII only (esbuild by default) spells the ellipsis `\u2026`.
const CUT_THEN_FOOTER = new RegExp(String.raw`^(?:[^"'\`+A-Za-z0-9\s]|\\+u2026){1,8}${BETWEEN_LINES}*-----END `)

/**
 * A private key block that says it was cut (a full stop or an ellipsis between body and
 * footer) and whose body is shorter than the DER structure it begins declares: a
 * documentation example (`-----BEGIN RSA PRIVATE KEY----- MIIEpQIBAAKCAQEAuyf…R. -----END
 * RSA PRIVATE KEY-----`). A body that merely ends short may still hold the private
 * fields, and one cut off otherwise (by the window, a string split in two) may go on
 * elsewhere: both count as keys, as does a body whose length cannot be read.
 */
export function isCutShortKey(window: string): boolean {
  const header = PEM_HEADER.exec(window)
  // OpenSSH and PGP keys are not DER: nothing to measure.
  if (!header || header[1] === 'OPENSSH' || header[1] === 'PGP') return false
  const body = PEM_BODY.exec(window.slice(header[0].length))?.[0] ?? ''
  if (!CUT_THEN_FOOTER.test(window.slice(header[0].length + body.length))) return false
  const der = Buffer.from(body.replace(PEM_SPELLING, ''), 'base64')
  const declared = derLength(der)
  return declared !== undefined && declared > der.length
}

/** The length a DER SEQUENCE declares for itself, header included. */
function derLength(der: Uint8Array): number | undefined {
  if (der[0] !== 0x30 || der.length < 2) return undefined
  const first = der[1] as number
  if (first < 0x80) return 2 + first
  const count = first & 0x7f
  if (count === 0 || count > 4 || der.length < 2 + count) return undefined
  let length = 0
  for (let i = 0; i < count; i++) length = length * 256 + (der[2 + i] as number)
  return 2 + count + length
}

/** The key a text starting with a private key header holds, as its header and base64 body, however the text spells its lines. */
export function pemKeyText(window: string): string | undefined {
  const header = PEM_HEADER.exec(window)
  if (!header) return undefined
  const afterHeader = window.slice(header[0].length).replace(LEADING_ARMOUR_HEADERS, '')
  return `${header[0]}${(PEM_BODY.exec(afterHeader)?.[0] ?? '').replace(PEM_SPELLING, '')}`
}
