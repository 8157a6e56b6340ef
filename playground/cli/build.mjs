// Builds the CLI twice with esbuild: the way a release leaks (an external map with
// every source in sourcesContent, nothing linking to it) and the way it should ship.
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

const here = new URL('.', import.meta.url).pathname
const common = { entryPoints: [`${here}src/cli.ts`], bundle: true, platform: 'node', format: 'esm', logLevel: 'warning', absWorkingDir: here }

export async function buildLeaky() {
  rmSync(`${here}out/leaky`, { recursive: true, force: true })
  await build({ ...common, outfile: `${here}out/leaky/cli.js`, sourcemap: 'external', sourcesContent: true })
  return `${here}out/leaky`
}

export async function buildFixed() {
  rmSync(`${here}out/fixed`, { recursive: true, force: true })
  // The map still ships for stack traces, but without a line of source in it.
  await build({ ...common, outfile: `${here}out/fixed/cli.js`, sourcemap: 'linked', sourcesContent: false })
  return `${here}out/fixed`
}
