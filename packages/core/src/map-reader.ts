import { groupDigits } from './format.js'
import type { JsonSpan } from './json.js'
import { PIECE_BYTES, textScanner, type TextScanner } from './text-scan.js'

// An incremental JSON reader that accepts exactly what JSON.parse accepts and keeps
// only what judging a source map needs: the fields of each map object (the root
// and every index-map section's map), and for sourcesContent only how many strings
// hold text. String bodies are skipped in a tight byte loop and never decoded unless
// needed, so a 60 MB map is read at memory speed, and bytes arrive in chunks, so a
// map larger than the largest V8 string is read with bounded memory.

/** A value as far as judging needs it. */
export type ShallowValue =
  | { type: 'string'; value: string | undefined; empty: boolean }
  | { type: 'number'; value: number }
  | { type: 'literal'; value: boolean | null }
  | { type: 'array' }
  | { type: 'object' }

/** The members of an object that may be a source map; for each key the last one wins. */
export interface MapModel {
  keys: Set<string>
  version: ShallowValue | undefined
  mappings: ShallowValue | undefined
  sources: ShallowValue | undefined
  /** String entries of `sources` when it is an array. */
  sourceList: string[]
  sourceRoot: ShallowValue | undefined
  file: ShallowValue | undefined
  /** The last `sourcesContent` value, as far as judging needs it. */
  sourcesContent: ShallowValue | undefined
  /** Non-empty strings anywhere in the last `sourcesContent` value. */
  texts: number
  sections: SectionModel[] | undefined
}

export interface SectionModel {
  keys: Set<string>
  url: ShallowValue | undefined
  /** An object under `map`; a JSON string there is `embedded`. */
  map: MapModel | undefined
  embedded: string | undefined
}

export type ReaderResult =
  /**
   * `everySourceText`: non-empty strings in every `sourcesContent` value of every map read, those of
   * repeated keys too. JSON keeps the last of a repeated key; the bytes that ship keep them all.
   */
  | { ok: true; root: ShallowValue; map: MapModel | undefined; everySourceText: number }
  /** `keys`: the keys the outermost object held where reading stopped, when it is one. */
  | { ok: false; reason: string; keys?: ReadonlySet<string> | undefined }

// Strings the judge reads (keys, sources, file, version, an embedded section map) are
// kept up to this size; beyond it they could only be hostile, and are cut.
const MAX_CAPTURE = 64 * 1024 * 1024
export const MAX_SECTION_DEPTH = 32

const enum State {
  Value,
  ObjectKeyOrEnd,
  ObjectKey,
  Colon,
  ObjectCommaOrEnd,
  ArrayValueOrEnd,
  ArrayCommaOrEnd,
  String,
  Escape,
  Unicode,
  Number,
  Literal,
  Done,
}

const enum NumberPart {
  Start,
  Minus,
  Zero,
  Integer,
  Dot,
  Fraction,
  Exponent,
  ExponentSign,
  ExponentDigits,
}

/** What the value being read is for, and so what of it is kept. */
const enum Role {
  Ignore,
  Map,
  Sources,
  Texts,
  Sections,
  Section,
  Capture,
}

interface Frame {
  container: 'object' | 'array'
  role: Role
  map: MapModel | undefined
  section: SectionModel | undefined
  key: string | undefined
  /**
   * Inside a sourcesContent value: strings with text in this container. An object
   * keeps them per key, since a repeated key replaces what came before, as in JSON.parse.
   */
  texts: number
  memberTexts: Map<string, number> | undefined
  list: string[] | undefined
  sections: SectionModel[] | undefined
  depth: number
}

function newMap(): MapModel {
  return { keys: new Set(), version: undefined, mappings: undefined, sources: undefined, sourceList: [], sourceRoot: undefined, file: undefined, sourcesContent: undefined, texts: 0, sections: undefined }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39
}

function isHex(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
}

const ESCAPABLE = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74])
/** ESCAPABLE as a lookup table, for the hot loop. */
const SIMPLE_ESCAPE = new Uint8Array(256)
for (const byte of ESCAPABLE) SIMPLE_ESCAPE[byte] = 1
const LITERALS: Record<number, string> = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' }
// A U+FEFF that begins a string is part of it, as JSON.parse reads it: `"\uFEFFsourcesContent"` is another key.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
// Below this, a chunk costs more to copy into the scanner's memory than it saves.
const FAST_SCAN_BYTES = 16 * 1024

export class MapReader {
  private state = State.Value
  private readonly stack: Frame[] = []
  private offset = 0
  private stringStart = 0
  /**
   * Where the values of `mappings` keys of maps lie in the bytes pushed: a secret
   * search need not read them (see findSecrets), and the reader passes over them anyway.
   */
  readonly mappingsSpans: JsonSpan[] = []
  private error: string | undefined
  private root: ShallowValue | undefined
  private rootMap: MapModel | undefined
  private everySourceText = 0
  // The scalar being read: its role, and the bytes kept of it when they matter.
  private scalarRole = Role.Ignore
  private isKey = false
  private captured: Uint8Array[] = []
  private capturedLength = 0
  /** A string's body read in one piece: a view of the chunk, valid until the string ends. */
  private plainCapture: Uint8Array | undefined
  private stringLength = 0
  private unicodeLeft = 0
  private numberPart = NumberPart.Minus
  private literal = ''
  private literalAt = 0
  private tooDeep = false
  /** What a container just closed carries up to its parent. */
  private completed: Completed | undefined

  /** The keys the outermost object has shown so far, when it is one. */
  get rootKeys(): ReadonlySet<string> | undefined {
    return this.rootMap?.keys ?? this.stack[0]?.map?.keys
  }

  /** Reads the next bytes; after an error, further bytes are ignored. */
  push(chunk: Uint8Array): void {
    const fast = chunk.length >= FAST_SCAN_BYTES ? textScanner() : undefined
    if (fast === undefined) return this.read(chunk, undefined)
    // Piece by piece through the scanner's memory: nothing of a piece is kept past its read (captures are copies).
    for (let at = 0; at < chunk.length && this.error === undefined; at += PIECE_BYTES) {
      const piece = chunk.subarray(at, at + PIECE_BYTES)
      fast.stringScratch.set(piece)
      this.read(fast.stringScratch.subarray(0, piece.length), fast)
    }
  }

  /** `fast`, when given, holds `chunk` in its scratch memory and scans string bodies in it. */
  private read(chunk: Uint8Array, fast: TextScanner | undefined): void {
    if (this.error !== undefined) return
    let i = 0
    const n = chunk.length
    // A view of the chunk as aligned 32-bit words, for skipping string bodies four bytes at a time.
    const wordsStart = (4 - (chunk.byteOffset & 3)) & 3
    const words = fast === undefined && n - wordsStart >= 64 ? new Uint32Array(chunk.buffer, chunk.byteOffset + wordsStart, (n - wordsStart) >> 2) : undefined
    const base = chunk.byteOffset
    while (i < n && this.error === undefined) {
      switch (this.state) {
        case State.String: {
          // The hot loop: most of a map is string bodies, with an escape every line or so.
          // Whether the string is kept and its length live in locals until the loop ends.
          const capturing = this.capturing()
          let length = this.stringLength
          for (;;) {
            const start = i
            // The scanner passes over simple escapes too, so that `length` counts them as two: only its being 0 matters.
            i = fast === undefined ? plainBytesEnd(chunk, i, words, wordsStart) : fast.plainEnd(base + i, base + n) - base
            length += i - start
            if (capturing && i > start) {
              // A whole string body in this chunk: decoded from where it lies, without a copy.
              if (i < n && chunk[i] === 0x22 && this.captured.length === 0 && i - start <= MAX_CAPTURE) this.plainCapture = chunk.subarray(start, i)
              else this.capture(chunk.subarray(start, i))
            }
            if (i === n) {
              this.stringLength = length
              break
            }
            const byte = chunk[i] as number
            if (byte === 0x5c) {
              const escaped = chunk[i + 1]
              if (escaped !== undefined && SIMPLE_ESCAPE[escaped] === 1) {
                if (capturing) this.capture(chunk.subarray(i, i + 2))
                length++
                i += 2
                continue
              }
              // \u escapes and escapes cut by the end of the chunk go the slow way.
              if (capturing) this.capture(chunk.subarray(i, i + 1))
              i++
              this.stringLength = length
              this.state = State.Escape
              break
            }
            this.stringLength = length
            if (byte === 0x22) {
              if (!this.isKey) this.noteMappings(this.offset + i)
              i++
              this.endString()
            } else {
              this.fail(`invalid JSON: a raw control character (0x${byte.toString(16).padStart(2, '0')}) inside a string`, i)
            }
            break
          }
          break
        }
        case State.Escape: {
          const byte = chunk[i] as number
          if (this.capturing()) this.capture(chunk.subarray(i, i + 1))
          i++
          this.stringLength++
          if (byte === 0x75) {
            this.unicodeLeft = 4
            this.state = State.Unicode
          } else if (ESCAPABLE.has(byte)) {
            this.state = State.String
          } else {
            this.fail('invalid JSON: a bad escape in a string', i - 1)
          }
          break
        }
        case State.Unicode: {
          const byte = chunk[i] as number
          if (!isHex(byte)) {
            this.fail('invalid JSON: a bad \\u escape in a string', i)
            break
          }
          if (this.capturing()) this.capture(chunk.subarray(i, i + 1))
          i++
          if (--this.unicodeLeft === 0) this.state = State.String
          break
        }
        case State.Number:
          i = this.readNumber(chunk, i)
          break
        case State.Literal: {
          const byte = chunk[i] as number
          if (byte !== this.literal.charCodeAt(this.literalAt)) {
            this.fail('invalid JSON: an unexpected token', i)
            break
          }
          i++
          if (++this.literalAt === this.literal.length) {
            this.endValue({ type: 'literal', value: this.literal === 'null' ? null : this.literal === 'true' })
          }
          break
        }
        default:
          i = this.readStructure(chunk, i)
      }
    }
    this.offset += n
  }

  /** The verdict once every byte was pushed. */
  end(): ReaderResult {
    if (this.error === undefined && this.state === State.Number) this.finishNumber(0)
    const keys = this.rootMap?.keys ?? this.stack[0]?.map?.keys
    if (this.error !== undefined) return { ok: false, reason: this.error, keys }
    if (this.state !== State.Done || this.root === undefined) return { ok: false, reason: `invalid JSON: it ends early (truncated at ${groupDigits(this.offset)} bytes)`, keys }
    // Deeper maps were not read, so nobody can say they carry no source.
    if (this.tooDeep) return { ok: false, reason: `index map sections nest more than ${MAX_SECTION_DEPTH} levels deep` }
    return { ok: true, root: this.root, map: this.rootMap, everySourceText: this.everySourceText }
  }

  /** `at` is an offset into the chunk being read. */
  private fail(reason: string, at: number): void {
    this.error = `${reason} at byte ${groupDigits((this.offset + at))}`
  }

  private capturing(): boolean {
    return this.isKey || this.scalarRole === Role.Capture || this.scalarRole === Role.Sources
  }

  private capture(bytes: Uint8Array): void {
    if (this.capturedLength >= MAX_CAPTURE) return
    this.captured.push(bytes.slice())
    this.capturedLength += bytes.length
  }

  private takeCaptured(): string {
    const plain = this.plainCapture
    if (plain !== undefined) {
      this.plainCapture = undefined
      // The scanner passes over simple escapes: a body with none is the string itself.
      const text = decoder.decode(plain)
      return text.includes('\\') ? (JSON.parse(`"${text}"`) as string) : text
    }
    const bytes = this.captured.length === 1 ? (this.captured[0] as Uint8Array) : Buffer.concat(this.captured)
    this.captured = []
    this.capturedLength = 0
    // The body between the quotes, escapes and all: JSON.parse decodes it exactly, unless
    // MAX_CAPTURE cut it inside an escape, and no map keeps a string that long.
    try {
      return JSON.parse(`"${decoder.decode(bytes)}"`) as string
    } catch {
      this.error ??= `a string longer than ${MAX_CAPTURE / 2 ** 20} MB where a map keeps names and paths, past byte ${groupDigits(this.offset)}`
      return ''
    }
  }

  private readStructure(chunk: Uint8Array, start: number): number {
    let i = start
    const n = chunk.length
    while (i < n && isWhitespace(chunk[i] as number)) i++
    if (i === n) return i
    const byte = chunk[i] as number
    switch (this.state) {
      case State.Done:
        this.fail('invalid JSON: more after the end of the value', i)
        return i
      case State.Value:
        return this.startValue(chunk, i)
      case State.ArrayValueOrEnd:
        if (byte === 0x5d) return this.closeContainer(i)
        return this.startValue(chunk, i)
      case State.ObjectKeyOrEnd:
        if (byte === 0x7d) return this.closeContainer(i)
        return this.startKey(byte, i)
      case State.ObjectKey:
        return this.startKey(byte, i)
      case State.Colon:
        if (byte !== 0x3a) {
          this.fail("invalid JSON: expected ':' after a key", i)
          return i
        }
        this.state = State.Value
        return i + 1
      case State.ObjectCommaOrEnd:
        if (byte === 0x7d) return this.closeContainer(i)
        if (byte !== 0x2c) {
          this.fail("invalid JSON: expected ',' or '}' in an object", i)
          return i
        }
        this.state = State.ObjectKey
        return i + 1
      case State.ArrayCommaOrEnd:
        if (byte === 0x5d) return this.closeContainer(i)
        if (byte !== 0x2c) {
          this.fail("invalid JSON: expected ',' or ']' in an array", i)
          return i
        }
        this.state = State.Value
        return i + 1
      default:
        return i
    }
  }

  private startKey(byte: number, i: number): number {
    if (byte !== 0x22) {
      this.fail('invalid JSON: expected a quoted key', i)
      return i
    }
    this.isKey = true
    this.stringLength = 0
    this.state = State.String
    return i + 1
  }

  /** The role of the value about to start, from where it sits. */
  private roleHere(): Role {
    const frame = this.stack[this.stack.length - 1]
    if (!frame) return Role.Map
    switch (frame.role) {
      case Role.Map:
        switch (frame.key) {
          case 'sources':
            return Role.Sources
          case 'sourcesContent':
            return Role.Texts
          case 'sections':
            return Role.Sections
          case 'version':
          case 'sourceRoot':
          case 'file':
            return Role.Capture
          default:
            return Role.Ignore
        }
      case Role.Sources:
        return Role.Sources
      case Role.Texts:
        return Role.Texts
      case Role.Sections:
        return Role.Section
      case Role.Section:
        if (frame.key === 'map') {
          if (frame.depth < MAX_SECTION_DEPTH) return Role.Map
          this.tooDeep = true
          return Role.Ignore
        }
        return frame.key === 'url' ? Role.Capture : Role.Ignore
      default:
        return Role.Ignore
    }
  }

  private startValue(chunk: Uint8Array, i: number): number {
    const byte = chunk[i] as number
    const role = this.roleHere()
    if (byte === 0x7b || byte === 0x5b) {
      this.openContainer(byte === 0x7b ? 'object' : 'array', role)
      return i + 1
    }
    // A section's map given as a string is kept, to be read as a map of its own.
    this.scalarRole = role === Role.Map ? (this.stack.length > 0 ? Role.Capture : Role.Ignore) : role
    if (byte === 0x22) {
      this.isKey = false
      this.stringLength = 0
      this.stringStart = this.offset + i + 1
      this.state = State.String
      return i + 1
    }
    if (byte === 0x2d || isDigit(byte)) {
      this.numberPart = NumberPart.Start
      this.captured = []
      this.capturedLength = 0
      this.state = State.Number
      return this.readNumber(chunk, i)
    }
    const literal = LITERALS[byte]
    if (literal === undefined) {
      this.fail('invalid JSON: an unexpected token', i)
      return i
    }
    this.literal = literal
    this.literalAt = 1
    this.state = State.Literal
    return i + 1
  }

  private openContainer(container: 'object' | 'array', role: Role): void {
    const parent = this.stack[this.stack.length - 1]
    const depth = parent ? parent.depth + (role === Role.Map ? 1 : 0) : 0
    const frame: Frame = { container, role: Role.Ignore, map: undefined, section: undefined, key: undefined, texts: 0, memberTexts: undefined, list: undefined, sections: undefined, depth }
    if (role === Role.Map && container === 'object') {
      frame.role = Role.Map
      frame.map = newMap()
    } else if (role === Role.Sources && container === 'array' && parent?.role === Role.Map) {
      frame.role = Role.Sources
      frame.list = []
    } else if (role === Role.Texts) {
      frame.role = Role.Texts
      if (container === 'object') frame.memberTexts = new Map()
    } else if (role === Role.Sections && container === 'array') {
      frame.role = Role.Sections
      frame.sections = []
    } else if (role === Role.Section && container === 'object') {
      frame.role = Role.Section
      frame.section = { keys: new Set(), url: undefined, map: undefined, embedded: undefined }
    }
    this.stack.push(frame)
    this.state = container === 'object' ? State.ObjectKeyOrEnd : State.ArrayValueOrEnd
  }

  private closeContainer(i: number): number {
    const frame = this.stack.pop() as Frame
    if (frame.role === Role.Map) this.completed = { map: frame.map }
    else if (frame.role === Role.Sources) this.completed = { list: frame.list }
    else if (frame.role === Role.Texts) this.completed = { texts: frame.memberTexts ? [...frame.memberTexts.values()].reduce((sum, count) => sum + count, 0) : frame.texts }
    else if (frame.role === Role.Sections) this.completed = { sections: frame.sections }
    else if (frame.role === Role.Section) this.completed = { section: frame.section }
    this.endValue({ type: frame.container })
    return i + 1
  }

  private noteMappings(end: number): void {
    const frame = this.stack[this.stack.length - 1]
    if (frame?.role === Role.Map && frame.key === 'mappings') this.mappingsSpans.push({ start: this.stringStart, end })
  }

  private endString(): void {
    if (this.isKey) {
      this.isKey = false
      const key = this.takeCaptured()
      const frame = this.stack[this.stack.length - 1] as Frame
      frame.key = key
      if (frame.map) frame.map.keys.add(key)
      if (frame.section) frame.section.keys.add(key)
      this.state = State.Colon
      return
    }
    const role = this.scalarRole
    const keep = role === Role.Capture || role === Role.Sources
    const value = keep ? this.takeCaptured() : undefined
    this.endValue({ type: 'string', value, empty: this.stringLength === 0 })
  }

  private readNumber(chunk: Uint8Array, start: number): number {
    let i = start
    const n = chunk.length
    for (; i < n; i++) {
      const byte = chunk[i] as number
      const digit = isDigit(byte)
      switch (this.numberPart) {
        case NumberPart.Start:
          if (byte === 0x2d) this.numberPart = NumberPart.Minus
          else if (byte === 0x30) this.numberPart = NumberPart.Zero
          else if (digit) this.numberPart = NumberPart.Integer
          else return this.badNumber(i)
          break
        case NumberPart.Minus:
          if (byte === 0x30) this.numberPart = NumberPart.Zero
          else if (digit) this.numberPart = NumberPart.Integer
          else return this.badNumber(i)
          break
        case NumberPart.Zero:
        case NumberPart.Integer:
          if (digit && this.numberPart === NumberPart.Integer) break
          if (byte === 0x2e) this.numberPart = NumberPart.Dot
          else if (byte === 0x65 || byte === 0x45) this.numberPart = NumberPart.Exponent
          else return this.finishNumberAt(chunk, start, i)
          break
        case NumberPart.Dot:
          if (!digit) return this.badNumber(i)
          this.numberPart = NumberPart.Fraction
          break
        case NumberPart.Fraction:
          if (digit) break
          if (byte === 0x65 || byte === 0x45) this.numberPart = NumberPart.Exponent
          else return this.finishNumberAt(chunk, start, i)
          break
        case NumberPart.Exponent:
          if (byte === 0x2b || byte === 0x2d) this.numberPart = NumberPart.ExponentSign
          else if (digit) this.numberPart = NumberPart.ExponentDigits
          else return this.badNumber(i)
          break
        case NumberPart.ExponentSign:
          if (!digit) return this.badNumber(i)
          this.numberPart = NumberPart.ExponentDigits
          break
        case NumberPart.ExponentDigits:
          if (!digit) return this.finishNumberAt(chunk, start, i)
          break
      }
    }
    this.captureNumber(chunk.subarray(start, i))
    return i
  }

  // Only `version` reads a number's value (`0.3e1` is 3 too), so only there is it kept, whole.
  private captureNumber(bytes: Uint8Array): void {
    if (bytes.length > 0 && this.scalarRole === Role.Capture) this.capture(bytes)
  }

  private badNumber(i: number): number {
    this.fail('invalid JSON: a malformed number', i)
    return i
  }

  private finishNumberAt(chunk: Uint8Array, start: number, i: number): number {
    this.captureNumber(chunk.subarray(start, i))
    this.finishNumber(i)
    return i
  }

  private finishNumber(at: number): void {
    const part = this.numberPart
    if (part !== NumberPart.Zero && part !== NumberPart.Integer && part !== NumberPart.Fraction && part !== NumberPart.ExponentDigits) {
      this.fail('invalid JSON: a malformed number', at)
      return
    }
    const bytes = Buffer.concat(this.captured)
    this.captured = []
    this.capturedLength = 0
    this.endValue({ type: 'number', value: Number(bytes.toString('latin1')) })
  }

  /** A value is complete: give it to whatever holds it, and move on. */
  private endValue(value: ShallowValue): void {
    const completed = this.completed
    this.completed = undefined
    this.scalarRole = Role.Ignore
    const frame = this.stack[this.stack.length - 1]
    if (value.type === 'string' && !value.empty && (frame?.role === Role.Texts || (frame?.role === Role.Map && frame.key === 'sourcesContent'))) this.everySourceText++
    if (!frame) {
      this.root = value
      this.rootMap = completed?.map
      this.state = State.Done
      return
    }
    if (frame.container === 'array') {
      this.state = State.ArrayCommaOrEnd
      if (frame.role === Role.Sources && value.type === 'string' && value.value !== undefined) frame.list?.push(value.value)
      else if (frame.role === Role.Texts) frame.texts += textsIn(value, completed)
      else if (frame.role === Role.Sections && completed?.section) frame.sections?.push(completed.section)
      return
    }
    this.state = State.ObjectCommaOrEnd
    if (frame.role === Role.Texts) {
      frame.memberTexts?.set(frame.key ?? '', textsIn(value, completed))
      return
    }
    const key = frame.key
    if (frame.role === Role.Map && frame.map) assignMapMember(frame.map, key, value, completed)
    else if (frame.role === Role.Section && frame.section) assignSectionMember(frame.section, key, value, completed)
  }
}

/**
 * The offset of the first byte at or after `from` that ends a run of plain string
 * bytes: a quote, a backslash or a control character (or the end). Whole 32-bit
 * words are tested at once with the classic has-byte tricks, which never miss one.
 */
function plainBytesEnd(chunk: Uint8Array, from: number, words: Uint32Array | undefined, wordsStart: number): number {
  const n = chunk.length
  let i = from
  if (words) {
    while (i < n && (i - wordsStart) & 3) {
      const byte = chunk[i] as number
      if (byte === 0x22 || byte === 0x5c || byte < 0x20) return i
      i++
    }
    // Aligned now (or at the end): words from here on, never back before `i`.
    let k = (i - wordsStart) >> 2
    const count = words.length
    while (k < count) {
      const word = words[k] as number
      const quote = word ^ 0x22222222
      const backslash = word ^ 0x5c5c5c5c
      if (((word - 0x20202020) & ~word & 0x80808080) | ((quote - 0x01010101) & ~quote & 0x80808080) | ((backslash - 0x01010101) & ~backslash & 0x80808080)) break
      k++
    }
    i = Math.max(i, wordsStart + (k << 2))
  }
  while (i < n) {
    const byte = chunk[i] as number
    if (byte === 0x22 || byte === 0x5c || byte < 0x20) return i
    i++
  }
  return n
}

/** Strings with text a value holds: itself if it is one, or what its container counted. */
function textsIn(value: ShallowValue, completed: Completed | undefined): number {
  if (value.type === 'string') return value.empty ? 0 : 1
  return completed?.texts ?? 0
}

interface Completed {
  map?: MapModel | undefined
  list?: string[] | undefined
  texts?: number | undefined
  sections?: SectionModel[] | undefined
  section?: SectionModel | undefined
}

function assignMapMember(map: MapModel, key: string | undefined, value: ShallowValue, completed: Completed | undefined): void {
  switch (key) {
    case 'version':
      map.version = value
      break
    case 'mappings':
      map.mappings = value
      break
    case 'sources':
      map.sources = value
      map.sourceList = completed?.list ?? []
      break
    case 'sourcesContent':
      map.sourcesContent = value
      map.texts = textsIn(value, completed)
      break
    case 'sourceRoot':
      map.sourceRoot = value
      break
    case 'file':
      map.file = value
      break
    case 'sections':
      map.sections = value.type === 'array' ? (completed?.sections ?? []) : undefined
      break
  }
}

function assignSectionMember(section: SectionModel, key: string | undefined, value: ShallowValue, completed: Completed | undefined): void {
  if (key === 'url') section.url = value
  if (key === 'map') {
    section.map = completed?.map
    section.embedded = value.type === 'string' ? value.value : undefined
  }
}
