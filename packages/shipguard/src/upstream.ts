import { resolveMode } from './build-gate.js'
import type { ResolvedOptions } from './options.js'

/**
 * Configure upstream, verify downstream: what the policy would take out of the output
 * anyway, the bundler is asked not to put in. The output is judged as always afterwards.
 */
export interface Upstream {
  /** Maps without `sourcesContent`: the policy ships them stripped or drops them, and keeps no private copy. */
  sourceless: boolean
  /** Maps without a `sourceMappingURL` link: the policy removes every link. */
  unlinked: boolean
}

export function upstreamFor(options: ResolvedOptions, production: boolean): Upstream {
  if (options.audit || resolveMode(options, production) !== 'production') return { sourceless: false, unlinked: false }
  const policy = options.sourcemaps
  return {
    sourceless: policy === 'public' || policy === 'hidden' || policy === 'delete',
    unlinked: policy === 'hidden' || policy === 'private' || policy === 'delete',
  }
}

const DEVTOOL = /^(inline-|hidden-|eval-)?(nosources-)?((?:cheap-(?:module-)?)?source-map)$/

/**
 * A webpack/rspack devtool as the upstream wants it: `source-map` → `hidden-nosources-source-map`.
 * Inline and eval maps stay as they are, to be refused.
 */
export function devtoolFor(devtool: unknown, upstream: Upstream): unknown {
  if (typeof devtool !== 'string') return devtool
  const match = DEVTOOL.exec(devtool)
  if (!match) return devtool
  const [, prefix = '', nosources = '', kind] = match
  const hidden = prefix === '' && upstream.unlinked ? 'hidden-' : prefix
  return `${hidden}${upstream.sourceless ? 'nosources-' : nosources}${kind}`
}
