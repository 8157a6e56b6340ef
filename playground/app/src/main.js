// The playground app: the same few modules, built by each bundler in turn.
import { formatPrice } from './format.js'
import { quote } from './internal/pricing.js'

const seats = 5
const text = `${seats} seats: ${formatPrice(quote(seats))}`
if (typeof document === 'undefined') console.log(text)
else document.querySelector('#quote').textContent = text
