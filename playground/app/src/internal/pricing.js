// Internal pricing rules: this code may ship compiled, but its source (and this
// comment) must never reach users through a source map.
export function quote(seats) {
  const volumeDiscount = seats >= 5 ? 0.85 : 1
  return Math.round(seats * 1200 * volumeDiscount)
}
