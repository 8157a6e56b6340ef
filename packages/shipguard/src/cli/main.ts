import { InputError } from '@shipguard/core'
import { tool } from '../version.js'
import { EXIT_INPUT, EXIT_PASS, UsageError, type CliIo } from './io.js'
import { printable } from './printable.js'
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
    io.stderr.write(`shipguard: unknown command '${printable(command)}'; run shipguard --help\n`)
    return EXIT_INPUT
  }
  if (asksForHelp(rest)) {
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

// Flags whose next argument is their value: `--manifest -h` names a file, not a wish for help.
const TAKES_VALUE = new Set(['--manifest', '--allow', '--forbid', '--allow-secret', '--fail-on'])

/** Whether -h or --help stands as a flag of its own, before any `--`. */
function asksForHelp(args: readonly string[]): boolean {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string
    if (arg === '--') return false
    if (arg === '-h' || arg === '--help') return true
    if (TAKES_VALUE.has(arg)) index++
  }
  return false
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`shipguard ${printable(error.message)}; run shipguard --help\n`)
  } else if (error instanceof InputError) {
    io.stderr.write(`shipguard: ${printable(error.message)}\n`)
  } else {
    // Fail closed: an unexpected error is never a pass.
    const message = error instanceof Error ? error.message : String(error)
    io.stderr.write(`shipguard: internal error: ${printable(message.split('\n')[0] ?? '')} (set DEBUG=shipguard for details, and please report it)\n`)
    if (io.env.DEBUG?.includes('shipguard') && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`)
  }
  return EXIT_INPUT
}
