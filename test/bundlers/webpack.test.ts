import { webpackAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(webpackAdapter('webpack'))
