import { esbuildAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(esbuildAdapter())
