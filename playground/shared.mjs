// What every playground build shares: the app it builds and where the output goes.
import { fileURLToPath } from 'node:url'

export const app = fileURLToPath(new URL('./app/', import.meta.url))

/** Where a bundler's leaky or fixed build writes, outside the app. */
export function outDir(bundler, variant) {
  return fileURLToPath(new URL(`./${bundler}/out/${variant}`, import.meta.url))
}

/** Collects log lines instead of printing them; the runner shows shipguard's own. */
export function collector() {
  const lines = []
  const log = (message) => {
    lines.push(String(message))
  }
  return { lines, log }
}

/** rollup and rolldown take the project root from the working folder, as when run from it. */
export async function inApp(build) {
  const cwd = process.cwd()
  process.chdir(app)
  try {
    return await build()
  } finally {
    process.chdir(cwd)
  }
}
