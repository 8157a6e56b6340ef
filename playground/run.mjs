// The playground: the same small app built by each bundler twice, with shipguard in
// the build. A leaky production config must be refused (its message is shown) and a
// fixed one must pass (its manifest is summed up). Then `shipguard scan` judges a
// build made without any plugin. Exits non-zero if any verdict is not the expected
// one, so it doubles as a smoke test.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app } from './shared.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = fileURLToPath(new URL('../packages/shipguard/dist/cli.js', import.meta.url))
const bundlers = ['vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'esbuild', 'bun']
const indent = (text) => text.replace(/^/gm, '    ')
let failures = 0

function printManifest(summaryLine) {
  const path = / manifest (\S+\.json)/.exec(summaryLine)?.[1]
  if (!path) return
  const manifest = JSON.parse(readFileSync(join(app, path), 'utf8'))
  console.log(`    manifest playground/app/${path}: ${manifest.summary.files} files, ${manifest.summary.bytes} bytes, ${manifest.withheld.length} withheld, verdict ${manifest.summary.verdict}`)
  for (const file of manifest.files) {
    const modules = file.modules.length > 0 ? `  ← ${file.modules.join(', ')}` : ''
    console.log(`      ${file.path.padEnd(28)} ${String(file.bytes).padStart(6)} B  ${file.sha256.slice(0, 12)}…  ${file.kind}${file.kind === 'sourcemap' || file.map !== 'none' ? `, map ${file.map}` : ''}${modules}`)
  }
  for (const file of manifest.withheld) console.log(`      withheld ${file.path} → ${file.to ?? 'deleted'}`)
}

for (const bundler of bundlers) {
  const { builds } = await import(`./${bundler}/build.mjs`)
  console.log(`── ${bundler} ──`)
  console.log(`  leaky: ${builds.leaky.config}`)
  try {
    await builds.leaky.run()
    console.log('    → built, but it should have been refused')
    failures++
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error)
    // The bundler's own wrapping (rolldown adds its stack) is left out: the refusal is shipguard's message.
    const refusal = message.slice(message.indexOf('shipguard refused')).split('\n').filter((line) => !/^\s+at /.test(line))
    console.log(indent(refusal.slice(0, 8).join('\n').trimEnd()))
    console.log(message.includes('shipguard refused') ? '    → refused, nothing written' : '    → failed, but not by shipguard')
    if (!message.includes('shipguard refused')) failures++
  }
  console.log(`  fixed: ${builds.fixed.config}`)
  try {
    const lines = await builds.fixed.run()
    const summary = lines.find((line) => line.includes('shipguard: ')) ?? ''
    console.log(indent(summary.replace(/^.*?(shipguard: )/, '$1')))
    printManifest(summary)
    if (!/; pass;/.test(summary)) failures++
  } catch (error) {
    console.log(indent(`failed: ${error instanceof Error ? error.message : error}`))
    failures++
  }
  console.log('')
}

// A build made without any plugin, judged afterwards: the shape of a real leak.
const { buildLeaky, buildFixed } = await import('./cli/build.mjs')
for (const [label, dir, args, expected] of [
  ['a CLI bundled by esbuild with an external map holding every source, unlinked', await buildLeaky(), [], 1],
  ['the same CLI with maps built without sources', await buildFixed(), ['--allow-maps'], 0],
]) {
  const shown = relative(root, dir)
  console.log(`── shipguard scan: ${label} ──\n$ shipguard scan ${[shown, ...args].join(' ')}`)
  const run = spawnSync(process.execPath, [cli, 'scan', shown, ...args], { cwd: root, encoding: 'utf8' })
  console.log(indent(run.stdout.trimEnd()), `\n    → exit ${run.status}${run.status === expected ? '' : `, expected ${expected}`}\n`)
  if (run.status !== expected) failures++
}

console.log(failures === 0 ? 'playground: every leaky build was refused and every fixed build passed' : `playground: ${failures} unexpected verdict(s)`)
process.exitCode = failures === 0 ? 0 : 1
