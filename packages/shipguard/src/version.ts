import { readFileSync } from 'node:fs'

/** The published package's name and version, read from its own package.json. */
export const tool: { name: string; version: string } = (() => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string }
  return { name: manifest.name, version: manifest.version }
})()
