import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real builds and CLI runs on large inputs; a timeout here means a hang, not slowness.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
