import { readFile, realpath, stat } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import Arborist from '@npmcli/arborist'
import { comparePaths, errorCode, InputError, readFileContent, readFileContentInto, type FileSet, type ShippedFile } from '@shipguard/core'
import packlist from 'npm-packlist'
import { installedName } from './tarball-files.js'

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
      // Reached through a link (a linked folder, or macOS's /tmp), Arborist sees the root as a link with no dependencies: no bundled ones.
      const real = await realpath(dir)
      let paths: string[]
      try {
        const tree = await new Arborist({ path: real }).loadActual()
        requireFileLists(tree, real, shownAs)
        paths = await throwingInCallbacks(async () => packlist(tree, { path: real, ...(await workspaceOf(real)) }))
      } catch (error) {
        if (error instanceof InputError) throw error
        throw new InputError(`${shownAs}: npm cannot list this package (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); fix package.json so that npm pack works`)
      }
      // Judged by the name npm's tar gives it in the tarball: packlist lists a root entry starting with `@` as `./@…`.
      const files = paths.map((path): ShippedFile => {
        const absolute = join(real, path)
        const shown = () => join(shownAs, path)
        return { path: installedName(`package/${path}`) ?? path, content: () => Promise.resolve().then(() => readFileContent(absolute, shown)), readNow: (scratch) => readFileContentInto(absolute, shown, scratch) }
      })
      return files.sort((a, b) => comparePaths(a.path, b.path))
    },
  }
}

/**
 * The workspace root a package belongs to, as npm finds it and passes it to packlist:
 * the nearest folder up whose workspaces include the package (one whose workspaces do
 * not is passed by), so that the root's ignore files apply to the member exactly as
 * when npm packs it.
 */
async function workspaceOf(dir: string): Promise<{ prefix: string; workspaces: string[] } | Record<string, never>> {
  for (let folder = dirname(dir); folder !== dirname(folder); folder = dirname(folder)) {
    const manifest = await readPackageJson(folder)
    if (!manifest?.workspaces) continue
    const root = await new Arborist({ path: folder }).loadActual()
    const workspaces = [...((root as unknown as { workspaces?: Map<string, string> }).workspaces?.values() ?? [])]
    if (workspaces.includes(dir)) return { prefix: folder, workspaces }
  }
  return {}
}

/** A folder's package.json as npm reads it (past a byte order mark), or undefined where there is none it can read. */
export async function readPackageJson(folder: string): Promise<Record<string, unknown> | undefined> {
  try {
    const manifest: unknown = JSON.parse((await readFile(join(folder, 'package.json'), 'utf8')).replace(/^\uFEFF/, ''))
    return typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

interface PackageNode {
  package: { files?: unknown; name?: unknown }
  path: string
  inBundle?: boolean
  isProjectRoot?: boolean
}

/**
 * npm-packlist reads `files` without checking it, and a list of anything but paths
 * throws inside one of its file-system callbacks, out of reach of any catch: the root's
 * and each bundled dependency's are checked first.
 */
function requireFileLists(tree: unknown, root: string, shownAs: string): void {
  const inventory = (tree as { inventory?: Map<string, PackageNode> }).inventory
  const nodes = [tree as PackageNode, ...[...(inventory?.values() ?? [])].filter((node) => node.inBundle)]
  for (const node of nodes) {
    const { files } = node.package
    // What npm-packlist iterates without failing: nothing, paths, or a string (whose characters it takes for paths).
    if (!files || typeof files === 'string' || (Array.isArray(files) && files.every((entry) => typeof entry === 'string'))) continue
    const manifest = join(shownAs, relative(root, node.path), 'package.json')
    throw new InputError(`${manifest}: "files" must be a list of paths, as strings; fix it, npm pack fails on it too`)
  }
}

/**
 * Runs npm's listing with an exception thrown in one of its callbacks turned into a
 * rejection, rather than a crash with a stack trace. The listener stays for the rest
 * of the process once one arrived: the walk it broke may still call back and throw.
 */
function throwingInCallbacks<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let failed = false
    const onThrown = (error: unknown) => {
      failed = true
      reject(error)
    }
    process.on('uncaughtException', onThrown)
    work()
      .then(resolve, reject)
      .finally(() => {
        if (!failed) process.removeListener('uncaughtException', onThrown)
      })
  })
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
