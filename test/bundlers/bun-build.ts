// Runs under the bun binary from npm: Bun.build with the shipguard plugin, as a bun
// user's build script would. Prints one `@@result` line for the test to read: the error, the
// artifacts handed back (their paths and text) when the build has no outdir, and whether the
// build succeeded with its logs when it did not throw. `config` is laid over the usual build.
import shipguard from 'shipguard/bun'

// This file runs under bun, whose types the rest of the tests do not load.
declare const Bun: { build(config: Record<string, unknown>): Promise<{ success: boolean; logs: unknown[]; outputs: Array<{ path: string; text(): Promise<string> }> }> }

const { sourcemap, options, outdir = 'dist', config = {} } = JSON.parse(process.argv[2] ?? '{}')
let error: string | null = null
let artifacts: Array<{ path: string; text: string }> | undefined
let success: boolean | undefined
let logs: string[] | undefined
try {
  const result = await Bun.build({ entrypoints: ['src/main.js'], outdir: outdir ?? undefined, splitting: true, minify: true, sourcemap, ...config, plugins: options ? [shipguard(options)] : [] })
  success = result.success
  logs = result.logs.map((log) => String((log as { message?: unknown }).message ?? log))
  if (outdir === null) artifacts = await Promise.all(result.outputs.map(async (output) => ({ path: output.path, text: await output.text() })))
} catch (caught) {
  error = caught instanceof Error ? caught.message : String(caught)
}
console.log(`@@result ${JSON.stringify({ error, artifacts, success, logs })}`)
