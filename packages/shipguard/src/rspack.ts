import type { UnpluginInstance } from 'unplugin'
import { shipguard } from './index.js'
import { checkOptions, type Options } from './options.js'

export type { Options } from './options.js'

const plugin: UnpluginInstance<Options | undefined, false>['rspack'] = (options) => shipguard.rspack(checkOptions(options))
export default plugin
