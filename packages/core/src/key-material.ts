// How far into a private key's structure the bytes of a shortened body reach. Every kind of
// key opens with public fields (an RSA key's modulus and exponent, an OpenSSH key's cipher
// and public key, an encrypted key's algorithm): a body that stops among them shows nothing
// that signs or decrypts, as documentation's `MIIEpAIBAAKCAQEA…` does.

/** How far the bytes of a key's start reach, and what kind of key they start. */
export interface KeyReach {
  /** Some byte of a private field is among them: a field partly shown counts as shown. */
  private: boolean
  /** They start PKCS #1 integers (RSA or DSA, as the label tells), or PKCS #8 naming RSA. */
  kind: 'integers' | 'pkcs8-rsa' | 'other'
}

/** How far the bytes reach into a key, or undefined when they are no key structure read here (counted as a key by callers). */
export function keyReach(bytes: Uint8Array, openSsh: boolean): KeyReach | undefined {
  const start = openSsh ? { from: openSshPrivateStart(bytes), kind: 'other' as const } : derPrivateStart(bytes)
  return start.from === undefined ? undefined : { private: bytes.length > start.from, kind: start.kind }
}

/** Where a DER element starts, its content starts, and where it ends (past the bytes given if they are cut short). */
interface Element {
  tag: number
  content: number
  end: number
}

// The bytes stop inside an element's header: everything after it, the private fields too, is cut off.
const CUT = Symbol('cut')

function elementAt(bytes: Uint8Array, at: number): Element | typeof CUT {
  if (at + 2 > bytes.length) return CUT
  const tag = bytes[at] as number
  const first = bytes[at + 1] as number
  if (first < 0x80) return { tag, content: at + 2, end: at + 2 + first }
  const count = first & 0x7f
  if (count === 0 || count > 4) return { tag: -1, content: at, end: at }
  if (at + 2 + count > bytes.length) return CUT
  let length = 0
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[at + 2 + i] as number)
  return { tag, content: at + 2 + count, end: at + 2 + count + length }
}

const SEQUENCE = 0x30

/** The length a DER SEQUENCE at the start declares for itself, header included. */
export function derSequenceLength(der: Uint8Array): number | undefined {
  const element = elementAt(der, 0)
  return element === CUT || element.tag !== SEQUENCE ? undefined : element.end
}
const INTEGER = 0x02
const OCTET_STRING = 0x04
// rsaEncryption, 1.2.840.113549.1.1.1, as the OID inside PKCS #8's algorithm identifier.
const RSA_OID = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01])

/**
 * The offset of a DER key's first private field, or Infinity when the bytes stop before it
 * can be told (every private field lies past them): PKCS #1 RSA and DSA (integers, the
 * private from the fourth on: an RSA key's `d`), SEC1 EC (its octet string), PKCS #8 (its
 * key's octet string, and for RSA the `d` inside it), encrypted PKCS #8 (the ciphertext).
 */
function derPrivateStart(bytes: Uint8Array): { from: number | undefined; kind: KeyReach['kind'] } {
  const other = (from: number | undefined) => ({ from, kind: 'other' as const })
  const outer = elementAt(bytes, 0)
  if (outer === CUT || outer.tag !== SEQUENCE) return other(undefined)
  const first = elementAt(bytes, outer.content)
  if (first === CUT) return other(Infinity)
  if (first.tag === SEQUENCE) return other(octetsAfter(bytes, first.end))
  if (first.tag !== INTEGER) return other(undefined)
  const second = elementAt(bytes, first.end)
  if (second === CUT) return other(Infinity)
  if (second.tag === OCTET_STRING) return other(second.content)
  if (second.tag === INTEGER) return { from: afterIntegers(bytes, second.end, 1), kind: 'integers' }
  if (second.tag !== SEQUENCE) return other(undefined)
  const key = octetsAfter(bytes, second.end)
  if (key === undefined || key === Infinity || !startsWith(bytes, second.content, RSA_OID)) return other(key)
  // PKCS #1 inside: a SEQUENCE, its version, the modulus and the public exponent.
  const inner = elementAt(bytes, key)
  if (inner === CUT) return { from: Infinity, kind: 'pkcs8-rsa' }
  return { from: inner.tag === SEQUENCE ? afterIntegers(bytes, inner.content, 3) : undefined, kind: 'pkcs8-rsa' }
}

/** Where the content of the octet string at `at` starts. */
function octetsAfter(bytes: Uint8Array, at: number): number | undefined {
  const element = elementAt(bytes, at)
  if (element === CUT) return Infinity
  return element.tag === OCTET_STRING ? element.content : undefined
}

/** The offset past `count` integers from `at`: the next field's start. */
function afterIntegers(bytes: Uint8Array, at: number, count: number): number | undefined {
  let next = at
  for (let i = 0; i < count; i++) {
    const element = elementAt(bytes, next)
    if (element === CUT) return Infinity
    if (element.tag !== INTEGER) return undefined
    next = element.end
  }
  return next
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  return prefix.every((byte, i) => bytes[at + i] === byte)
}

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1')
// The cipher's name, the KDF's name and its options, as long as they get: a length past one,
// or a name that is not one, says the bytes are random, not a key's start.
const HEADER_STRINGS = [
  { longest: 64, name: true },
  { longest: 64, name: true },
  { longest: 1024, name: false },
]
const LONGEST_PUBLIC_KEY = 16 * 1024
const NAME = /^[a-z0-9@.-]*$/

/**
 * The offset of an OpenSSH key's private section (the checks, then the keys, encrypted or
 * not): after the magic, the cipher, the KDF and its options, the count of keys and each
 * public key, each a length-prefixed string. The smallest key, Ed25519 unencrypted, has it
 * at byte 98 of 242. Infinity when the bytes stop before it.
 */
function openSshPrivateStart(bytes: Uint8Array): number | undefined {
  const shown = Math.min(bytes.length, OPENSSH_MAGIC.length)
  if (!startsWith(bytes.subarray(0, shown), 0, OPENSSH_MAGIC.subarray(0, shown))) return undefined
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = OPENSSH_MAGIC.length
  const uint32 = (): number | typeof CUT => {
    if (at + 4 > bytes.length) return CUT
    at += 4
    return view.readUInt32BE(at - 4)
  }
  for (const { longest, name } of HEADER_STRINGS) {
    const length = uint32()
    if (length === CUT) return Infinity
    if (length > longest || (name && !NAME.test(view.toString('latin1', at, at + length)))) return undefined
    at += length
  }
  const keys = uint32()
  if (keys === CUT) return Infinity
  if (keys === 0 || keys > 16) return undefined
  for (let key = 0; key < keys; key++) {
    const length = uint32()
    if (length === CUT) return Infinity
    if (length > LONGEST_PUBLIC_KEY) return undefined
    at += length
  }
  // The private section's own length, then the section.
  return uint32() === CUT ? Infinity : at
}
