import type { OnEndResult, PartialMessage, PluginBuild } from 'esbuild'

// Log levels from the most to the least shown; a level shows its own messages and those after it.
const LEVELS = ['verbose', 'debug', 'info', 'warning', 'error', 'silent'] as const

type OnEnd = (result: Parameters<Parameters<PluginBuild['onEnd']>[0]>[0]) => OnEndResult | undefined | Promise<OnEndResult | undefined>

/**
 * An onEnd callback whose messages are printed as esbuild prints its own. esbuild prints
 * none of those an onEnd callback hands back, only its build's own summary: a refused
 * build's message would reach only a caller who prints the rejection, and a script that
 * ends in `.catch(() => process.exit(1))` would fail without a word.
 */
export function printingMessages(build: PluginBuild, callback: OnEnd): OnEnd {
  return async (result) => {
    const outcome = await callback(result)
    if (outcome) await print(build, outcome)
    return outcome
  }
}

/** Whether the build's log level shows messages of this kind; shipguard's summary line goes with warnings. */
export function shows(options: PluginBuild['initialOptions'], kind: 'error' | 'warning'): boolean {
  return LEVELS.indexOf(options.logLevel ?? 'warning') <= LEVELS.indexOf(kind)
}

async function print(build: PluginBuild, { errors = [], warnings = [] }: OnEndResult): Promise<void> {
  const color = build.initialOptions.color ?? process.stderr.isTTY === true
  const shown: Array<['error' | 'warning', PartialMessage[]]> = []
  if (shows(build.initialOptions, 'error')) shown.push(['error', errors])
  if (shows(build.initialOptions, 'warning')) shown.push(['warning', warnings])
  for (const [kind, messages] of shown) {
    if (messages.length === 0) continue
    const formatted = await build.esbuild.formatMessages(messages.map((message) => ({ ...message, pluginName: 'shipguard' })), { kind, color })
    // Through console.error, where the summary line goes too, so that both land in the same place.
    console.error(formatted.join('').trimEnd())
  }
}
