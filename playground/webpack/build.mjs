import webpack from 'webpack'
import shipguard from 'shipguard/webpack'
import { app, outDir } from '../shared.mjs'

export function webpackLikeBuild(create, plugin, bundler, variant, devtool) {
  const compiler = create({
    mode: 'production',
    context: app,
    entry: './src/main.js',
    devtool,
    output: { path: outDir(bundler, variant), filename: '[name].[contenthash].js', clean: true },
    plugins: [plugin],
  })
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => {})
      if (error) return reject(error)
      const lines = stats.toString({ all: false, logging: 'info', colors: false }).split('\n')
      if (stats.hasErrors()) return reject(new Error(stats.toJson({ all: false, errors: true }).errors.map((each) => each.message).join('\n')))
      resolve(lines)
    }),
  )
}

export const builds = {
  leaky: { config: "devtool: 'eval-source-map', shipguard()", run: () => webpackLikeBuild(webpack, shipguard(), 'webpack', 'leaky', 'eval-source-map') },
  fixed: {
    config: "devtool: 'hidden-source-map', shipguard({ sourcemaps: 'private' }): maps kept for the error tracker",
    run: () => webpackLikeBuild(webpack, shipguard({ sourcemaps: 'private' }), 'webpack', 'fixed', 'hidden-source-map'),
  },
}
