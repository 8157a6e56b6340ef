import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function timeOnce(args, cwd, expectedExit) {
  const start = performance.now()
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
  const ms = performance.now() - start
  if (result.status !== expectedExit) throw new Error(`${args.join(' ')} exited ${result.status}, expected ${expectedExit}`)
  return ms
}

/**
 * Wall times of whole processes, median over `runs` each, in milliseconds; also checks
 * exit codes. The processes take turns, so that a slower spell of the machine falls on
 * all of them alike rather than on whichever ran then.
 */
export function timeProcesses(processes, { runs = 5, cwd } = {}) {
  const times = processes.map(() => [])
  for (let i = 0; i < runs; i++) {
    // Each round starts with the next process, so that none always runs first.
    for (let k = 0; k < processes.length; k++) {
      const index = (i + k) % processes.length
      const { args, expectedExit = 0 } = processes[index]
      times[index].push(timeOnce(args, cwd, expectedExit))
    }
  }
  return times.map(median)
}
