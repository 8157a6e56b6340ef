import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findingKeys, runCli } from './support/cli.ts'

// Each folder under fixtures/corpus is a build output (`dist/`) and what `shipguard
// scan` must say about it (`expect.json`): exit code and every finding, no more.
const corpus = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url))

interface Expectation {
  args: string[]
  exit: number
  findings: string[]
}

describe('leak corpus', () => {
  for (const name of readdirSync(corpus).sort()) {
    const expected = JSON.parse(readFileSync(`${corpus}${name}/expect.json`, 'utf8')) as Expectation
    it(`${name}: exit ${expected.exit}${expected.findings.length > 0 ? `, ${expected.findings.join('; ')}` : ', no findings'}`, () => {
      const run = runCli(['scan', 'dist', '--json', ...expected.args], { cwd: `${corpus}${name}` })
      expect(run.stderr).toBe('')
      const report = JSON.parse(run.stdout)
      expect(findingKeys(report)).toEqual(expected.findings)
      expect(run.code).toBe(expected.exit)
    })
  }
})

// The engine scans text with WebAssembly SIMD where it can; where it cannot (here: V8
// without a JIT, which has no WebAssembly) its JavaScript must say the same, byte for byte.
describe('without WebAssembly', () => {
  it('the whole corpus gets the same report', () => {
    const withScanner = runCli(['scan', '.', '--json'], { cwd: corpus })
    const without = runCli(['scan', '.', '--json'], { cwd: corpus, env: { NODE_OPTIONS: '--jitless' } })
    expect(JSON.parse(withScanner.stdout).summary.errors).toBeGreaterThan(50)
    expect(without.stdout).toBe(withScanner.stdout)
    expect(without.code).toBe(withScanner.code)
  })
})
