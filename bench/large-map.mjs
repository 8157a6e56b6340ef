// (a) A ~60 MB unlinked map with 4,200 sources: stripping it in memory against
// JSON.parse + JSON.stringify in the same process, and `shipguard scan` end to end
// against the floor of reading and hashing the same bytes in a fresh process.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readSourceMap, stripSourcesContent } from '@shipguard/core'
import { fileURLToPath } from 'node:url'
import { largeMapJson } from './generators.mjs'
import { median, timeProcesses } from './measure.mjs'

const data = fileURLToPath(new URL('./.data/large-map/', import.meta.url))
const cli = fileURLToPath(new URL('../packages/shipguard/dist/cli.js', import.meta.url))
const floor = fileURLToPath(new URL('./floor.mjs', import.meta.url))

export function run({ runs }) {
  if (!existsSync(`${data}dist/cli.js.map`)) {
    mkdirSync(`${data}dist`, { recursive: true })
    writeFileSync(`${data}dist/cli.js`, '#!/usr/bin/env node\nconsole.log("cli")\n')
    writeFileSync(`${data}dist/cli.js.map`, largeMapJson())
  }
  const strip = inMemory(runs)
  const [scan, floorMs] = timeProcesses([{ args: [cli, 'scan', 'dist'], expectedExit: 1 }, { args: [floor, 'dist'] }], { runs, cwd: data })
  return [
    { scenario: `60 MB map in memory: stripSourcesContent (${Math.round(strip.stripMbps)} MB/s)`, ms: strip.strip },
    { scenario: `  JSON.parse + delete + JSON.stringify, same process (${Math.round(strip.naiveMbps)} MB/s)`, ms: strip.naive, ratio: strip.naive / strip.strip, ratioLabel: 'strip is faster' },
    { scenario: `60 MB map in memory: readSourceMap, the judgement (${Math.round(strip.readMbps)} MB/s)`, ms: strip.read },
    { scenario: '60 MB map, 4,200 sources: shipguard scan (exit 1)', ms: scan },
    { scenario: '  floor: node reads + sha256 the same file', ms: floorMs, ratio: scan / floorMs },
  ]
}

/** Throughput in this process, warm, median of `runs`: the engine against the naive way. */
function inMemory(runs) {
  const bytes = readFileSync(`${data}dist/cli.js.map`)
  const time = (work) => {
    work()
    const times = []
    for (let i = 0; i < runs; i++) {
      const start = performance.now()
      work()
      times.push(performance.now() - start)
    }
    return median(times)
  }
  const strip = time(() => stripSourcesContent(bytes))
  const read = time(() => readSourceMap(bytes, true))
  const naive = time(() => {
    const map = JSON.parse(bytes.toString('utf8'))
    delete map.sourcesContent
    JSON.stringify(map)
  })
  const mbps = (ms) => bytes.length / 1e3 / ms
  return { strip, read, naive, stripMbps: mbps(strip), readMbps: mbps(read), naiveMbps: mbps(naive) }
}
