// Tokens written by hand for documentation and forms: the shape of a real token, filled
// with what no random generator writes. Each test below is argued by the chance that the
// random part of a real token passes it: a token of 36 characters of 62 (GitHub, npm) and
// one of up to 200 of 64 (OpenAI, Anthropic), letters counted in either case.

// A run of one character, in either case (`xxxx…`, `XXXX…`, `0000…`): each character after
// the first repeats it with a chance of at most 2 in 62, so a run of 8 in 200 random
// characters has a chance under 200 × (1/31)^7 = 7e-9. Also AWS's 16 characters of 32.
const RUN = 8
// A run counting up or down through the digits (`1234567890`) or the alphabet
// (`abcdefghij`, `ABCDEF…`), in either case: the same chance as a run of one character.
const SEQUENCE = 8
// Words a person types where a token should go. Each appears lower-case, capitalised or
// upper-case; at one place in random text with a chance of 3 in 62^length. Six letters or
// more name a placeholder alone: under 200 × 3 / 62^6 = 1e-8 a word. A shorter one only
// beside another: one in 200 random characters has a chance of 200 × 3 / 62^4 = 4e-5, two
// of them about 2e-9 (times the pairs of words listed, 1e-7 at most).
const LONG_WORDS = ['example', 'placeholder', 'secret', 'sample', 'replace', 'changeme', 'redacted', 'insert']
const SHORT_WORDS = ['your', 'here', 'fake', 'dummy', 'token', 'goes', 'test', 'mock']

const casings = (word: string): string[] => [word, word.toUpperCase(), `${word[0]?.toUpperCase()}${word.slice(1)}`]
const LONG_WORD = new RegExp(LONG_WORDS.flatMap(casings).join('|'))
const SHORT_WORD = new RegExp(SHORT_WORDS.flatMap(casings).join('|'), 'g')

/** Whether the random part of a token is a placeholder: a run, a sequence, or placeholder words. */
export function isPlaceholder(random: string): boolean {
  if (LONG_WORD.test(random)) return true
  const shortWords = new Set((random.match(SHORT_WORD) ?? []).map((word) => word.toLowerCase()))
  if (shortWords.size >= 2) return true
  let run = 1
  let up = 1
  let down = 1
  for (let i = 1; i < random.length; i++) {
    const [before, here] = [fold(random.charCodeAt(i - 1)), fold(random.charCodeAt(i))]
    run = here === before ? run + 1 : 1
    up = here === before + 1 && sameKind(before, here) ? up + 1 : 1
    down = here === before - 1 && sameKind(before, here) ? down + 1 : 1
    if (run >= RUN || up >= SEQUENCE || down >= SEQUENCE) return true
  }
  return false
}

/** A letter's code in lower case: runs and sequences are read in either case. */
function fold(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code
}

/** Both digits or both letters: `9` and `:` are neighbours in code, not in a sequence. */
function sameKind(a: number, b: number): boolean {
  const digit = (code: number) => code >= 0x30 && code <= 0x39
  const letter = (code: number) => code >= 0x61 && code <= 0x7a
  return (digit(a) && digit(b)) || (letter(a) && letter(b))
}
