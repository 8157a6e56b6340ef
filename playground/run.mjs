// The playground: real builds, each judged by shipguard as a release gate would.
// Every leaky build must be refused and every fixed build must pass; this script
// exits non-zero if either expectation fails, so it doubles as a smoke test.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = fileURLToPath(new URL('../packages/shipguard/dist/cli.js', import.meta.url))

const demos = [{ name: 'esbuild', module: './esbuild/build.mjs' }]

function scan(dir, expectedExit, extraArgs = []) {
  const shown = relative(root, dir)
  console.log(`$ shipguard scan ${[shown, ...extraArgs].join(' ')}`)
  const run = spawnSync(process.execPath, [cli, 'scan', shown, ...extraArgs], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } })
  process.stdout.write(run.stdout.replace(/^/gm, '  '))
  process.stderr.write(run.stderr)
  const ok = run.status === expectedExit
  console.log(ok ? `  → exit ${run.status}, as expected\n` : `  → exit ${run.status}, expected ${expectedExit}\n`)
  return ok
}

function printManifest(path) {
  const manifest = JSON.parse(readFileSync(path, 'utf8'))
  console.log(`  manifest ${relative(root, path)}: ${manifest.summary.files} files, ${manifest.summary.bytes} bytes, verdict ${manifest.summary.verdict}`)
  for (const file of manifest.files) {
    const modules = file.modules.length > 0 ? `  modules: ${file.modules.join(', ')}` : ''
    console.log(`    ${file.path.padEnd(14)} ${String(file.bytes).padStart(7)} B  sha256 ${file.sha256.slice(0, 12)}…  ${file.kind}, map ${file.map}${modules}`)
  }
  console.log('')
}

let failures = 0
for (const demo of demos) {
  const { buildLeaky, buildFixed } = await import(demo.module)
  console.log(`── ${demo.name}: leaky build (external map with sources, unlinked) ──`)
  if (!scan(await buildLeaky(), 1)) failures++
  console.log(`── ${demo.name}: fixed build ──`)
  const fixed = await buildFixed()
  const manifest = `${fixed}.manifest.json`
  if (!scan(fixed, 0, ['--allow-maps', '--manifest', relative(root, manifest)])) failures++
  printManifest(manifest)
}
console.log(failures === 0 ? 'playground: every leaky build was refused and every fixed build passed' : `playground: ${failures} unexpected verdict(s)`)
process.exitCode = failures === 0 ? 0 : 1
