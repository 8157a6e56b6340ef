// Runs under the bun binary from npm: Bun.build with the shipguard plugin, as a bun
// user's build script would. Prints one `@@result` line for the test to read.
import shipguard from 'shipguard/bun'

// This file runs under bun, whose types the rest of the tests do not load.
declare const Bun: { build(config: Record<string, unknown>): Promise<unknown> }

const { sourcemap, options } = JSON.parse(process.argv[2] ?? '{}')
let error: string | null = null
try {
  await Bun.build({ entrypoints: ['src/main.js'], outdir: 'dist', splitting: true, minify: true, sourcemap, plugins: options ? [shipguard(options)] : [] })
} catch (caught) {
  error = caught instanceof Error ? caught.message : String(caught)
}
console.log(`@@result ${JSON.stringify({ error })}`)
