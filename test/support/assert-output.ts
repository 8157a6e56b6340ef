import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { filesOnDisk } from './project.ts'

export interface ManifestJson {
  bundler: { name: string; version: string }
  mode: string
  policy: string
  outDir: string
  files: Array<{ path: string; bytes: number; sha256: string; kind: string; map: string; modules: string[] }>
  withheld: Array<{ path: string; bytes: number; sha256: string; to: string | null }>
  findings: Array<{ rule: string; severity: string; file: string; fixed: boolean; message: string }>
  summary: { verdict: string; errors: number; files: number; bytes: number; maps: number; mapsWithSources: number }
}

export function readManifest(path: string): ManifestJson {
  return JSON.parse(readFileSync(path, 'utf8')) as ManifestJson
}

/** The manifest lists exactly the files on disk, with their sizes and sha256. */
export function expectManifestMatchesDisk(manifest: ManifestJson, outDir: string): void {
  const onDisk = filesOnDisk(outDir).map((path) => {
    const bytes = readFileSync(join(outDir, path))
    return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
  })
  expect(manifest.files.map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 }))).toEqual(onDisk)
}

export const SOURCE_MAPPING_URL = /[#@]\s*sourceMappingURL=/

/** A map file's JSON without `sourcesContent`: what must not change when shipguard strips it. */
export function withoutSources(json: string): unknown {
  const map = JSON.parse(json) as Record<string, unknown>
  delete map.sourcesContent
  return map
}
