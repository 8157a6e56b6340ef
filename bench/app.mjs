// A large app for the bundler benchmarks: many modules, shared imports, a few lazy
// chunks, and comments, so that maps with sources are as heavy as real ones.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { random } from './generators.mjs'

const DEFAULTS = { modules: 3000, groups: 6, seed: 5 }

export function writeApp(root, { modules = DEFAULTS.modules, groups = DEFAULTS.groups, seed = DEFAULTS.seed } = {}) {
  const next = random(seed)
  mkdirSync(join(root, 'src'), { recursive: true })
  // Every module is reachable: each group is a tree of imports under its root, group 0
  // imported by the entry and the others loaded lazily, like an app's routes. Extra
  // imports within a group, and from a lazy group into group 0 (shared code), point at
  // a later module of that group, so the graph has no cycles.
  const size = Math.ceil(modules / groups)
  for (let i = 0; i < modules; i++) {
    const group = Math.floor(i / size)
    const local = i - group * size
    const end = Math.min(modules, (group + 1) * size)
    const children = [2 * local + 1, 2 * local + 2].map((child) => group * size + child).filter((child) => child < end)
    const target = group > 0 && next() < 0.5 ? Math.floor(size / 2 + next() * (size / 2)) : i + 1 + Math.floor(next() * (end - i - 1))
    const shared = next() < 0.3 && target < end && target !== i ? [target] : []
    const imports = [...new Set([...children, ...shared])]
    const lines = [
      `// Module ${i}: generated for the shipguard benchmarks. Comments like this one`,
      '// exist only in the original source, the way real documentation comments do.',
      ...imports.map((j) => `import { compute${j} } from './mod${j}.js'`),
      '',
      `export function compute${i}(input) {`,
      `  let total = ${i}`,
      ...Array.from({ length: 20 }, (_, k) => `  total += (input * ${k + 1} + ${Math.floor(next() * 1000)}) % ${k + 7} // step ${k}`),
      ...imports.map((j) => `  total += compute${j}(input - 1 > 0 ? input - 1 : 0) % 97`),
      '  return total',
      '}',
      '',
    ]
    writeFileSync(join(root, 'src', `mod${i}.js`), lines.join('\n'))
  }
  writeFileSync(join(root, 'src', 'main.js'), appEntry({ modules, groups }))
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/src/main.js"></script>\n')
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module' }))
}

/** The entry module: group 0 imported, the other groups loaded lazily as routes. */
export function appEntry({ modules = DEFAULTS.modules, groups = DEFAULTS.groups } = {}) {
  const size = Math.ceil(modules / groups)
  // The routes are handed to the page, not only exported: an app's entry (vite's and rspack's
  // here) has no importer, so its unused exports, and the chunks they load, would be dropped.
  return [
    "import { compute0 } from './mod0.js'",
    'export const result = compute0(3)',
    `export const routes = [${Array.from({ length: groups - 1 }, (_, k) => `() => import('./mod${(k + 1) * size}.js')`).join(', ')}]`,
    'globalThis.routes = routes',
    'console.log(result)',
    '',
  ].join('\n')
}
