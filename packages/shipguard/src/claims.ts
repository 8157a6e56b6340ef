// Two builds of one config (vite client and ssr, several rollup outputs) must never
// overwrite each other's manifest or private maps. Each written path is claimed by
// the build that wrote it; a second build claiming it is a configuration error.
const claims = new Map<string, string>()

export function claim(path: string, key: string, fix: string): void {
  const owner = claims.get(path)
  if (owner !== undefined && owner !== key) {
    throw new Error(`shipguard: ${path} would be written by two builds (${owner} and ${key}); ${fix}`)
  }
  claims.set(path, key)
}
