import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const bun = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))
const script = fileURLToPath(new URL('./build.ts', import.meta.url))

/** Bun.build runs only under bun; the playground runs it there and relays what it says. */
function bunBuild(variant) {
  const run = spawnSync(bun, [script, variant], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error((run.stderr.match(/shipguard refused[\s\S]*?(?=\n\s+at |\nBun v|$)/) ?? [run.stderr])[0])
  return run.stdout.split('\n')
}

export const builds = {
  leaky: { config: "Bun.build({ sourcemap: 'linked' }) with shipguard()", run: () => bunBuild('leaky') },
  fixed: { config: "Bun.build({ sourcemap: 'linked' }) with shipguard({ sourcemaps: 'delete' }): no map ships", run: () => bunBuild('fixed') },
}
