// (b) A dist of 10,000 small files: `shipguard scan` against reading and hashing them.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { random, sourceText } from './generators.mjs'
import { timeProcesses } from './measure.mjs'

const data = fileURLToPath(new URL('./.data/many-files/', import.meta.url))
const cli = fileURLToPath(new URL('../packages/shipguard/dist/cli.js', import.meta.url))
const floor = fileURLToPath(new URL('./floor.mjs', import.meta.url))

export function run({ runs }) {
  if (!existsSync(`${data}dist`)) {
    const next = random(11)
    for (let folder = 0; folder < 100; folder++) {
      mkdirSync(`${data}dist/chunk${folder}`, { recursive: true })
      for (let file = 0; file < 100; file++) writeFileSync(`${data}dist/chunk${folder}/m${file}.js`, sourceText(next, 200 + next() * 3000))
    }
  }
  const [scan, base] = timeProcesses([{ args: [cli, 'scan', 'dist'] }, { args: [floor, 'dist'] }], { runs, cwd: data })
  return [
    { scenario: '10,000 files (17 MB): shipguard scan', ms: scan },
    { scenario: '  floor: node reads + sha256 the same files', ms: base, ratio: scan / base },
  ]
}
