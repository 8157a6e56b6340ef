/**
 * What `require('shipguard/<bundler>')` returns to a CommonJS config. Node (20.19 and
 * later) loads an ES module by require as its namespace, unless the module exports the
 * name 'module.exports': then as that. Configs call the plugin itself, or `.default`,
 * as they do plugins published as ES modules only; both work.
 */
export function forRequire<Plugin extends (...args: never[]) => unknown>(plugin: Plugin): Plugin & { default: Plugin } {
  const required = (...args: Parameters<Plugin>) => plugin(...args)
  return Object.assign(required as Plugin, { default: plugin })
}
