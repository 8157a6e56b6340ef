// The floor a scan is measured against: read every file under a folder once and
// sha256-hash it, in the same process shape as the CLI (`node floor.mjs <dir>`).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else createHash('sha256').update(readFileSync(path)).digest('hex')
  }
}
walk(process.argv[2])
