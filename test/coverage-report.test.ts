import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// A package without a `files` list, its coverage report left beside it: istanbul-reports'
// own output (test/fixtures/make-istanbul-report.cjs says how it was made).
const FIXTURE = fileURLToPath(new URL('./fixtures/istanbul-report/', import.meta.url))
const PAGE = 'coverage/lcov-report/src/pricing.ts.html'

interface Report {
  files: Array<{ path: string }>
  findings: Array<{ rule: string; file: string; message: string; fix: string }>
}

describe("an istanbul coverage report's page for a TypeScript source ships that source", () => {
  it('pack refuses the page for src/pricing.ts, and no other page of the report; with coverage/ in .npmignore it passes', () => {
    expect(readFileSync(join(FIXTURE, PAGE), 'utf8')).toContain('LEAK-MARKER coverage')
    const run = runCli(['pack', FIXTURE, '--json'])
    const report = JSON.parse(run.stdout) as Report
    // The page for plain JavaScript, the summaries and the report's own scripts pass.
    expect(report.files.map((file) => file.path)).toContain('coverage/lcov-report/lib/format.js.html')
    expect(report.findings).toEqual([
      {
        rule: 'source-file',
        severity: 'error',
        file: PAGE,
        message: 'a page of an istanbul/nyc coverage report that holds the whole source of src/pricing.ts, HTML-escaped',
        fix: 'leave the coverage report out of the release: list what ships in package.json "files", or add coverage/ to .npmignore; or take it out of the build\'s copy step',
        fixed: false,
      },
    ])
    expect(run.code).toBe(1)
    // As the fix says: once .npmignore leaves coverage/ out, the package passes.
    const dir = tempDir()
    cpSync(FIXTURE, dir, { recursive: true })
    writeFileSync(join(dir, '.npmignore'), 'coverage/\n')
    const fixed = runCli(['pack', dir, '--json'])
    expect(JSON.parse(fixed.stdout).findings).toEqual([])
    expect(fixed.code).toBe(0)
  })

  it('scan finds the page by its content, whatever the folder and name it ships under', () => {
    const page = readFileSync(join(FIXTURE, PAGE))
    const run = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/docs/quality/pricing.html': page }) })
    expect((JSON.parse(run.stdout) as Report).findings.map((finding) => `${finding.rule} ${finding.file} ${finding.message}`)).toEqual(['source-file docs/quality/pricing.html a page of an istanbul/nyc coverage report that holds the whole source of src/pricing.ts, HTML-escaped'])
    expect(run.code).toBe(1)
  })
})
