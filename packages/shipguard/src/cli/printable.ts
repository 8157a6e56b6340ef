// Names come from the file system and may hold any character: a line break in one would
// split a finding in two, or start a workflow command on CI; an escape would drive the
// terminal; a right-to-left override would show `x\u202esj.pem` as if it ended in .js.
// oxlint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** Text as one printable line: control characters written as escapes. */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => SHORT[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
