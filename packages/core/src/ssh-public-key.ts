import { asUtf8 } from './json.js'
import { holdsPublicPemOnly } from './pem.js'

// The key types OpenSSH writes into `id_*.pub`, security keys' (`sk-`) and certificates too.
const KEY_TYPE = String.raw`(?:sk-)?(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(?:256|384|521))(?:-cert-v01)?(?:@openssh\.com)?`
// A public key as OpenSSH writes it into `id_*.pub` and authorized_keys: options before it
// (`from="…"`) maybe, its type, its base64, a comment.
const OPENSSH_PUBLIC_LINE = new RegExp(String.raw`(?:^|\s)${KEY_TYPE}[ \t]+[A-Za-z0-9+/]+={0,3}(?:[ \t][^\r\n]*)?$`)
const RFC4716_HEADER = /^[A-Za-z0-9-]{1,64}:/
const BASE64_LINE = /^[A-Za-z0-9+/=]+[ \t]*$/
// Larger than any public key file: read no further, and count it as not public.
const MAX_PUBLIC_KEY_FILE = 64 * 1024

/**
 * An ssh key file whose content is a public key and nothing else: OpenSSH lines (and `#`
 * comments), an RFC 4716 block, or public PEM blocks; in UTF-8, UTF-16 or UTF-32, as a shell
 * on Windows saves it. A private key saved under a `.pub` name, in whatever format (PuTTY's
 * `.ppk` text, DER), is none of these, and is refused by its name.
 */
export function holdsSshPublicKeyOnly(content: Uint8Array): boolean {
  if (content.length > MAX_PUBLIC_KEY_FILE) return false
  const utf8 = asUtf8(content)
  const text = Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength).toString('utf8').replace(/^\uFEFF/, '').trimStart()
  if (text.startsWith(RFC4716_BEGIN)) return holdsRfc4716Block(text)
  if (text.startsWith('-----BEGIN ')) return holdsPublicPemOnly(Buffer.from(text))
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'))
  return lines.length > 0 && lines.every((line) => OPENSSH_PUBLIC_LINE.test(line))
}

const RFC4716_BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----'
const RFC4716_END = '---- END SSH2 PUBLIC KEY ----'

/**
 * The key as RFC 4716 writes it (ssh-keygen -e, PuTTY's export): headers, a long one
 * continued with `\` on the lines after it, then the base64, read line by line (a regular
 * expression that reads a continued header either way takes exponential time on text that fails).
 */
function holdsRfc4716Block(text: string): boolean {
  const lines = text.split(/\r?\n/)
  while (lines.length > 0 && (lines.at(-1) as string).trim() === '') lines.pop()
  if (lines.length < 3 || lines[0] !== RFC4716_BEGIN || lines.at(-1) !== RFC4716_END) return false
  const body = lines.slice(1, -1)
  let at = 0
  while (at < body.length && RFC4716_HEADER.test(body[at] as string)) {
    while (at < body.length && (body[at] as string).endsWith('\\')) at++
    at++
  }
  return at < body.length && body.slice(at).every((line) => BASE64_LINE.test(line))
}

