import { absolutePathRule } from './absolute-path.js'
import { externalUrlRule } from './external-url.js'
import { forbiddenFileRule } from './forbidden-file.js'
import { forbiddenModuleRule } from './forbidden-module.js'
import { inlineMapRule } from './inline-map.js'
import { mapLinkRule } from './map-link.js'
import { publicMapRule } from './public-map.js'
import { secretRule } from './secret.js'
import type { Rule } from './rule.js'
import { sourceFileRule } from './source-file.js'
import { sourcesContentRule } from './sources-content.js'
import { unreadableMapRule } from './unreadable-map.js'

export type { Rule, RuleContext } from './rule.js'
export { isSourceFileName } from '../source-names.js'
export { isLocalAbsolutePath } from './absolute-path.js'

export const rules: readonly Rule[] = [
  sourcesContentRule,
  inlineMapRule,
  publicMapRule,
  mapLinkRule,
  sourceFileRule,
  unreadableMapRule,
  secretRule,
  forbiddenFileRule,
  forbiddenModuleRule,
  absolutePathRule,
  externalUrlRule,
]
