/**
 * A function that puts `keys` of `target` back as they are now, absent ones removed:
 * esbuild and Bun hand plugins the caller's own options object, and one passed to a
 * build again must find it as it was given.
 */
export function remember<T extends object>(target: T, keys: ReadonlyArray<keyof T>): () => void {
  const saved = keys.map((key) => ({ key, present: key in target, value: target[key] }))
  return () => {
    for (const { key, present, value } of saved) {
      if (present) target[key] = value
      else delete target[key]
    }
  }
}
