import type { UnpluginInstance } from 'unplugin'
import { shipguard } from './index.js'
import type { Options } from './options.js'

export type { Options } from './options.js'

const plugin: UnpluginInstance<Options | undefined, false>['rspack'] = shipguard.rspack
export default plugin
