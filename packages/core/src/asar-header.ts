import { startsWithAscii } from './json.js'

// Electron loads an archive by this name alone (`resources/app.asar`), whatever its bytes.
const ASAR_NAME = /\.asar$/i
// The first pickle holds one uint32, so it gives its own payload size as 4.
export const ASAR_SIZE_PICKLE_PAYLOAD = 4
// The header pickle's payload size, then the length of its JSON, then the JSON.
const JSON_AT = 16
const JSON_START = '{"files":'

/** A little-endian uint32, as an asar's pickles write their sizes. */
export function asarUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) + (bytes[at + 3] as number) * 0x1000000
}

/**
 * An asar archive's start, as @electron/asar writes it: a pickle holding the header pickle's
 * size, that pickle's own payload size agreeing with it, and the JSON of the file tree in it.
 * The sizes alone are a dozen bytes a binary could hold; the JSON's start makes it an archive.
 */
export function holdsAsarHeader(head: Uint8Array): boolean {
  if (head.length < JSON_AT + JSON_START.length || asarUint32(head, 0) !== ASAR_SIZE_PICKLE_PAYLOAD) return false
  const headerSize = asarUint32(head, 4)
  return asarUint32(head, 8) + 4 === headerSize && asarUint32(head, 12) + 8 <= headerSize && startsWithAscii(head, JSON_AT, JSON_START)
}

/** `.asar` in any case, with the regular expression run only on a name ending in `r`: asked of every file that is no tar. */
export function hasAsarName(path: string): boolean {
  return (path.charCodeAt(path.length - 1) | 0x20) === 0x72 && ASAR_NAME.test(path)
}
