import { bunAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(bunAdapter())
