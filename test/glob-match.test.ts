import { createRequire } from 'node:module'
import { DEFAULT_FORBIDDEN_FILES, firstMatchingGlob } from '@shipguard/core'
import { describe, expect, it } from 'vitest'

// picomatch as the engine resolves it: the reference the compiled lists must agree with.
const picomatch = createRequire(import.meta.resolve('@shipguard/core'))('picomatch') as (glob: string, options: object) => (path: string) => boolean

describe('firstMatchingGlob', () => {
  const lists = [
    DEFAULT_FORBIDDEN_FILES,
    ['src/internal/**', '**/*.test.*', '**/__mocks__/**'],
    ['./dist/*.js', '*.map', 'a?c/**'],
    // Globs without a fixed text, or beyond plain characters, `*` and `?`: no shortcut.
    ['**/*', '**/.env*'],
    ['**/*.{pem,key}', '**/[ab].js', '**/@(x|y).js', '!**/*.js', 'src/\\*.js'],
    // Characters picomatch reads as more than themselves: alternation, quotes, `$$`, a `.` after three stars.
    ['secrets/*|*.key'],
    ['"private"/**'],
    ['$$'],
    ['***a.'],
  ]
  const paths = [
    '.env', '.env.local', 'config/.env.production', 'a.env', 'key.pem', 'deep/dir/server.p12', 'x.pfx', '.ssh/id_rsa', 'id_rsa.pub', 'keys/id_ed25519', '.npmrc', 'sub/.netrc',
    'src/internal/a.ts', 'src/internals.ts', 'lib/a.test.ts', 'lib/__mocks__/b.js', 'lib/mocks/b.js', 'dist/a.js', './dist/a.js', 'a.js', 'a.js.map', 'abc/x', 'ac/x',
    'server.key', 'a.js', 'b.js', 'x.js', 'src/*.js', 'src/a.js', 'assets/chunk-1.js', 'env', 'pem',
    'a.key', 'private/x.txt', '$', 'a/',
  ]

  it('names the first glob of a list that picomatch would match, for every path', () => {
    for (const globs of lists) {
      const first = firstMatchingGlob(globs)
      for (const path of paths) {
        expect(first(path), `${path} against ${globs.join(' ')}`).toBe(globs.find((glob) => picomatch(glob, { dot: true })(path)))
      }
    }
  })

  it('finds a default that must never ship, and passes what is not one', () => {
    const first = firstMatchingGlob(DEFAULT_FORBIDDEN_FILES)
    expect(first('assets/.env.local')).toBe('**/.env*')
    expect(first('certs/id_ed25519')).toBe('**/id_ed25519*')
    expect(first('assets/environment.js')).toBeUndefined()
  })
})
