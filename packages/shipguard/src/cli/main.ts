import { InputError } from '@shipguard/core'
import { tool } from '../version.js'
import { EXIT_INPUT, EXIT_PASS, UsageError, type CliIo } from './io.js'
import { USAGE } from './usage.js'

type Command = (args: readonly string[], io: CliIo) => Promise<number>

// Loaded on demand: pack brings npm's own packing libraries, which scan should not wait for.
const commands: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./scan.js')).scanCommand,
  pack: async () => (await import('./pack.js')).packCommand,
  diff: async () => (await import('./diff.js')).diffCommand,
}

/** Runs the CLI and returns its exit code; never throws, never prints a stack unless DEBUG asks. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined) {
    io.stderr.write(USAGE)
    return EXIT_INPUT
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(USAGE)
    return EXIT_PASS
  }
  if (command === '-v' || command === '--version') {
    io.stdout.write(`${tool.version}\n`)
    return EXIT_PASS
  }
  const load = commands[command]
  if (!load) {
    io.stderr.write(`shipguard: unknown command '${command}'; run shipguard --help\n`)
    return EXIT_INPUT
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout.write(USAGE)
    return EXIT_PASS
  }
  try {
    const run = await load()
    return await run(rest, io)
  } catch (error) {
    return reportFailure(error, io)
  }
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`shipguard ${error.message}; run shipguard --help\n`)
  } else if (error instanceof InputError) {
    io.stderr.write(`shipguard: ${error.message}\n`)
  } else {
    // Fail closed: an unexpected error is never a pass.
    const message = error instanceof Error ? error.message : String(error)
    io.stderr.write(`shipguard: internal error: ${message.split('\n')[0]} (set DEBUG=shipguard for details, and please report it)\n`)
    if (io.env.DEBUG?.includes('shipguard') && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`)
  }
  return EXIT_INPUT
}
