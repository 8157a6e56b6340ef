import type { Worker } from 'node:worker_threads'
import { sha256Hex } from './analyze.js'

/**
 * From this size a file read whole is hashed on a second thread while this one judges
 * it: for a 60 MB map the hash costs about as much as the judgement, and both only
 * read the bytes. Below it, starting the thread costs more than it saves.
 */
export const BACKGROUND_HASH_BYTES: number = 8 * 1024 * 1024

// CommonJS evaluated in the worker: it needs nothing of the engine.
const HASHER = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
parentPort.on('message', ({ id, bytes }) => parentPort.postMessage({ id, sha256: createHash('sha256').update(bytes).digest('hex') }))
`

type Waiting = { resolve(sha256: string): void; bytes: Uint8Array }

let worker: Worker | undefined
let broken = false
let nextId = 0
const waiting = new Map<number, Waiting>()

/**
 * The sha256 of bytes in shared memory, computed on the hashing thread; on this one when
 * they are not shared or the thread cannot run. Never rejects.
 */
export function sha256InBackground(bytes: Uint8Array): Promise<string> {
  const hasher = broken || !(bytes.buffer instanceof SharedArrayBuffer) ? undefined : hashingThread()
  if (hasher === undefined) return Promise.resolve(sha256Hex(bytes))
  const id = nextId++
  return new Promise((resolve) => {
    waiting.set(id, { resolve, bytes })
    // Held only while it has work: an idle hasher must not keep the process alive.
    if (waiting.size === 1) hasher.ref()
    hasher.postMessage({ id, bytes })
  })
}

/** Starts the hashing thread ahead of its first file, so that it boots while that file is read. */
export function prepareBackgroundHash(): void {
  if (!broken) hashingThread()
}

function hashingThread(): Worker | undefined {
  if (worker) return worker
  try {
    // Loaded here, by the first file large enough: a CLI pays for each module it loads.
    worker = new (process.getBuiltinModule('node:worker_threads').Worker)(HASHER, { eval: true })
  } catch {
    broken = true
    return undefined
  }
  worker.on('message', ({ id, sha256 }: { id: number; sha256: string }) => {
    const job = waiting.get(id)
    waiting.delete(id)
    if (waiting.size === 0) worker?.unref()
    job?.resolve(sha256)
  })
  // A thread that fails hands its work back to this one.
  const fail = () => {
    broken = true
    worker = undefined
    for (const job of waiting.values()) job.resolve(sha256Hex(job.bytes))
    waiting.clear()
  }
  worker.on('error', fail)
  worker.on('exit', fail)
  worker.unref()
  return worker
}
