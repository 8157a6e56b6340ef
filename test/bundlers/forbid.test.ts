import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesOnDisk, makeProject } from '../support/project.ts'
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

  it('passes when nothing forbidden is bundled, and in development only reports', async () => {
    const adapter = rollupAdapter()
    const clean = await adapter.build(makeProject('rollup-forbid-clean', 'forbid-app'), 'true', { sourcemaps: 'hidden', forbid: { modules: ['src/unreleased/**'] } })
    expect(clean.error).toBeUndefined()
    const development = await adapter.build(makeProject('rollup-forbid-dev', 'forbid-app'), 'true', { sourcemaps: 'hidden', forbid: { modules: ['src/internal/**'] } }, { development: true })
    expect(development.error).toBeUndefined()
    expect(development.logs).toContain('would refuse')
  })
})
