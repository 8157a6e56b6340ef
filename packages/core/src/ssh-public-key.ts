import { holdsPublicPemOnly } from './pem.js'

// A public key as OpenSSH writes it into `id_*.pub` and authorized_keys: its type, its
// base64, a comment. Certificates (`…-cert-v01@openssh.com`) are public too.
const OPENSSH_PUBLIC_LINE = /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(?:-cert-v01@openssh\.com)? [A-Za-z0-9+/]+={0,3}(?: [^\r\n]*)?$/
// The same key as RFC 4716 writes it (ssh-keygen -e, PuTTY's export).
const RFC4716_BLOCK = /^---- BEGIN SSH2 PUBLIC KEY ----\r?\n(?:[A-Za-z-]+: [^\r\n]*\r?\n)*[A-Za-z0-9+/=\r\n]+---- END SSH2 PUBLIC KEY ----\s*$/
// Larger than any public key file: read no further, and count it as not public.
const MAX_PUBLIC_KEY_FILE = 64 * 1024

/**
 * An ssh key file whose content is a public key and nothing else: OpenSSH lines, an RFC 4716
 * block, or public PEM blocks. A private key saved under a `.pub` name, in whatever format
 * (PuTTY's `.ppk` text, DER), is none of these, and is refused by its name.
 */
export function holdsSshPublicKeyOnly(content: Uint8Array): boolean {
  if (content.length > MAX_PUBLIC_KEY_FILE) return false
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1').replace(/^\uFEFF/, '')
  if (RFC4716_BLOCK.test(text)) return true
  if (text.startsWith('-----BEGIN ')) return holdsPublicPemOnly(content)
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '')
  return lines.length > 0 && lines.every((line) => OPENSSH_PUBLIC_LINE.test(line))
}
