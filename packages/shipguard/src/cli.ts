#!/usr/bin/env node
import { main } from './cli/main.js'
import { EXIT_INPUT } from './cli/io.js'

// A reader that stops early (`--json | head`) has had what it wanted: the verdict stays in the
// exit code, and no stack trace follows. Any other failure to write is one line and exit 2.
let outputFailed = false
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return
    outputFailed = true
    process.exitCode = EXIT_INPUT
    const reason = error.code === 'ENOSPC' ? 'the disk is full' : (error.code ?? error.message)
    if (stream !== process.stderr) process.stderr.write(`shipguard: cannot write to standard output: ${reason}\n`)
  })
}

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
})
process.exitCode = outputFailed ? EXIT_INPUT : code
