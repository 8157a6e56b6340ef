// Runs under the bun binary from npm: Bun.build with the shipguard plugin, as a bun
// user's build script would. Prints one `@@result` line for the test to read: the error, the
// artifacts handed back (their paths and text) when the build has no outdir, and whether the
// build succeeded with its logs when it did not throw. `config` is laid over the usual build.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import shipguard from 'shipguard/bun'

// This file runs under bun, whose types the rest of the tests do not load.
declare const Bun: { build(config: Record<string, unknown>): Promise<{ success: boolean; logs: unknown[]; outputs: Array<{ path: string; text(): Promise<string> }> }> }

const { sourcemap, options, outdir = 'dist', config = {}, builds = 1 } = JSON.parse(process.argv[2] ?? '{}')
let error: string | null = null
let artifacts: Array<{ path: string; text: string }> | undefined
let success: boolean | undefined
let logs: string[] | undefined
// With `builds` above 1: one config object built that many times, as a rebuild loop does; the files written each time.
const written: string[][] = []
const given = { entrypoints: ['src/main.js'], outdir: outdir ?? undefined, splitting: true, minify: true, sourcemap, ...config, plugins: options ? [shipguard(options)] : [] }
try {
  let result = await Bun.build(given)
  for (let built = 1; built < builds; built++) {
    written.push(readdirSync(outdir, { recursive: true }).map(String).sort())
    rmSync(outdir, { recursive: true, force: true })
    result = await Bun.build(given)
  }
  if (builds > 1) written.push(existsSync(outdir) ? readdirSync(outdir, { recursive: true }).map(String).sort() : [])
  success = result.success
  logs = result.logs.map((log) => String((log as { message?: unknown }).message ?? log))
  if (outdir === null) artifacts = await Promise.all(result.outputs.map(async (output) => ({ path: output.path, text: await output.text() })))
} catch (caught) {
  error = caught instanceof Error ? caught.message : String(caught)
}
console.log(`@@result ${JSON.stringify({ error, artifacts, success, logs, written, config: { outdir: given.outdir ?? null, sourcemap: given.sourcemap ?? null, metafile: 'metafile' in given } })}`)
