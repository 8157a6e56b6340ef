import { rolldownAdapter, rollupAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(rollupAdapter())
describeMatrix(rolldownAdapter())
