import { viteAdapter } from './adapters.ts'
import { describeMatrix } from './matrix.ts'

describeMatrix(viteAdapter(8))
describeMatrix(viteAdapter(7))
