import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesOnDisk, makeProject } from '../support/project.ts'
import { secretFilesByUrl } from '../../packages/shipguard/src/emit/url-assets.ts'
import { bunAdapter, esbuildAdapter, rolldownAdapter, rollupAdapter, viteAdapter, webpackAdapter } from './adapters.ts'
import type { Adapter } from './matrix.ts'

// src/main.js → features/checkout.js → features/pricing-rules.js → internal/discount-engine.js
const CHAIN = 'src/main.js → src/features/checkout.js → src/features/pricing-rules.js → src/internal/discount-engine.js'

const adapters: Adapter[] = [viteAdapter(8), viteAdapter(7), rollupAdapter(), rolldownAdapter(), webpackAdapter('webpack'), webpackAdapter('rspack'), esbuildAdapter(), bunAdapter()]

describe('forbid.modules: a module pulled in through three levels of imports', () => {
  for (const adapter of adapters) {
    const mode = Object.keys(adapter.modes).find((name) => !adapter.modes[name]?.inline) as string
    it(`${adapter.bundler}: refused, naming the module and the chain from the bundler's own graph`, async () => {
      const root = makeProject(`${adapter.bundler}-forbid`, 'forbid-app')
      const run = await adapter.build(root, mode, { sourcemaps: 'hidden', forbid: { modules: ['src/internal/**'] } })
      expect(run.error).toMatch(/shipguard refused this production build/)
      // vite's entry is the page that loads the script.
      const entry = adapter.bundler.startsWith('vite') ? 'index.html → ' : ''
      expect(run.error).toContain(`bundles src/internal/discount-engine.js (src/internal/**), imported by ${entry}${CHAIN}`)
      expect(run.error).toContain('fix: remove the import that pulls it in (src/features/pricing-rules.js imports it)')
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    })
  }

  for (const adapter of [rollupAdapter(), rolldownAdapter(), webpackAdapter('webpack'), webpackAdapter('rspack'), esbuildAdapter(), bunAdapter()]) {
    it(`${adapter.bundler}: a forbidden module that is an entry point is said to be one, not imported by itself`, async () => {
      const root = makeProject(`${adapter.bundler}-forbid-entry`, 'forbid-app')
      const mode = Object.keys(adapter.modes).find((name) => !adapter.modes[name]?.inline) as string
      const run = await adapter.build(root, mode, { sourcemaps: 'hidden', forbid: { modules: ['src/main.js'] } })
      expect(run.error).toContain('bundles src/main.js (src/main.js), an entry point of the build')
      expect(run.error).toContain("fix: take it out of the build's entry points, or change forbid.modules")
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    })
  }

  it('passes when nothing forbidden is bundled, and in development only reports', async () => {
    const adapter = rollupAdapter()
    const clean = await adapter.build(makeProject('rollup-forbid-clean', 'forbid-app'), 'true', { sourcemaps: 'hidden', forbid: { modules: ['src/unreleased/**'] } })
    expect(clean.error).toBeUndefined()
    const development = await adapter.build(makeProject('rollup-forbid-dev', 'forbid-app'), 'true', { sourcemaps: 'hidden', forbid: { modules: ['src/internal/**'] } }, { development: true })
    expect(development.error).toBeUndefined()
    expect(development.logs).toContain('would refuse')
  })
})

describe('forbid.modules: how a module is named', () => {
  for (const adapter of [webpackAdapter('webpack'), esbuildAdapter(), viteAdapter(8)]) {
    it(`${adapter.bundler}: a module imported with a #fragment is named without it, so a glob naming the file matches`, async () => {
      const root = makeProject(`${adapter.bundler}-forbid-fragment`, 'forbid-app')
      writeFileSync(join(root, 'src/features/pricing-rules.js'), "import { discount } from '../internal/discount-engine.js#v2'\nexport function priceFor(items) {\n  return items * 10 - discount(items)\n}\n")
      const mode = Object.keys(adapter.modes).find((name) => !adapter.modes[name]?.inline) as string
      const run = await adapter.build(root, mode, { sourcemaps: 'hidden', forbid: { modules: ['src/internal/discount-engine.js'] } })
      expect(run.error).toContain('bundles src/internal/discount-engine.js (src/internal/discount-engine.js)')
    })
  }

})

describe('a file that must never ship, taken in as a module under another name', () => {
  // webpack names an asset [hash][ext]: `.env.production` lands as `<hash>.production`, past any glob over output names.
  // vite takes a file in as a module by `?url` (inlined as a data URL when small); `new URL()` it reads past the graph.
  const envAsUrl = (label: string, vite: boolean) => {
    const root = makeProject(label, 'forbid-app')
    writeFileSync(join(root, 'src/main.js'), vite ? "import settings from './.env.production?url'\nconsole.log(settings)\n" : "console.log(new URL('./.env.production', import.meta.url).href)\n")
    writeFileSync(join(root, 'src/.env.production'), 'DATABASE_PASSWORD=correct-horse-battery-staple\n')
    return root
  }

  for (const adapter of [webpackAdapter('webpack'), webpackAdapter('rspack'), viteAdapter(8)]) {
    it(`${adapter.bundler}: an .env file emitted as an asset is refused, naming it and its importer`, async () => {
      const root = envAsUrl(`${adapter.bundler}-env-asset`, adapter.bundler === 'vite')
      const run = await adapter.build(root, Object.keys(adapter.modes)[0] as string, { sourcemaps: 'hidden' })
      expect(run.error).toMatch(/shipguard refused this production build/)
      expect(run.error).toContain('bundles src/.env.production (.env*), imported by ')
      expect(run.error).toContain('a file named like that must never ship')
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    })
  }

  it('new URL() as vite reads it: a trailing comma, a path without ./; not when commented out, absolute or another scheme', () => {
    const found = (code: string) => secretFilesByUrl(code, '/app/src/main.js')
    expect(found("new URL(\n  './.env',\n  import.meta.url,\n)")).toEqual(['/app/src/.env'])
    expect(found("new URL('config/.npmrc', import.meta.url)")).toEqual(['/app/src/config/.npmrc'])
    expect(found("// new URL('./.env', import.meta.url)\n/* new URL('./.env', import.meta.url) */")).toEqual([])
    expect(found("new URL('/.env', import.meta.url); new URL('https://x.example/.env', import.meta.url); new URL('./logo.svg', import.meta.url)")).toEqual([])
  })

  for (const version of [8, 7] as const) {
    it(`vite ${version}: an .env file taken in by new URL(), which vite inlines as a data URL past the module graph, is refused`, async () => {
      const adapter = viteAdapter(version)
      const root = envAsUrl(`vite${version}-env-new-url`, false)
      const run = await adapter.build(root, 'true', { sourcemaps: 'hidden' })
      expect(run.error).toContain('bundles src/.env.production (.env*), imported by index.html → src/main.js → src/.env.production')
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    })
  }

  it('esbuild: an .env file outside the project, inlined as text with no file of its own, is refused', async () => {
    const { build } = await import('esbuild')
    const shipguard = (await import('shipguard/esbuild')).default
    // A monorepo package reading the repository's .env: its module name starts with `../`.
    const root = makeProject('esbuild-env-text', 'forbid-app')
    writeFileSync(join(root, 'src/main.js'), "import settings from '../.env.production'\nexport { settings }\n")
    writeFileSync(join(root, '.env.production'), 'DATABASE_PASSWORD=correct-horse-battery-staple\n')
    const failure = await build({ absWorkingDir: join(root, 'src'), entryPoints: ['main.js'], bundle: true, outdir: 'dist', format: 'esm', loader: { '.production': 'text' }, logLevel: 'silent', plugins: [shipguard()] }).then(
      () => undefined,
      (error: Error) => error.message,
    )
    expect(failure).toContain('bundles ../.env.production (.env*), imported by main.js → ../.env.production')
    expect(filesOnDisk(join(root, 'src/dist'))).toEqual([])
  })

  it('esbuild: a public key inlined as text passes; the private key inlined the same way is found by content', async () => {
    const { build } = await import('esbuild')
    const shipguard = (await import('shipguard/esbuild')).default
    const root = makeProject('esbuild-pem-text', 'forbid-app')
    writeFileSync(join(root, 'src/main.js'), "import key from './keys/signing.pem'\nexport { key }\n")
    mkdirSync(join(root, 'src/keys'))
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
    writeFileSync(join(root, 'src/keys/signing.pem'), pair.publicKey)
    const options = { absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', format: 'esm' as const, loader: { '.pem': 'text' as const }, logLevel: 'silent' as const, plugins: [shipguard()] }
    await build(options)
    expect(filesOnDisk(join(root, 'dist'))).toEqual(['main.js'])
    writeFileSync(join(root, 'src/keys/signing.pem'), pair.privateKey)
    const failure = await build(options).then(() => undefined, (error: Error) => error.message)
    expect(failure).toMatch(/dist\/main\.js:\d+: holds a PEM private key/)
  })

  it('code named like a key is not refused: src/id_rsa-format.js', async () => {
    const root = makeProject('rollup-id-rsa-code', 'forbid-app')
    writeFileSync(join(root, 'src/main.js'), "export { format } from './id_rsa-format.js'\n")
    writeFileSync(join(root, 'src/id_rsa-format.js'), 'export const format = (key) => `ssh-rsa ${key}`\n')
    const run = await rollupAdapter().build(root, 'true', { sourcemaps: 'hidden' })
    expect(run.error).toBeUndefined()
  })
})
