import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.ts'
import { filesOnDisk, makeProject } from '../support/project.ts'
import { inProject } from './adapters.ts'

interface Stats {
  hasErrors(): boolean
  toString(options: unknown): string
}
interface Compiler {
  run(callback: (error: Error | null, stats?: Stats) => void): void
  close(callback: () => void): void
}

/** The shared app built by the real bundler, without shipguard: what `scan` gets to judge. */
async function build(bundler: 'webpack' | 'rspack', root: string, config: Record<string, unknown>): Promise<string> {
  const create = (bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack) as unknown as (config: unknown) => Compiler
  const { output, ...rest } = config
  const compiler = create({
    mode: 'production',
    context: root,
    entry: './src/main.js',
    ...rest,
    output: { path: join(root, 'dist'), filename: '[name].js', chunkFilename: '[name].js', ...(output as object | undefined) },
    infrastructureLogging: { level: 'none' },
  })
  const stats = await inProject(root, undefined, () => new Promise<Stats>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result as Stats)))))
  await new Promise<void>((resolve) => compiler.close(() => resolve()))
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }))
  return join(root, 'dist')
}

const EVAL_MODULES = /^the code of \d+ modules? as text in eval\(\) strings, comments included \(webpack's or rspack's devtool 'eval', the default of mode 'development'\): every user downloads it$/

// devtool 'eval' ships no map: each module's code, comments included, is the text of an
// eval() string named by a `//# sourceURL=webpack://…` comment. Built here by the real
// bundlers, in each shape they write it.
describe("scan refuses webpack's and rspack's devtool 'eval' output as an inline map", () => {
  const shapes: Record<string, Record<string, unknown>> = {
    production: {},
    development: { mode: 'development' },
    'a devtool namespace and a unique name': { output: { devtoolNamespace: 'my ns', uniqueName: '@scope/app' } },
    'a unique name alone': { output: { uniqueName: '@scope/app' } },
    'trusted types (eval of a call that makes a script)': { output: { trustedTypes: true } },
  }
  for (const bundler of ['webpack', 'rspack'] as const) {
    for (const [shape, config] of Object.entries(shapes)) {
      it(`${bundler}, ${shape}: every script, once`, async () => {
        const dist = await build(bundler, makeProject(`${bundler}-eval-${shape}`), { devtool: 'eval', ...config })
        const scripts = filesOnDisk(dist)
        expect(scripts.length).toBeGreaterThan(1)
        // What it ships: the source's comments.
        expect(scripts.every((script) => readFileSync(join(dist, script), 'utf8').includes('LEAK-MARKER'))).toBe(true)
        const run = runCli(['scan', dist, '--json'])
        const report = JSON.parse(run.stdout)
        expect(report.findings.map((finding: { rule: string; file: string }) => `${finding.rule} ${finding.file}`)).toEqual(scripts.map((script) => `inline-map ${script}`))
        for (const finding of report.findings) {
          expect(finding.message).toMatch(EVAL_MODULES)
          expect(finding.fix).toMatch(/^build for production with webpack\/rspack devtool false, or 'hidden-source-map'/)
        }
        expect(run.code).toBe(1)
        // Where WebAssembly is missing the JavaScript search says the same.
        expect(runCli(['scan', dist, '--json'], { env: { NODE_OPTIONS: '--jitless' } }).stdout).toBe(run.stdout)
      })
    }

    it(`${bundler}: 'eval' is refused for the modules in its strings, 'eval-source-map' for its inline maps alone, not once more`, async () => {
      const withMaps = await build(bundler, makeProject(`${bundler}-eval-source-map`), { devtool: 'eval-source-map' })
      const withoutMaps = await build(bundler, makeProject(`${bundler}-eval-beside`), { devtool: 'eval' })
      const messages = (dist: string) => (JSON.parse(runCli(['scan', dist, '--json']).stdout) as { findings: Array<{ rule: string; message: string }> }).findings.map((finding) => `${finding.rule}: ${finding.message}`)
      expect(messages(withoutMaps).filter((message) => message.startsWith('inline-map: the code of'))).toHaveLength(filesOnDisk(withoutMaps).length)
      const mapFindings = messages(withMaps)
      expect(mapFindings.filter((message) => message.startsWith('inline-map: a source map embedded as a data URL inside an eval() string'))).toHaveLength(filesOnDisk(withMaps).length)
      expect(mapFindings.filter((message) => message.startsWith('inline-map: the code of'))).toEqual([])
    })
  }
})
