// Times shipguard's generateBundle inside a real cold build: node .hook.mjs <vite|rolldown> <appRoot>
import { rmSync } from 'node:fs'
import { join } from 'node:path'
const [bundler, root] = process.argv.slice(2)
const outDir = join(root, `dist-hook-${bundler}`)
rmSync(outDir, { recursive: true, force: true })
process.chdir(root)
const plugin = (await import(`shipguard/${bundler}`)).default({ sourcemaps: 'hidden', manifest: { path: `${outDir}.manifest.json` } })
let hookMs = 0
const original = plugin.generateBundle.handler
plugin.generateBundle.handler = async function (...args) { const t = performance.now(); await original.apply(this, args); hookMs = performance.now() - t }
const start = performance.now()
if (bundler === 'vite') {
  const { build } = await import('vite')
  await build({ root, configFile: false, logLevel: 'silent', build: { outDir, sourcemap: true }, plugins: [plugin] })
} else {
  const { rolldown } = await import('rolldown')
  const bundle = await rolldown({ input: join(root, 'src/main.js'), cwd: root, plugins: [plugin] })
  await bundle.write({ dir: outDir, sourcemap: true })
  await bundle.close()
}
console.log(Math.round(performance.now() - start), hookMs.toFixed(1))
