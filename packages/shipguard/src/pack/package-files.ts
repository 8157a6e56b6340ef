import { readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import Arborist from '@npmcli/arborist'
import { comparePaths, errorCode, InputError, readFileContent, readFileContentInto, type FileSet, type ShippedFile } from '@shipguard/core'
import packlist from 'npm-packlist'

/**
 * The files of a package folder that `npm publish` would ship, chosen by npm's own
 * logic (npm-packlist over an Arborist tree, as npm's pacote does): `files`,
 * `.npmignore`, the `.gitignore` fallback, the files npm always adds or leaves out,
 * and bundled dependencies.
 */
export function packageFileSet(dir: string, shownAs: string): FileSet {
  return {
    label: shownAs,
    async list() {
      await requirePackage(dir, shownAs)
      let paths: string[]
      try {
        const tree = await new Arborist({ path: dir }).loadActual()
        paths = await packlist(tree, { path: dir, ...(await workspaceOf(dir)) })
      } catch (error) {
        throw new InputError(`${shownAs}: npm cannot list this package (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); fix package.json so that npm pack works`)
      }
      return paths.sort(comparePaths).map((path): ShippedFile => {
        const absolute = join(dir, path)
        const shown = () => join(shownAs, path)
        return { path, content: () => Promise.resolve().then(() => readFileContent(absolute, shown)), readNow: (scratch) => readFileContentInto(absolute, shown, scratch) }
      })
    },
  }
}

/**
 * The workspace root a package belongs to, as npm passes it to packlist: the root's
 * ignore files then apply to the member, exactly as when npm packs it.
 */
async function workspaceOf(dir: string): Promise<{ prefix: string; workspaces: string[] } | Record<string, never>> {
  for (let folder = dirname(dir); folder !== dirname(folder); folder = dirname(folder)) {
    let manifest: { workspaces?: unknown }
    try {
      manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as { workspaces?: unknown }
    } catch {
      continue
    }
    if (manifest.workspaces === undefined) continue
    const root = await new Arborist({ path: folder }).loadActual()
    const workspaces = [...((root as unknown as { workspaces?: Map<string, string> }).workspaces?.values() ?? [])]
    return workspaces.includes(dir) ? { prefix: folder, workspaces } : {}
  }
  return {}
}

async function requirePackage(dir: string, shownAs: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) {
      await stat(join(dir, 'package.json'))
      await requireManifest(join(dir, 'package.json'), join(shownAs, 'package.json'))
      return
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    const missingFolder = typeof error === 'object' && error !== null && 'path' in error && (error as { path: string }).path === dir
    throw new InputError(missingFolder ? `${shownAs}: no such folder or file; pass a package folder or the .tgz that npm pack wrote` : `${shownAs} has no package.json; pack judges a package, use shipguard scan for a build folder`)
  }
  throw new InputError(`${shownAs} is neither a package folder nor a .tgz; pass the folder that holds package.json, or the tarball npm pack wrote`)
}

/** A package.json npm could pack: JSON, with a name and a version. npm refuses the rest, and so does pack. */
async function requireManifest(path: string, shown: string): Promise<void> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InputError(`cannot read ${shown}: ${errorCode(error) === 'EISDIR' ? 'it is a folder' : error instanceof Error ? error.message : String(error)}; pack needs the package's manifest`)
  }
  let manifest: unknown
  try {
    manifest = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new InputError(`${shown} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it, npm pack fails on it too`)
  }
  const { name, version } = (typeof manifest === 'object' && manifest !== null ? manifest : {}) as { name?: unknown; version?: unknown }
  // npm normalises a numeric version (1 becomes '1'); anything else it refuses.
  if (typeof name !== 'string' || (typeof version !== 'string' && typeof version !== 'number')) throw new InputError(`${shown} needs a name and a version; npm pack refuses a package without them`)
}
