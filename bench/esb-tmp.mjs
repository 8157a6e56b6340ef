import { build } from 'esbuild'
const root = '/tmp/app3k'
const [write, metafile] = process.argv.slice(2).map((x) => x === '1')
const plugins = [{ name: 'x', setup(b) { b.onEnd(() => {}) } }]
const t = performance.now()
await build({ absWorkingDir: root, entryPoints: ['src/main.js'], bundle: true, splitting: true, format: 'esm', minify: true, outdir: root + '/dist-x', sourcemap: 'external', sourcesContent: false, logLevel: 'silent', write, metafile, plugins })
console.log(process.argv.slice(2).join(' '), Math.round(performance.now() - t))
