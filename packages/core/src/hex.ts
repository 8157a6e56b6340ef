/** The value of one hex digit; -1 for any other byte. */
export function hexDigit(byte: number | undefined): number {
  if (byte === undefined) return -1
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57
  return -1
}

/** The number `length` hex digits at `at` spell; undefined where one is no hex digit. */
export function hexValue(bytes: Uint8Array, at: number, length: number): number | undefined {
  let value = 0
  for (let i = at; i < at + length; i++) {
    const digit = hexDigit(bytes[i])
    if (digit === -1) return undefined
    value = value * 16 + digit
  }
  return value
}
