import { describe, expect, it } from 'vitest'
import { random } from '../bench/generators.mjs'
import { findingKeys, hasStackTrace, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// Maps that follow or break ECMA-426 field by field. Whatever the shape, shipguard
// must not crash; a map whose sourcesContent holds text is refused; one without
// text passes under --allow-maps.
const variants: Record<string, unknown[]> = {
  // A data URL in sources is the module's text too: a debugger opens it as the source.
  sources: [undefined, null, 5, 'a.ts', [], ['a.ts'], ['a.ts', null], [1, {}], ['a.ts', 'b.ts', 'c.ts'], ['a.ts', 'data:text/plain;base64,ZXhwb3J0IHt9'], ['DATA:,export%20%7B%7D']],
  sourcesContent: [undefined, null, 5, 'text', '', [], [null], ['text'], ['', null], [null, 'text'], [['nested text']], { a: 'text' }, [1, true], ['a', 'b', 'c', 'd']],
  mappings: [undefined, null, 5, '', 'AAAA', '!!!!not vlq', ';;;;', ['AAAA']],
  sourceRoot: [undefined, '', '/home/user/project/', 'https://cdn.example/', 5, null],
  names: [undefined, null, [], ['a'], 'a'],
  file: [undefined, 'app.js', 7],
}

function carriesText(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0
  if (Array.isArray(value)) return value.some(carriesText)
  if (value && typeof value === 'object') return Object.values(value).some(carriesText)
  return false
}

/** Source text in sourcesContent, or in sources as a data URL. */
function carriesSource(map: Record<string, unknown>): boolean {
  return carriesText(map.sourcesContent) || (Array.isArray(map.sources) && map.sources.some((source) => typeof source === 'string' && /^data:/i.test(source)))
}

function mapOf(fields: Record<string, unknown>): Record<string, unknown> {
  const map: Record<string, unknown> = { version: 3 }
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) map[key] = value
  return map
}

interface Case {
  name: string
  map: Record<string, unknown>
  carries: boolean
}

function regularMapCases(): Case[] {
  const cases: Case[] = []
  const defaults = { sources: ['a.ts'], mappings: 'AAAA', names: [] }
  // Each field through each of its variants, the others valid.
  for (const [field, values] of Object.entries(variants)) {
    values.forEach((value, index) => {
      const map = mapOf({ ...defaults, [field]: value })
      cases.push({ name: `${field}-${index}`, map, carries: carriesSource(map) })
    })
  }
  // And a seeded sample of every field broken at once.
  const next = random(426)
  for (let i = 0; i < 250; i++) {
    const fields = Object.fromEntries(Object.entries(variants).map(([field, values]) => [field, values[Math.floor(next() * values.length)]]))
    const map = mapOf(fields)
    cases.push({ name: `mixed-${i}`, map, carries: carriesSource(map) })
  }
  return cases
}

function indexMapCases(): Case[] {
  const bare = { version: 3, sources: ['a.ts'], mappings: 'AAAA', names: [] }
  const withText = { ...bare, sourcesContent: ['text'] }
  const offset = { line: 0, column: 0 }
  const sectionsVariants: Array<[unknown, boolean]> = [
    [[], false],
    [[{ offset, map: bare }], false],
    [[{ offset, map: withText }], true],
    [[{ offset, map: bare }, { offset: { line: 3, column: 0 }, map: withText }], true],
    [[{ offset, url: 'part.js.map' }], false],
    [[{ offset, map: null }, { offset }, 5, null], false],
    [[{ offset, map: { version: 3, sections: [{ offset, map: withText }] } }], true],
    [[{ map: { sourcesContent: ['text'] } }], true],
    [[{ offset: 'bad', map: { sources: 5, sourcesContent: 'text', mappings: 7 } }], true],
    [[{ offset, map: bare }, { offset: { line: 3, column: 0 }, map: { ...bare, sources: ['data:,export%20%7B%7D'] } }], true],
  ]
  return sectionsVariants.map(([sections, carries], index) => ({ name: `sections-${index}`, map: { version: 3, file: 'app.js', sections }, carries }))
}

describe('maps that follow or break ECMA-426 field by field', () => {
  const cases = [...regularMapCases(), ...indexMapCases()]
  const files = Object.fromEntries(cases.map((each) => [`${each.name}.js.map`, JSON.stringify(each.map)]))
  const carriers = cases.filter((each) => each.carries).map((each) => `sources-content ${each.name}.js.map`).sort()

  it(`${cases.length} variants: never a crash; exactly those with source text are refused under --allow-maps`, () => {
    const cwd = tempDir(files)
    const run = runCli(['scan', '.', '--json', '--allow-maps'], { cwd })
    expect(run.stderr).toBe('')
    expect(hasStackTrace(run.stdout)).toBe(false)
    const report = JSON.parse(run.stdout)
    expect(report.files).toHaveLength(cases.length)
    expect(report.files.every((file: { kind: string }) => file.kind === 'sourcemap')).toBe(true)
    expect(findingKeys(report).filter((key) => key.startsWith('sources-content') || key.startsWith('unreadable-map'))).toEqual(carriers)
    expect(carriers.length).toBeGreaterThan(50)
    expect(carriers.length).toBeLessThan(cases.length - 50)
    expect(run.code).toBe(1)
  })

  it('every variant without source text passes on its own under --allow-maps', () => {
    const clean = Object.fromEntries(cases.filter((each) => !each.carries).map((each) => [`${each.name}.js.map`, JSON.stringify(each.map)]))
    const run = runCli(['scan', '.', '--json', '--allow-maps'], { cwd: tempDir(clean) })
    const report = JSON.parse(run.stdout)
    expect(report.findings.filter((finding: { severity: string }) => finding.severity === 'error')).toEqual([])
    expect(run.code).toBe(0)
  })

  it('without --allow-maps every variant is refused as a map that would ship', () => {
    const run = runCli(['scan', '.', '--json'], { cwd: tempDir(files) })
    const publicMaps = findingKeys(JSON.parse(run.stdout)).filter((key) => key.startsWith('public-map'))
    expect(publicMaps).toHaveLength(cases.length)
    expect(run.code).toBe(1)
  })
})
