import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'

// Projects live inside the repository so that their configs resolve `shipguard/*`
// and the bundlers from the workspace's node_modules, as a user's project would.
const WORK = fileURLToPath(new URL('../.work/', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
const made: string[] = []
let counter = 0

afterAll(() => {
  if (process.env.SHIPGUARD_KEEP_WORK) return
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A fresh copy of a fixture app: the shared `app`, or another under test/fixtures. */
export function makeProject(label: string, fixture = 'app'): string {
  const root = join(WORK, `${label.replace(/[^\w.-]+/g, '-')}-${process.pid}-${counter++}`)
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  cpSync(join(FIXTURES, fixture), root, { recursive: true })
  made.push(root)
  return root
}

/** Every file under `dir`, posix paths relative to it, sorted; empty when it does not exist. */
export function filesOnDisk(dir: string): string[] {
  if (!existsSync(dir)) return []
  const found: string[] = []
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name)
      if (entry.isDirectory()) walk(path)
      else found.push(relative(dir, path).split(sep).join('/'))
    }
  }
  walk(dir)
  return found.sort()
}

export function readText(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8')
}

/** The manifests shipguard wrote by default for a project. */
export function defaultManifests(root: string): string[] {
  return filesOnDisk(join(root, 'node_modules/.cache/shipguard')).filter((path) => path.endsWith('.json') && !path.startsWith('private/'))
}
