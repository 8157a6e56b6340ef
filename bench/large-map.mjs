// (a) A ~60 MB unlinked map with 4,200 sources: `shipguard scan` end to end, against
// the floor of reading and hashing the same bytes in a fresh process.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { largeMapJson } from './generators.mjs'
import { timeProcess } from './measure.mjs'

const data = fileURLToPath(new URL('./.data/large-map/', import.meta.url))
const cli = fileURLToPath(new URL('../packages/shipguard/dist/cli.js', import.meta.url))

export function run({ runs }) {
  if (!existsSync(`${data}dist/cli.js.map`)) {
    mkdirSync(`${data}dist`, { recursive: true })
    writeFileSync(`${data}dist/cli.js`, '#!/usr/bin/env node\nconsole.log("cli")\n')
    writeFileSync(`${data}dist/cli.js.map`, largeMapJson())
  }
  const scan = timeProcess([cli, 'scan', 'dist'], { runs, cwd: data, expectedExit: 1 })
  const floor = timeProcess(['-e', "const b=require('fs').readFileSync('dist/cli.js.map');require('crypto').createHash('sha256').update(b).digest('hex')"], { runs, cwd: data })
  const naive = timeProcess(['-e', "const m=JSON.parse(require('fs').readFileSync('dist/cli.js.map','utf8'));delete m.sourcesContent;JSON.stringify(m)"], { runs, cwd: data })
  return [
    { scenario: '60 MB map, 4,200 sources: shipguard scan (exit 1)', ms: scan },
    { scenario: '  floor: node reads + sha256 the same file', ms: floor, ratio: scan / floor },
    { scenario: '  naive: node JSON.parse + delete + stringify', ms: naive, ratio: scan / naive },
  ]
}
