import { rspack } from '@rspack/core'
import shipguard from 'shipguard/rspack'
import { webpackLikeBuild } from '../webpack/build.mjs'

export const builds = {
  leaky: { config: "devtool: 'source-map', shipguard()", run: () => webpackLikeBuild(rspack, shipguard(), 'rspack', 'leaky', 'source-map') },
  fixed: { config: "devtool: 'source-map', shipguard({ sourcemaps: 'delete' }): no map ships", run: () => webpackLikeBuild(rspack, shipguard({ sourcemaps: 'delete' }), 'rspack', 'fixed', 'source-map') },
}
