// Two builds of one config (vite client and ssr, several rollup outputs) must never
// overwrite each other's manifest or private maps. Each written path is claimed by
// the build that wrote it; a second build claiming it is a configuration error.

/** A build as claims tell builds apart: by everything its key is made of, since two keys can read alike. */
export interface BuildIdentity {
  key: string
  /** The output folder as messages show it. */
  outDir: string
  identity: string
}

const claims = new Map<string, BuildIdentity>()

/** `option` is the setting that puts the path elsewhere: `manifest.path` or `privateDir`. */
export function claim(path: string, build: BuildIdentity, option: 'manifest.path' | 'privateDir'): void {
  const owner = claims.get(path)
  if (owner !== undefined && owner.identity !== build.identity) {
    // `esbuild` with format esm into dist, and into esm-dist without one, are both esbuild-esm-dist.
    if (owner.key === build.key) {
      throw new Error(`shipguard: ${path} would be written by two builds named ${build.key} (into ${owner.outDir} and into ${build.outDir}); give one of them a ${option} of its own`)
    }
    throw new Error(`shipguard: ${path} would be written by two builds (${owner.key} and ${build.key}); put [build] in ${option} so that each build gets its own`)
  }
  claims.set(path, build)
}
