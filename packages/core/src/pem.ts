// PEM text: what a shipped .pem may hold in the open, and how a private key looks wherever text spells one.
import { derSequenceLength, keyReach } from './key-material.js'

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
// (when that string sits in a map's sourcesContent), by its letter or its code (`\u000a`, `\x0a`),
// or as XML escapes it in an attribute (`&#xD;&#xA;`, `&#10;`, as .NET config files keep keys).
const LINE_BREAK = String.raw`\s|\\+(?:[rn]|u000[aAdD]|x0[aAdD])|&#(?:[xX]0*[aAdD]|0*1[03]);`
// Code writing a key as string pieces, one a line (unminified builds keep them so): a quote
// closes a piece, a `+`, or a comma in an array joined later, and a quote opens the next;
// each quote escaped once more inside a map. In C and Python pieces side by side are joined
// with nothing between them but white space. An expression between pieces (`"…\n" + body`)
// is code building a key from elsewhere, not a key.
const GAP = String.raw`(?:\s|\\+[rnt])`
const STRING_JOIN = String.raw`\\*["'\`](?:${GAP}*[+,]${GAP}*|${GAP}+)\\*["'\`]`
// A line commented out, as a YAML file or an `.env.example` keeps a key: a `#` after a line
// break; in code, `//` before a space and `*` (a block comment's margin), which base64 never
// holds. Not `//` alone: base64 may start a line with it.
const COMMENT_MARK = String.raw`(?<=(?:\n|\\n)[ \t]*)(?:#|\/\/+(?=[ \t])|\*(?!\/))`
// What may stand between the lines of a key: a line break, the end of one piece and the start of the next.
const BETWEEN_LINES = `(?:${STRING_JOIN}|${LINE_BREAK}|${COMMENT_MARK})`
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
 * declares, or for OpenSSH not `openssh-key-v1` or not as far as its private section (the
 * first line of every Ed25519 key, as help texts show it). PGP's packets are taken as they come.
 */
export function isNoKeyOnOneLine(window: string): boolean {
  const [, label = '', body = ''] = ONE_LINE_KEY_AT_START.exec(window) ?? []
  if (label.startsWith('PGP')) return false
  const bytes = Buffer.from(body.replace(/\\/g, ''), 'base64')
  if (label.startsWith('OPENSSH')) return !body.startsWith(OPENSSH_MAGIC) || keyReach(bytes, true)?.private === false
  return derSequenceLength(bytes) !== bytes.length
}

const PEM_HEADER = /^-----BEGIN ([A-Z ]*?) ?PRIVATE KEY(?: BLOCK)?-----/
// The body of a PEM block as written in text, a string or a string inside a map: base64, line breaks, joins and escaped slashes.
const PEM_BODY = new RegExp(String.raw`^(?:[A-Za-z0-9+/=]|${BETWEEN_LINES}|\\+\/)*`)
// What writing a key into text adds to its base64: line breaks, joins and escapes.
const PEM_SPELLING = new RegExp(String.raw`${BETWEEN_LINES}|\\+(?=\/)`, 'g')
// Text that says a body was cut, which no body holds: full stops and ellipses (`...`, `…` read
// byte by byte from UTF-8, `\u2026` as bundlers that write ASCII only spell it, `&hellip;`), a
// note in brackets (`(truncated)`, `<rest of your key>`, `[...]`), other punctuation.
const CUT_MARKS = new RegExp(String.raw`\u00e2\u0080\u00a6|\\+u2026|&hellip;|\([^()"'\`\\\r\n]{1,48}\)|<[^<>"'\`\\\r\n]{1,48}>|\[[^[\]"'\`\\\r\n]{0,48}\]|[^"'\`\\A-Za-z0-9+/=\s<>()[\]-]`, 'g')
// How far past the body a footer is looked for.
const FOOTER_WITHIN = 512
// What may follow a cut before the footer: a few characters (`…R.`); after an RSA key's
// start, a last line (`…\nAbCd==\n-----END`): the last 48 bytes of an RSA key lie inside its
// last field, the CRT coefficient, which is no factor and no exponent. Other keys end in a
// private field (DSA's x, Ed25519's seed in PKCS #8) or near one (OpenSSH's comment and
// padding after the private key): no more.
const FEW_AFTER_CUT = 4
const LINE_AFTER_CUT = 64

/**
 * A private key block that shows only a key's public start: its body ends at its footer,
 * or at a cut (an ellipsis, `(truncated)`, `<rest of your key>`) with at most a line after
 * it before the footer, and the bytes before that end stop ahead of the key's first private
 * field (see key-material.ts), as in documentation's `-----BEGIN RSA PRIVATE KEY-----
 * MIIEpQIBAAKCAQEAuyf… -----END RSA PRIVATE KEY-----`. A body whose footer is out of sight
 * (cut off by the window, a string split in two) may go on elsewhere, and one that is no
 * structure read there, or that is encrypted (armour headers), cannot be measured: all of
 * those count as keys.
 */
export function showsOnlyPublicStart(window: string): boolean {
  const header = PEM_HEADER.exec(window)
  if (!header || header[1] === 'PGP') return false
  const afterHeader = window.slice(header[0].length)
  if (LEADING_ARMOUR_HEADERS.exec(afterHeader)?.[0]) return false
  const body = PEM_BODY.exec(afterHeader)?.[0] ?? ''
  const rest = afterHeader.slice(body.length, body.length + FOOTER_WITHIN)
  const footer = rest.indexOf('-----END ')
  if (footer === -1) return false
  const tail = rest.slice(0, footer).replace(CUT_MARKS, '').replace(PEM_SPELLING, '')
  if (!/^[A-Za-z0-9+/=]*$/.test(tail)) return false
  const reach = keyReach(Buffer.from(body.replace(PEM_SPELLING, ''), 'base64'), header[1] === 'OPENSSH')
  if (reach === undefined || reach.private) return false
  const rsa = reach.kind === 'pkcs8-rsa' || (reach.kind === 'integers' && header[1] === 'RSA')
  return tail.length <= (rsa ? LINE_AFTER_CUT : FEW_AFTER_CUT)
}

/** The key a text starting with a private key header holds, as its header and base64 body, however the text spells its lines. */
export function pemKeyText(window: string): string | undefined {
  const header = PEM_HEADER.exec(window)
  if (!header) return undefined
  const afterHeader = window.slice(header[0].length).replace(LEADING_ARMOUR_HEADERS, '')
  return `${header[0]}${(PEM_BODY.exec(afterHeader)?.[0] ?? '').replace(PEM_SPELLING, '')}`
}

/** What a finding shows of a key: its header, which names its kind, and its body's length in base64, however the text spells its lines. */
export function keyOutline(text: string): { header: string; bodyLength: number } | undefined {
  const key = pemKeyText(text)
  const header = key === undefined ? undefined : PEM_HEADER.exec(key)?.[0]
  return key === undefined || header === undefined ? undefined : { header, bodyLength: key.length - header.length }
}
