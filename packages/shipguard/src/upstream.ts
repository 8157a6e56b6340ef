import { resolveMode } from './build-gate.js'
import type { ResolvedOptions } from './options.js'

/**
 * Configure upstream, verify downstream: when the policy ships maps without sources
 * or none at all, and keeps no private copy, the bundler is asked not to put sources
 * in maps in the first place. The output is judged as always afterwards.
 */
export function wantsSourcelessMaps(options: ResolvedOptions, production: boolean): boolean {
  if (options.audit || resolveMode(options, production) !== 'production') return false
  return options.sourcemaps === 'public' || options.sourcemaps === 'hidden' || options.sourcemaps === 'delete'
}

const DEVTOOL = /^(inline-|hidden-|eval-)?(nosources-)?(cheap-(module-)?)?source-map$/

/** `hidden-source-map` → `hidden-nosources-source-map`, as webpack and rspack spell it. */
export function devtoolWithoutSources(devtool: unknown): unknown {
  if (typeof devtool !== 'string') return devtool
  const match = DEVTOOL.exec(devtool)
  if (!match || match[2]) return devtool
  return `${match[1] ?? ''}nosources-${devtool.slice((match[1] ?? '').length)}`
}
