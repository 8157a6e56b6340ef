// Bundlers put a hash of the content in a file's name (vite, rollup, rolldown and esbuild
// 8 characters of base64url or base32; webpack and rspack 16 to 64 hex digits; after a `-`
// or a `.`), so a release's every changed file has a new name. Taken out, the name says
// which file of the release before it is.
const HASHED_NAME = /^(.*[-.])([A-Za-z0-9_-]{8}|[0-9a-f]{16,64})((?:\.[A-Za-z0-9]+)+)$/

// A word of eight letters (`-estonian`, `-Fallback`, `-LinkedIn`, `about-us`) is no hash. A
// hash of eight base64url characters holds a digit, or three capitals, or a `-` or `_` beside
// a capital, but for about 1 in 30, which are then told as new files.
const HASH_LIKE = /[0-9]|(?:[^A-Z]*[A-Z]){3}|[-_].*[A-Z]|[A-Z].*[-_]/

/** The path with the content hash in its name written as `[hash]`; undefined for a name without one. */
function withoutContentHash(path: string): string | undefined {
  const found = HASHED_NAME.exec(path)
  if (!found) return undefined
  const [, before = '', hash = '', extensions = ''] = found
  if (hash.length === 8 && !HASH_LIKE.test(hash)) return undefined
  return `${before}[hash]${extensions}`
}

/**
 * Files of two releases that are one file renamed by its content hash: a removed and an
 * added path, of one kind, that read the same without their hash, where no other file of
 * either release does. New path → old path.
 */
export function renamedByContentHash<T extends { path: string; kind: string }>(removed: readonly T[], added: readonly T[]): Map<string, string> {
  const byName = (files: readonly T[]) => {
    const groups = new Map<string, T[]>()
    for (const file of files) {
      const name = withoutContentHash(file.path)
      if (name !== undefined) groups.set(`${file.kind}\0${name}`, [...(groups.get(`${file.kind}\0${name}`) ?? []), file])
    }
    return groups
  }
  const before = byName(removed)
  const renamed = new Map<string, string>()
  for (const [name, now] of byName(added)) {
    const then = before.get(name)
    if (now.length === 1 && then?.length === 1) renamed.set((now[0] as T).path, (then[0] as T).path)
  }
  return renamed
}
