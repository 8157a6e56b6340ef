import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Wall time of a whole process, median over `runs`, in milliseconds; also checks its exit code. */
export function timeProcess(args, { runs = 5, cwd, expectedExit = 0 } = {}) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
    times.push(performance.now() - start)
    if (result.status !== expectedExit) throw new Error(`${args.join(' ')} exited ${result.status}, expected ${expectedExit}`)
  }
  return median(times)
}
