import { renamedByContentHash } from './content-hash-names.js'
import { comparePaths } from './files.js'
import type { Manifest, ManifestFile, ManifestFinding } from './manifest.js'

export interface ManifestDiff {
  files: {
    added: Array<Pick<ManifestFile, 'path' | 'bytes' | 'kind'>>
    removed: Array<Pick<ManifestFile, 'path' | 'bytes' | 'kind'>>
    /** Same path, other sha256; or renamed by the content hash in its name, `renamedFrom` the path before. */
    changed: Array<{ path: string; bytesBefore: number; bytesAfter: number; renamedFrom?: string }>
  }
  /** Map files that are new, and files whose map was `none` and now is attached. */
  mapsAppearing: string[]
  modules: { added: string[]; removed: string[] }
  /** Findings of the newer report that the older one did not have (by rule and file). */
  newFindings: ManifestFinding[]
}

function modulesOf(manifest: Manifest): Set<string> {
  return new Set(manifest.files.flatMap((file) => file.modules))
}

/** What changed between two reports or manifests: the release review in data. */
export function diffManifests(before: Manifest, after: Manifest): ManifestDiff {
  const old = new Map(before.files.map((file) => [file.path, file]))
  const current = new Map(after.files.map((file) => [file.path, file]))
  const brief = ({ path, bytes, kind }: ManifestFile) => ({ path, bytes, kind })
  // A file renamed by the content hash in its name is that file changed, not one removed and one added.
  const renamed = renamedByContentHash(
    before.files.filter((file) => !current.has(file.path)),
    after.files.filter((file) => !old.has(file.path)),
  )
  const takenOver = new Set(renamed.values())
  const previous = (file: ManifestFile) => old.get(renamed.get(file.path) ?? file.path)
  const oldModules = modulesOf(before)
  const newModules = modulesOf(after)
  const oldFindings = new Set(before.findings.filter((finding) => !finding.fixed).map((finding) => `${finding.rule}\0${finding.file}`))
  return {
    files: {
      added: after.files.filter((file) => previous(file) === undefined).map(brief),
      removed: before.files.filter((file) => !current.has(file.path) && !takenOver.has(file.path)).map(brief),
      changed: after.files.flatMap((file) => {
        const then = previous(file)
        if (then === undefined || (then.path === file.path && then.sha256 === file.sha256)) return []
        return [{ path: file.path, bytesBefore: then.bytes, bytesAfter: file.bytes, ...(then.path !== file.path && { renamedFrom: then.path }) }]
      }),
    },
    mapsAppearing: after.files
      .filter((file) => (file.kind === 'sourcemap' && previous(file) === undefined) || (file.kind !== 'sourcemap' && file.map !== 'none' && (previous(file)?.map ?? 'none') === 'none'))
      .map((file) => file.path)
      .sort(comparePaths),
    modules: {
      added: [...newModules].filter((module) => !oldModules.has(module)).sort(comparePaths),
      removed: [...oldModules].filter((module) => !newModules.has(module)).sort(comparePaths),
    },
    newFindings: after.findings.filter((finding) => !finding.fixed && !oldFindings.has(`${finding.rule}\0${renamed.get(finding.file) ?? finding.file}`)),
  }
}
