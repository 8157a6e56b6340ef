// What a PEM file may hold and still be public: certificates, their requests and
// revocation lists, public keys, parameters. A CA bundle is shipped on purpose.
const PUBLIC_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CRL', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST', 'PKCS7', 'CMS', 'DH PARAMETERS', 'EC PARAMETERS'])

const BEGIN = /-----BEGIN ([^-\r\n]{1,64})-----/g

// Larger than any certificate bundle: read no further, and count it as not public.
const MAX_PUBLIC_PEM = 16 * 1024 * 1024

/** A `.pem` holding PEM blocks, every one of them public, and nothing that names a private key. */
export function holdsPublicPemOnly(content: Uint8Array): boolean {
  if (content.length > MAX_PUBLIC_PEM) return false
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1')
  if (text.includes('PRIVATE')) return false
  let blocks = 0
  for (const [, label] of text.matchAll(BEGIN)) {
    if (!PUBLIC_LABELS.has(label as string)) return false
    blocks++
  }
  return blocks > 0
}
