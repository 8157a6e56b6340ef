// A large app for the bundler benchmarks: many modules, shared imports, a few lazy
// chunks, and comments, so that maps with sources are as heavy as real ones.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { random } from './generators.mjs'

export function writeApp(root, { modules = 1200, seed = 5 } = {}) {
  const next = random(seed)
  mkdirSync(join(root, 'src'), { recursive: true })
  for (let i = 0; i < modules; i++) {
    const imports = i < 2 ? [] : [Math.floor(next() * i), Math.floor(next() * i)]
    const lines = [
      `// Module ${i}: generated for the shipguard benchmarks. Comments like this one`,
      '// exist only in the original source, the way real documentation comments do.',
      ...[...new Set(imports)].map((j) => `import { compute${j} } from './mod${j}.js'`),
      '',
      `export function compute${i}(input) {`,
      `  let total = ${i}`,
      ...Array.from({ length: 20 }, (_, k) => `  total += (input * ${k + 1} + ${Math.floor(next() * 1000)}) % ${k + 7} // step ${k}`),
      ...[...new Set(imports)].map((j) => `  total += compute${j}(input - 1 > 0 ? input - 1 : 0) % 97`),
      '  return total',
      '}',
      '',
    ]
    writeFileSync(join(root, 'src', `mod${i}.js`), lines.join('\n'))
  }
  const entry = [
    ...Array.from({ length: 40 }, (_, k) => `import { compute${modules - 1 - k} } from './mod${modules - 1 - k}.js'`),
    `export const results = [${Array.from({ length: 40 }, (_, k) => `compute${modules - 1 - k}(3)`).join(', ')}]`,
    ...Array.from({ length: 5 }, (_, k) => `export const lazy${k} = () => import('./mod${Math.floor((modules / 5) * k)}.js')`),
    'console.log(results.length)',
    '',
  ]
  writeFileSync(join(root, 'src', 'main.js'), entry.join('\n'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/src/main.js"></script>\n')
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module' }))
}
