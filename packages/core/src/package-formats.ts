/**
 * Source formats a package ships as what it is, by its own package.json: a Svelte
 * component library (a `svelte` field, or a `svelte` export condition, as
 * svelte-package writes them) ships `.svelte` components for the app's compiler to
 * build. Its other files, and those components' content, are judged as any other.
 */
export function formatsShippedBy(packageJson: Uint8Array | undefined): ReadonlySet<string> {
  const manifest = parsedObject(packageJson)
  if (manifest === undefined) return NONE
  return typeof manifest.svelte === 'string' || hasCondition(manifest.exports, 'svelte', 0) ? SVELTE : NONE
}

const NONE: ReadonlySet<string> = new Set()
const SVELTE: ReadonlySet<string> = new Set(['svelte'])
// Export maps nest conditions a few levels deep; past this a manifest is no honest one.
const MAX_DEPTH = 16

function parsedObject(bytes: Uint8Array | undefined): Record<string, unknown> | undefined {
  if (bytes === undefined) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function hasCondition(exports: unknown, condition: string, depth: number): boolean {
  if (typeof exports !== 'object' || exports === null || depth === MAX_DEPTH) return false
  if (Array.isArray(exports)) return exports.some((entry) => hasCondition(entry, condition, depth + 1))
  return Object.entries(exports).some(([key, value]) => key === condition || hasCondition(value, condition, depth + 1))
}
