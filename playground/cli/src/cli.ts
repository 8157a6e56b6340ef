import { greet } from './greet.js'
import { internalPricingRule } from './internal/pricing.js'

const name = process.argv[2] ?? 'world'
console.log(greet(name), internalPricingRule(name.length))
