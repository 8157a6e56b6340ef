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
