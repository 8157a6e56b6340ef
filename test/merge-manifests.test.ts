import { mergeManifests, type Manifest, type ManifestFile, type ManifestFinding } from '@shipguard/core'
import { describe, expect, it } from 'vitest'

const file = (path: string, bytes: number, kind: ManifestFile['kind'] = 'script'): ManifestFile => ({ path, bytes, sha256: `${path}@${bytes}`, kind, map: 'none', modules: [] })
const finding = (path: string, severity: ManifestFinding['severity'], fixed: boolean): ManifestFinding => ({ rule: 'sources-content', severity, file: path, message: 'm', fix: 'f', fixed })

function manifest(files: ManifestFile[], findings: ManifestFinding[], extra: Partial<Manifest['summary']> = {}, withheld: Manifest['withheld'] = []): Manifest {
  return {
    schemaVersion: 1,
    tool: { name: 'shipguard', version: '0' },
    bundler: { name: 'vite', version: '8' },
    mode: 'production',
    policy: 'public',
    outDir: 'dist',
    files,
    withheld,
    findings,
    summary: { files: files.length, bytes: 0, maps: files.filter((each) => each.kind === 'sourcemap').length, mapsWithSources: 0, errors: 0, warnings: 0, fixed: 0, allowed: 0, verdict: 'pass', ...extra },
  }
}

describe('mergeManifests', () => {
  it('lists the files of all, sorted; a path two list is the later one, its findings with it; counts follow', () => {
    const legacy = manifest(
      [file('b-legacy.js', 10), file('b-legacy.js.map', 5, 'sourcemap'), file('logo.png', 7, 'asset')],
      [finding('b-legacy.js.map', 'error', true), finding('logo.png', 'warning', false)],
      // One map inside a shipped archive, and one with sources, both counted by the summary alone.
      { maps: 2, mapsWithSources: 1, allowed: 1 },
    )
    const modern = manifest([file('a.js', 3), file('a.js.map', 4, 'sourcemap'), file('logo.png', 8, 'asset')], [finding('logo.png', 'warning', false)], { allowed: 2 }, [{ path: 'b-legacy.js.map.old', bytes: 1, sha256: 'x', to: null }])
    const merged = mergeManifests([
      { manifest: legacy, mapsWithSources: new Set(['inside.tar/x.js.map']) },
      { manifest: modern, mapsWithSources: new Set() },
    ])
    expect(merged.files.map((each) => [each.path, each.bytes])).toEqual([['a.js', 3], ['a.js.map', 4], ['b-legacy.js', 10], ['b-legacy.js.map', 5], ['logo.png', 8]])
    expect(merged.withheld.map((each) => each.path)).toEqual(['b-legacy.js.map.old'])
    expect(merged.findings.map((each) => each.file)).toEqual(['b-legacy.js.map', 'logo.png'])
    expect(merged.summary).toEqual({ files: 5, bytes: 30, maps: 3, mapsWithSources: 1, errors: 0, warnings: 1, fixed: 1, allowed: 3, verdict: 'pass' })
  })

  it('a path shipped by one and withheld by a later one is withheld alone', () => {
    const merged = mergeManifests([
      { manifest: manifest([file('a.js', 1), file('a.js.map', 2, 'sourcemap')], [], { mapsWithSources: 1 }), mapsWithSources: new Set(['a.js.map']) },
      { manifest: manifest([file('a.js', 1)], [], {}, [{ path: 'a.js.map', bytes: 2, sha256: 'y', to: 'private/a.js.map' }]), mapsWithSources: new Set() },
    ])
    expect(merged.files.map((each) => each.path)).toEqual(['a.js'])
    expect(merged.withheld.map((each) => each.to)).toEqual(['private/a.js.map'])
    expect([merged.summary.maps, merged.summary.mapsWithSources]).toEqual([0, 0])
  })

  it('one manifest is itself', () => {
    const only = manifest([file('a.js', 1)], [])
    expect(mergeManifests([{ manifest: only, mapsWithSources: new Set() }])).toBe(only)
  })
})
