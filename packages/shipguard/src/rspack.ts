import type { UnpluginInstance } from 'unplugin'
import { forRequire } from './commonjs.js'
import { shipguard } from './index.js'
import { checkOptions, type Options } from './options.js'

export type { Options } from './options.js'

const plugin: UnpluginInstance<Options | undefined, false>['rspack'] = (options) => shipguard.rspack(checkOptions(options))
export default plugin
const required: typeof plugin & { default: typeof plugin } = forRequire(plugin)
export { required as 'module.exports' }
