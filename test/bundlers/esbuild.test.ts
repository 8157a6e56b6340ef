import { spawnSync } from 'node:child_process'
import { statSync, writeFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import type { OutputFile, Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { filesOnDisk, makeProject } from '../support/project.ts'
import { ESBUILD_APP, esbuildAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(esbuildAdapter())

describe('esbuild: the metafile handed back', () => {
  // A plugin listed before shipguard that links every script to its map: shipguard takes the links out
  // again, so that the scripts written are not the size esbuild's metafile gives them.
  const linksMaps: Plugin = {
    name: 'links-maps',
    setup(pluginBuild) {
      pluginBuild.onEnd((result) => {
        const outputs = result.outputFiles ?? []
        outputs.forEach((output, index) => {
          if (!output.path.endsWith('.js')) return
          const contents = Buffer.concat([output.contents, Buffer.from(`\n//# sourceMappingURL=${basename(output.path)}.map\n`)])
          outputs[index] = { path: output.path, contents, hash: output.hash, text: contents.toString('utf8') } satisfies OutputFile
        })
      })
    },
  }
  const build = async (root: string, policy: 'delete' | 'private', write: boolean, metafile: boolean, before: Plugin[] = []) => {
    const esbuild = await import('esbuild')
    const shipguard = (await import('shipguard/esbuild')).default
    return esbuild.build({
      absWorkingDir: root,
      ...ESBUILD_APP,
      sourcemap: 'linked',
      write,
      metafile,
      logLevel: 'silent',
      plugins: [...before, shipguard({ sourcemaps: policy })],
    })
  }

  for (const policy of ['delete', 'private'] as const) {
    for (const write of [true, false]) {
      it(`'${policy}', write: ${write}: lists exactly the outputs written, at their size, and no map`, async () => {
        const root = makeProject(`esbuild-metafile-${policy}-${write}`)
        const result = await build(root, policy, write, true, [linksMaps])
        // What lands: the files on disk, or the outputFiles the caller writes.
        const landed = write
          ? new Map(filesOnDisk(join(root, 'dist')).map((path) => [`dist/${path}`, statSync(join(root, 'dist', path)).size]))
          : new Map((result.outputFiles ?? []).map((file) => [relative(root, file.path).split('\\').join('/'), file.contents.byteLength]))
        expect(landed.size).toBeGreaterThan(0)
        expect([...landed.keys()].filter((path) => path.endsWith('.map'))).toEqual([])
        expect(new Map(Object.entries(result.metafile?.outputs ?? {}).map(([path, output]) => [path, output.bytes]))).toEqual(landed)
      })

      it(`'${policy}', write: ${write}: no metafile when the caller asked for none`, async () => {
        const root = makeProject(`esbuild-no-metafile-${policy}-${write}`)
        const result = await build(root, policy, write, false)
        expect(result.metafile).toBeUndefined()
        expect(result.outputFiles === undefined).toBe(write)
      })
    }
  }
})

describe('esbuild: shipguard prints its messages, which esbuild prints none of from onEnd', () => {
  // A build script as esbuild's users write it: the rejection caught, the exit code set.
  const script = (logLevel: string) =>
    `import * as esbuild from 'esbuild'\nimport shipguard from 'shipguard/esbuild'\nawait esbuild.build({ absWorkingDir: process.cwd(), entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', sourcemap: 'linked', logLevel: '${logLevel}', color: false, plugins: [shipguard()] }).catch(() => process.exit(1))\n`
  const run = (logLevel: string) => {
    const root = makeProject(`esbuild-prints-${logLevel}`)
    writeFileSync(join(root, 'build.mjs'), script(logLevel))
    return { root, ...spawnSync(process.execPath, ['build.mjs'], { cwd: root, encoding: 'utf8' }) }
  }

  for (const logLevel of ['warning', 'info']) {
    it(`a refused build says why on stderr, as esbuild's own errors do, at logLevel '${logLevel}'`, () => {
      const { root, status, stderr } = run(logLevel)
      expect(status).toBe(1)
      expect(stderr).toMatch(/✘ \[ERROR\] shipguard refused this production build: 2 errors in dist, nothing was written\n\s+dist\/main\.js\.map: a source map carrying the source text of \d+ of \d+ modules in sourcesContent/)
      expect(stderr).toContain('[plugin shipguard]')
      expect(stderr.match(/shipguard refused this production build/g)).toHaveLength(1)
      expect(filesOnDisk(join(root, 'dist'))).toEqual([])
    })
  }

  it("prints nothing at logLevel 'silent', and still fails", () => {
    const { status, stderr } = run('silent')
    expect(status).toBe(1)
    expect(stderr).toBe('')
  })
})
