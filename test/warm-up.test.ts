import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../packages/shipguard/src/options.ts'
import { warmUp } from '../packages/shipguard/src/warm-up.ts'

// The warm-up's made-up output must keep taking the judgement down its main paths
// (a map to strip or withhold, an inline map to refuse) under every policy, or it
// warms nothing; and it must never throw where a build would see it.
describe('warm-up', () => {
  for (const sourcemaps of ['refuse', 'public', 'hidden', 'private', 'delete'] as const) {
    it(`judges its sample to the end under '${sourcemaps}'`, () => {
      const { refused, message } = warmUp(resolveOptions({ sourcemaps, forbid: { files: ['**/*.secret'] } }))
      expect(refused).toBe(true)
      expect(message).toContain('dist/style.css:2: an inline source map')
      if (sourcemaps === 'refuse') expect(message).toContain('dist/main.js.map')
      else expect(message).not.toContain('dist/main.js.map')
    })
  }
})
