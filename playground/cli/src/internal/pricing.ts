// Stands for the code a company would not publish: it may ship compiled, never as source.
export function internalPricingRule(seats: number): number {
  const unreleasedDiscount = seats > 3 ? 0.8 : 1
  return Math.round(seats * 12 * unreleasedDiscount)
}
