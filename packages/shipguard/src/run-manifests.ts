import { mergeManifests, type Manifest } from '@shipguard/core'
import type { LandedOutput } from './found-files.js'

/**
 * The manifests of one bundler run, by path. Outputs of one format into one folder (vite's
 * modern and legacy output, rollup outputs told apart by `entryFileNames` alone) share a key,
 * and so a manifest: it lists the files of all, where the later would otherwise replace the
 * earlier. A new run starts over, so that a later build of the same key still replaces it.
 */
export class RunManifests {
  readonly #byPath = new Map<string, LandedOutput[]>()

  /** Joins an output to the others of this run written to its manifest path; what that manifest now holds. */
  add(output: LandedOutput, manifestPath: string): Manifest {
    const parts = this.#byPath.get(manifestPath) ?? []
    parts.push(output)
    this.#byPath.set(manifestPath, parts)
    // Shared, not copied: an output settled once written rewrites the manifest of all.
    output.manifestParts = parts
    return manifestOf(output)
  }

  clear(): void {
    this.#byPath.clear()
  }
}

/** The manifest an output's manifest path holds: its own, or that of every output of its run that shares the path. */
export function manifestOf(output: LandedOutput): Manifest {
  return output.manifestParts === undefined ? output.manifest : mergeManifests(output.manifestParts)
}
