import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import Arborist from '@npmcli/arborist'
import { comparePaths, InputError, readFileContent, type FileSet, type ShippedFile } from '@shipguard/core'
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
        paths = await packlist(tree, { path: dir })
      } catch (error) {
        throw new InputError(`${shownAs}: npm cannot list this package (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); fix package.json so that npm pack works`)
      }
      return paths.sort(comparePaths).map((path): ShippedFile => ({ path, content: () => Promise.resolve().then(() => readFileContent(join(dir, path), join(shownAs, path))) }))
    },
  }
}

async function requirePackage(dir: string, shownAs: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) {
      await stat(join(dir, 'package.json'))
      return
    }
  } catch (error) {
    const missingFolder = typeof error === 'object' && error !== null && 'path' in error && (error as { path: string }).path === dir
    throw new InputError(missingFolder ? `${shownAs}: no such folder or file; pass a package folder or the .tgz that npm pack wrote` : `${shownAs} has no package.json; pack judges a package, use shipguard scan for a build folder`)
  }
  throw new InputError(`${shownAs} is neither a package folder nor a .tgz; pass the folder that holds package.json, or the tarball npm pack wrote`)
}
