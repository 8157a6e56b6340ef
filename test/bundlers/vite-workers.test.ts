import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import shipguardVite from 'shipguard/vite'
import { describe, expect, it } from 'vitest'
import { readManifest } from '../support/assert-output.ts'
import { filesOnDisk, makeProject } from '../support/project.ts'
import { inProject } from './adapters.ts'

// vite bundles workers apart, with worker.plugins alone: shipguard adds its own there.
async function viteBuild(root: string, files: Record<string, string>, worker: { plugins?: () => unknown[] } = {}, vite: 'vite' | 'vite7' = 'vite', hiddenMaps = false): Promise<string | undefined> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text)
  const { build } = (await import(vite)) as typeof import('vite')
  const options = { forbid: { modules: ['src/internal/**'] }, manifest: { path: join(root, 'manifest.json') }, ...(hiddenMaps && { sourcemaps: 'hidden' as const }) }
  return inProject(root, undefined, () =>
    build({ root, configFile: false, logLevel: 'silent', worker: worker as never, build: { outDir: 'dist', emptyOutDir: true, sourcemap: hiddenMaps }, plugins: [shipguardVite(options)] }).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    ),
  )
}

const startsWorker = (query = '') => ({ 'src/main.js': query ? `import W from './w.js${query}'\nnew W()\n` : "new Worker(new URL('./w.js', import.meta.url), { type: 'module' })\n" })

describe('vite workers', () => {
  it.each(['vite', 'vite7'] as const)('%s: a forbidden module a worker imports is refused, in the worker file, with the chain inside the worker', async (vite) => {
    const error = await viteBuild(makeProject(`${vite}-worker-forbidden`), { ...startsWorker(), 'src/w.js': "import { price } from './internal/pricing.js'\npostMessage(price())\n" }, {}, vite)
    expect(error).toMatch(/dist\/assets\/w-[\w-]+\.js: bundles src\/internal\/pricing\.js \(src\/internal\/\*\*\), imported by src\/w\.js → src\/internal\/pricing\.js/)
  })

  it('an inlined worker counts in the chunk that inlines it; the user\'s own worker plugins still run', async () => {
    let ran = false
    const own = { name: 'own', buildStart: () => void (ran = true) }
    const error = await viteBuild(makeProject('vite-worker-inline'), { ...startsWorker('?worker&inline'), 'src/w.js': "import { price } from './internal/pricing.js'\npostMessage(price())\n" }, { plugins: () => [own] })
    expect(error).toMatch(/dist\/assets\/index-[\w-]+\.js: bundles src\/internal\/pricing\.js \(src\/internal\/\*\*\), imported by src\/w\.js → src\/internal\/pricing\.js/)
    expect(ran).toBe(true)
  })

  it('a worker started by a worker, and a shared worker inlined, are judged too', async () => {
    const forbidden = "import { price } from './internal/pricing.js'\npostMessage(price())\n"
    const nested = await viteBuild(makeProject('vite-worker-nested'), {
      'src/main.js': "new Worker(new URL('./outer.js', import.meta.url), { type: 'module' })\n",
      'src/outer.js': "new Worker(new URL('./inner.js', import.meta.url), { type: 'module' })\n",
      'src/inner.js': forbidden,
    })
    expect(nested).toMatch(/dist\/assets\/inner-[\w-]+\.js: bundles src\/internal\/pricing\.js \(src\/internal\/\*\*\), imported by src\/inner\.js → src\/internal\/pricing\.js/)
    const shared = await viteBuild(makeProject('vite-worker-shared-inline'), { ...startsWorker('?sharedworker&inline'), 'src/w.js': forbidden })
    expect(shared).toMatch(/dist\/assets\/index-[\w-]+\.js: bundles src\/internal\/pricing\.js/)
  })

  it('a library built in two formats lists the worker, bundled once, in both manifests', async () => {
    const root = makeProject('vite-worker-lib')
    writeFileSync(join(root, 'src/lib.js'), "export function start() { return new Worker(new URL('./w.js', import.meta.url), { type: 'module' }) }\n")
    writeFileSync(join(root, 'src/w.js'), "import { greet } from './greet.js'\npostMessage(greet('x'))\n")
    const { build } = await import('vite')
    await inProject(root, undefined, () => build({ root, configFile: false, logLevel: 'silent', build: { outDir: 'dist', lib: { entry: 'src/lib.js', formats: ['es', 'cjs'], fileName: 'lib' } }, plugins: [shipguardVite({ manifest: { path: join(root, '[build].json') } })] }))
    for (const format of ['es', 'cjs']) {
      const worker = readManifest(join(root, `vite-client-${format}-dist.json`)).files.find((file) => /^assets\/w-[\w-]+\.js$/.test(file.path)) as { modules: string[] }
      expect(worker.modules, format).toEqual(['src/greet.js', 'src/w.js'])
    }
  })

  it('worker.plugins in its older form, an array, still builds', async () => {
    let ran = false
    const own = { name: 'own', buildStart: () => void (ran = true) }
    const root = makeProject('vite-worker-plugins-array')
    const error = await viteBuild(root, { ...startsWorker(), 'src/w.js': "postMessage('hi')\n" }, { plugins: [own] } as never)
    expect(error).toBeUndefined()
    expect(ran).toBe(true)
  })

  it('a .env a worker takes in by new URL() is refused like one the app takes in', async () => {
    const error = await viteBuild(makeProject('vite-worker-env'), { ...startsWorker(), 'src/w.js': "fetch(new URL('./.env.production', import.meta.url))\n", 'src/.env.production': 'DATABASE_PASSWORD=correct-horse-battery-staple\n' })
    expect(error).toMatch(/bundles src\/\.env\.production \(\.env\*\), imported by src\/w\.js → src\/\.env\.production/)
  })

  it("an inlined worker is built without the map link that 'hidden' removes: once inlined, its code is past any edit", async () => {
    const root = makeProject('vite-worker-inline-hidden')
    expect(await viteBuild(root, { ...startsWorker('?worker&inline'), 'src/w.js': "import { greet } from './greet.js'\npostMessage(greet)\n" }, {}, 'vite', true)).toBeUndefined()
    const chunk = filesOnDisk(join(root, 'dist')).find((path) => /^assets\/index-[\w-]+\.js$/.test(path)) as string
    // vite 8 inlines the worker's code as a string in the chunk that starts it.
    const code = readFileSync(join(root, 'dist', chunk), 'utf8')
    expect(code).toContain('postMessage(')
    expect(code).not.toContain('sourceMappingURL')
  })

  it.each(['vite', 'vite7'] as const)('%s: an honest worker passes, and the manifest lists the modules in its file', async (vite) => {
    const root = makeProject(`${vite}-worker-honest`)
    expect(await viteBuild(root, { ...startsWorker(), 'src/w.js': "import { greet } from './greet.js'\npostMessage(greet)\n" }, {}, vite)).toBeUndefined()
    const worker = readManifest(join(root, 'manifest.json')).files.find((file) => /^assets\/w-[\w-]+\.js$/.test(file.path)) as { modules: string[] }
    expect(worker.modules).toEqual(['src/greet.js', 'src/w.js'])
  })
})
