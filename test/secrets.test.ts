import { generateKeyPairSync } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, sep } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { analyzeChunks, analyzeFile, findSecrets, findSecretsNatively, fingerprintOf, PIECE_BYTES, readSourceMap, searchCode } from '@shipguard/core'
import { describe, expect, it } from 'vitest'
import { random } from '../bench/generators.mjs'
import { findingKeys, runCli } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// Fake secrets of every shape, made at run time so that no secret-shaped string sits in
// the repository. Each has the exact alphabet and length of the real thing.
const next = random(2026)
const from = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const DIGITS = '0123456789'
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz${DIGITS}`
// An AWS key id's 16 characters after its prefix are base32: no 0, 1, 8 or 9.
const BASE32 = `${UPPER}234567`
const BASE64 = `${ALNUM}+/`

// A key's body is DER: a SEQUENCE whose declared length is the body's own (here 3 + 93 bytes).
const derBody = Buffer.from([0x30, 0x81, 93, ...Array.from({ length: 93 }, () => Math.floor(next() * 256))]).toString('base64')

const secrets: Record<string, string> = {
  'private-key': `-----BEGIN ${'PRIVATE'} KEY-----\n${derBody.slice(0, 64)}\n${derBody.slice(64)}\n-----END ${'PRIVATE'} KEY-----`,
  'aws-access-key-id': `${'AKIA'}${from(BASE32, 16)}`,
  'github-token': `${'ghp'}_${from(ALNUM, 36)}`,
  'npm-token': `${'npm'}_${from(ALNUM, 36)}`,
  'slack-token': `${'xoxb'}-${from(DIGITS, 12)}-${from(DIGITS, 12)}-${from(ALNUM, 24)}`,
  'stripe-live-key': `${'sk'}_live_${from(ALNUM, 32)}`,
  'openai-api-key': `${'sk'}-proj-${from(`${ALNUM}_-`, 120)}`,
  'anthropic-api-key': `${'sk'}-ant-api03-${from(`${ALNUM}_-`, 93)}`,
  'google-api-key': `${'AIza'}${from(`${ALNUM}_-`, 35)}`,
}

/** Each secret on a line of its own in the shape each kind of file gives it. */
function plant(kind: 'js' | 'html' | 'map') {
  const lines = Object.values(secrets).map((secret) => JSON.stringify(secret))
  if (kind === 'js') return `export const config = {\n${lines.map((line, index) => `  key${index}: ${line},`).join('\n')}\n}\n`
  if (kind === 'html') return `<!doctype html>\n<script>\n${lines.map((line, index) => `window.k${index} = ${line}`).join('\n')}\n</script>\n`
  // Only inside the source text a map carries: the bundle itself was built without them.
  return JSON.stringify({ version: 3, sources: ['../src/config.ts'], sourcesContent: [`export const config = {\n${lines.join(',\n')}\n}\n`], mappings: 'AAAA', names: [] })
}

describe('secrets in shipped text', () => {
  const dist = { 'dist/app.js': plant('js'), 'dist/index.html': plant('html'), 'dist/app.js.map': plant('map') }

  it('finds every shape in JS, in HTML and in the sources a map carries, with file, line and rule', () => {
    const run = runCli(['scan', 'dist', '--json', '--allow-maps'], { cwd: tempDir(dist) })
    const report = JSON.parse(run.stdout)
    const found = report.findings.filter((finding: { rule: string }) => finding.rule === 'secret')
    const kinds = Object.keys(secrets)
    for (const file of ['app.js', 'index.html', 'app.js.map']) {
      const inFile = found.filter((finding: { file: string }) => finding.file === file)
      expect(inFile.map((finding: { message: string }) => kinds.find((kind) => finding.message.includes(names[kind] as string))).sort()).toEqual([...kinds].sort())
    }
    // One secret per line, in the order they were planted.
    const lines = (file: string) => found.filter((finding: { file: string }) => finding.file === file).map((finding: { line: number }) => finding.line)
    expect(lines('app.js')).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(lines('index.html')).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(run.code).toBe(1)
  })

  it('finds every shape inside data URLs that encode it: a .env or text file inlined as base64, an inlined worker, a URL inside that worker, JSON data', () => {
    const env = Object.values(secrets).map((secret, index) => `KEY_${index}=${secret}`).join('\n')
    const base64 = (text: string) => Buffer.from(text).toString('base64')
    const worker = `const env = "data:application/octet-stream;base64,${base64(env)}";\npostMessage(env)\n`
    const files = {
      // As bundlers inline a file taken in by new URL() or ?url: typed by its extension, or not at all.
      'dist/env.js': `fetch(new URL(\`data:application/octet-stream;base64,${base64(env)}\`))\n`,
      'dist/text.js': `\nexport default "data:text/plain;base64,${base64(env)}"\n`,
      'dist/untyped.js': `export default "data:;base64,${base64(env)}"\n`,
      'dist/percent.js': `export default "data:text/plain,${encodeURIComponent(env)}"\n`,
      'dist/worker.js': `\n\nnew Worker("data:text/javascript;base64,${base64(worker)}")\n`,
      // Media is no text: an image whose bytes happen to spell nothing is not decoded.
      'dist/image.js': `export default "data:image/png;base64,${base64(env)}"\n`,
      // JSON data inlines files that way too.
      'dist/app.webmanifest': `{\n  "name": "app",\n  "config": "data:text/plain;base64,${base64(env)}"\n}\n`,
    }
    const report = JSON.parse(runCli(['scan', 'dist', '--json'], { cwd: tempDir(files) }).stdout)
    const found = (file: string) => report.findings.filter((finding: { rule: string; file: string }) => finding.rule === 'secret' && finding.file === file)
    const kinds = Object.keys(secrets).sort()
    for (const [file, line] of [['env.js', 1], ['text.js', 2], ['untyped.js', 1], ['percent.js', 1], ['worker.js', 3], ['app.webmanifest', 3]] as const) {
      expect(found(file).map((finding: { message: string }) => kinds.find((kind) => finding.message.includes(names[kind] as string))).sort(), file).toEqual(kinds)
      expect(new Set(found(file).map((finding: { line: number }) => finding.line)), file).toEqual(new Set([line]))
    }
    // Its tokens are not looked for; a PEM private key in base64 is found in any base64 (by the base64 of its header, and measured): the one planted here too.
    expect(found('image.js').map((finding: { message: string }) => kinds.find((kind) => finding.message.includes(names[kind] as string)))).toEqual(['private-key'])
    expect(JSON.stringify(report)).not.toContain(secrets['github-token'])
  })

  it('finds every shape in shipped text of any other kind, by its content, compressed too; binary files are not searched for tokens', async () => {
    const env = `${Object.values(secrets).map((secret, index) => `KEY_${index}=${secret}`).join('\n')}\n`
    const text = ['notes.txt', 'config.yml', 'feed.xml', 'README.md', 'app.yaml', 'app.toml', 'app.ini', 'nginx.conf', 'data.csv', 'build.log', 'app.properties', 'deploy.sh', 'settings.py', 'config.php', 'NOTES', 'vendor/lib.js.map', 'notes.txt.gz', 'notes.txt.br']
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(env, 'utf16le')])
    const files = {
      'dist/app.js': 'x()\n',
      ...Object.fromEntries(text.map((name) => [`dist/${name}`, env])),
      'dist/notes.txt.gz': gzipSync(env),
      'dist/notes.txt.br': brotliCompressSync(env),
      'dist/windows.txt': utf16,
      // A NUL near the start, or the magic of a known binary format, says binary: chance runs of bytes there are no secrets.
      'dist/logo.png': Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1'), Buffer.from(env)]),
      'dist/app.wasm': Buffer.concat([Buffer.from('\0asm\x01\0\0\0', 'latin1'), Buffer.from(env)]),
      'dist/guide.pdf': `%PDF-1.7\n${env}`,
      'dist/data.bin': Buffer.concat([Buffer.from([0x01, 0x02, 0x00, 0x03]), Buffer.from(env)]),
    }
    const cwd = tempDir(files)
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    const found = JSON.parse(run.stdout).findings.filter((finding: { rule: string }) => finding.rule === 'secret')
    const kinds = Object.keys(secrets).sort()
    for (const name of [...text, 'windows.txt']) {
      const inFile = found.filter((finding: { file: string }) => finding.file === name)
      expect(inFile.map((finding: { message: string }) => kinds.find((kind) => finding.message.includes(names[kind] as string))).sort(), name).toEqual(kinds)
      // The private key, first, spans four lines.
      expect(inFile.map((finding: { line: number }) => finding.line).sort((a: number, b: number) => a - b), name).toEqual([1, 5, 6, 7, 8, 9, 10, 11, 12])
    }
    expect(found.filter((finding: { file: string }) => /\.(png|wasm|pdf|bin)$/.test(finding.file))).toEqual([])
    expect(run.code).toBe(1)
    // A text file too large to hold whole is searched chunk by chunk, with what the whole file finds.
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${'lorem ipsum\n'.repeat(100_000)}${env}`)
      yield Buffer.from(env)
    }
    const streamed = await analyzeChunks('logs/build.log', chunks())
    expect(streamed.secrets.map((hit) => hit.kind).sort()).toEqual([...kinds, ...kinds].sort())
    expect((await analyzeChunks('logo.png', (async function* () { yield files['dist/logo.png'] })())).secrets).toEqual([])
  })

  it('never prints a secret: not in the human output, the JSON, the annotations or the manifest', () => {
    const cwd = tempDir(dist)
    const outputs = [
      runCli(['scan', 'dist', '--allow-maps'], { cwd }).stdout,
      runCli(['scan', 'dist', '--allow-maps', '--json', '--manifest', 'report.json'], { cwd }).stdout,
      runCli(['scan', 'dist', '--allow-maps'], { cwd, env: { GITHUB_ACTIONS: 'true' } }).stdout,
    ]
    for (const output of outputs) {
      expect(output).toMatch(/fingerprint sha256:[0-9a-f]{16}/)
      for (const secret of Object.values(secrets)) {
        const body = secret.includes('PRIVATE KEY') ? (secret.split('\n')[1] as string) : secret
        expect(output).not.toContain(body.slice(0, 12) === body ? body : body.slice(-12))
      }
    }
  })

  it('lets a secret ship when its fingerprint or its file is allowed', () => {
    const cwd = tempDir({ 'dist/app.js': `const key = ${JSON.stringify(secrets['google-api-key'])}\n` })
    const first = JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout)
    expect(findingKeys(first)).toEqual(['secret app.js:1'])
    const fingerprint = /fingerprint (sha256:[0-9a-f]{16})/.exec(first.findings[0].message)?.[1] as string
    expect(runCli(['scan', 'dist', '--allow-secret', fingerprint], { cwd }).code).toBe(0)
    expect(runCli(['scan', 'dist', '--allow', 'app.js'], { cwd }).code).toBe(0)
    expect(runCli(['scan', 'dist', '--allow-secret', 'sha256:0000000000000000'], { cwd }).code).toBe(1)
    expect(runCli(['scan', 'dist', '--allow-secret', 'AIza-whatever'], { cwd }).code).toBe(2)
    // The secret itself given in place of its fingerprint: refused, and not printed back into the log.
    const given = runCli(['scan', 'dist', '--allow-secret', secrets['google-api-key'] as string, '--json'], { cwd, env: { GITHUB_ACTIONS: 'true' } })
    expect(given.code).toBe(2)
    expect(given.stderr).toContain('not the 39-character value given')
    expect(given.stdout + given.stderr).not.toContain(secrets['google-api-key'])
  })

  it('passes documentation placeholders and tokens embedded in longer tokens', () => {
    const cwd = tempDir({
      'dist/docs.js': [
        `const example = "${'AKIA'}IOSFODNN7EXAMPLE"`,
        `const id = "x${secrets['aws-access-key-id']}"`,
        `const header = "-----BEGIN ${'PRIVATE'} KEY-----"`,
        `const tail = "${'npm'}_${'x'.repeat(35)}"`,
      ].join('\n'),
    })
    expect(JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout).findings).toEqual([])
  })

  it('passes placeholders with the shape of a token: runs of one character, counting runs, placeholder words; the same tokens made at random are found', () => {
    const x = (length: number) => 'x'.repeat(length)
    const placeholders = [
      // As web apps write them in a form's placeholder attribute.
      `<input name="token" placeholder="${'ghp'}_${x(36)}">`,
      `const stripe = "${'sk'}_live_${x(24)}"`,
      `const npm = "${'npm'}_${x(36)}"`,
      `const google = "${'AIza'}Sy${x(33)}"`,
      `const openai = "${'sk'}-proj-${x(48)}"`,
      `const anthropic = "${'sk'}-ant-api03-${x(95)}"`,
      `const slack = "${'xoxb'}-123456789012-123456789012-${x(24)}"`,
      `const aws = ["${'AKIA'}${'I'.repeat(16)}", "${'AKIA'}1234567890ABCDEF"]`,
      `const counting = "${'sk'}_live_1234567890abcdefghijklmn"`,
      `const words = "${'sk'}_live_YourSecretKeyGoesHere1234567"`,
      // As a client library's README shows a personal and an installation token.
      `auth("${'ghp'}_PersonalAccessToken01245678900000000")`,
      `auth("${'ghs'}_InstallallationOrActionToken00000000")`,
      `const upper = "${'ghp'}_${'X'.repeat(36)}", down = "${'npm'}_${from(ALNUM, 20)}zyxwvutsrqPONMLK"`,
    ]
    const cwd = tempDir({ 'dist/app.js': `${placeholders.join('\n')}\n`, 'dist/README.md': `${placeholders.join('\n')}\n` })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(JSON.parse(run.stdout).findings).toEqual([])
    expect(run.code).toBe(0)
    // What the placeholders are tested for is as rare in random tokens as argued in placeholder.ts: 2,000 of each kind are all found.
    const many = Array.from({ length: 2000 }, () => [
      `${'ghp'}_${from(ALNUM, 36)}`,
      `${'npm'}_${from(ALNUM, 36)}`,
      `${'AKIA'}${from(BASE32, 16)}`,
      `${'sk'}-proj-${from(`${ALNUM}_-`, 156)}`,
      `${'xoxb'}-${from(DIGITS, 12)}-${from(DIGITS, 12)}-${from(ALNUM, 24)}`,
    ]).flat()
    expect(findSecrets(Buffer.from(many.join('\n'))).length).toBe(many.length)
  })

  it('passes an AKIA string holding a digit no AWS key id holds (0, 1, 8, 9: the 16 characters are base32), as a linter README shows a made-up one; finds a base32 one beside it', () => {
    const madeUp = ['0', '1', '8', '9'].map((digit) => `${'AKIA'}${from(BASE32, 13)}${digit}${from(BASE32, 2)}`)
    const lines = madeUp.map((id, index) => `const AWS_TOKEN_${index} = "${id}";`)
    const cwd = tempDir({ 'dist/README.md': `\`\`\`js\n${lines.join('\n')}\n\`\`\`\n`, 'dist/app.js': `${lines.join('\n')}\n` })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(JSON.parse(run.stdout).findings).toEqual([])
    expect(run.code).toBe(0)
    const real = secrets['aws-access-key-id'] as string
    expect(findSecrets(Buffer.from(`${lines.join('\n')}\nconst AWS = "${real}";\n`)).map((hit) => [hit.kind, hit.line])).toEqual([['aws-access-key-id', 5]])
  })

  it('passes the key id a presigned S3 link names in X-Amz-Credential; finds it written as a credential anywhere else', () => {
    const aws = secrets['aws-access-key-id'] as string
    const link = (credential: string) => `https://bucket.s3.amazonaws.com/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Date=20190509T232830Z&X-Amz-Expires=300`
    const cwd = tempDir({
      'dist/payload.json': JSON.stringify({ asset: { url: link(`${aws}%2F20190509%2Fus-east-1%2Fs3%2Faws4_request`) }, other: link(`${aws}/20190509/us-east-1/s3/aws4_request`) }),
      'dist/keys.js': [`const rootkey = "AWSAccessKeyId=${aws}"`, `const bare = "${link(aws)}"`].join('\n'),
    })
    const findings = JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout).findings
    expect(findings.map((finding: { file: string; line: number; rule: string }) => `${finding.file}:${finding.line} ${finding.rule}`)).toEqual(['keys.js:1 secret', 'keys.js:2 secret'])
  })

  it('finds a token right after an escape, as minifiers write a line break or tab before it, also in a map\'s sources', () => {
    const { 'github-token': github, 'npm-token': npm, 'aws-access-key-id': aws, 'stripe-live-key': stripe } = secrets
    const cwd = tempDir({
      // Terser's output for a template literal and a concatenation holding tokens on lines of their own.
      'dist/app.js': `export const ALLOWED="ids:\\n${github}\\n";export const list=["a"].join("\\n")+"\\n${npm}";\nconst t="key:\\t${aws}",h="\\u0022${stripe}";\n`,
      'dist/app.js.map': JSON.stringify({ version: 3, sources: ['../src/app.ts'], sourcesContent: [`export const tokens = \`\n${github}\n\ta=${npm}\`\nconst q = "%3D${aws}"\n`], mappings: 'AAAA', names: [] }),
    })
    const report = JSON.parse(runCli(['scan', 'dist', '--json', '--allow-maps'], { cwd }).stdout)
    const secretsIn = (file: string) => report.findings.filter((finding: { rule: string; file: string }) => finding.rule === 'secret' && finding.file === file).length
    expect(secretsIn('app.js')).toBe(4)
    expect(secretsIn('app.js.map')).toBe(3)
    // A `\u` escape of a token character still continues the token before it.
    expect(findSecrets(Buffer.from(`const x = "\\u0041${github}"`))).toEqual([])
  })

  it('finds private keys behind armour headers, with slashes escaped as JSON encoders write them, by one fingerprint per key', () => {
    const header = `-----BEGIN RSA ${'PRIVATE'} KEY-----`
    const footer = `-----END RSA ${'PRIVATE'} KEY-----`
    const withSlashes = Buffer.from([0x30, 0x81, 93, ...Array.from({ length: 93 }, (_, i) => (i % 3 === 0 ? 0xff : i))]).toString('base64')
    expect(withSlashes.slice(0, 40)).toContain('/')
    const pem = `${header}\n${withSlashes.slice(0, 64)}\n${withSlashes.slice(64)}\n${footer}\n`
    const kinds = (text: string) => findSecrets(Buffer.from(text)).map((hit) => hit.kind)
    expect(kinds(`{"tlsKey":${JSON.stringify(pem).replace(/\//g, '\\/')}}`)).toEqual(['private-key'])
    expect(kinds(`${header}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${from('0123456789ABCDEF', 32)}\n\n${derBody}\n${footer}\n`)).toEqual(['private-key'])
    expect(kinds(`-----BEGIN PGP ${'PRIVATE'} KEY BLOCK-----\nVersion: GnuPG v1\n\n${from(BASE64, 64)}\n${from(BASE64, 64)}\n-----END PGP ${'PRIVATE'} KEY BLOCK-----\n`)).toEqual(['private-key'])
    // The same key written as text, in a JS string and with escaped slashes: one fingerprint.
    const fingerprints = [pem, JSON.stringify(pem), JSON.stringify(pem).replace(/\//g, '\\/')].map((text) => findSecrets(Buffer.from(text))[0]?.fingerprint)
    expect(new Set(fingerprints).size).toBe(1)
    // OpenSSH keys of one type share their first line: told apart by the rest.
    const openSsh = (body: string) => `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n${body}\n-----END OPENSSH ${'PRIVATE'} KEY-----\n`
    const [first, second] = [from(BASE64, 64), from(BASE64, 64)].map((body) => findSecrets(Buffer.from(openSsh(body)))[0]?.fingerprint)
    expect(first).toMatch(/^sha256:/)
    expect(first).not.toBe(second)
  })

  it('masks a secret that a map link or a source path quotes', () => {
    const token = secrets['github-token'] as string
    // A map of its own names a source by a URL with the token in it: the modules the report lists mask it too.
    const map = JSON.stringify({ version: 3, sources: [`https://x-access-token:${token}@raw.example.com/o/r/src/a.ts`], mappings: 'AAAA', names: [] })
    const cwd = tempDir({ 'dist/link.js': `console.log(1)\n//# sourceMappingURL=https://maps.example.com/a.js.map?access_token=${token}\n`, 'dist/b.js.map': map })
    const outputs = [runCli(['scan', 'dist'], { cwd }), runCli(['scan', 'dist', '--json', '--manifest', 'report.json'], { cwd }), runCli(['scan', 'dist'], { cwd, env: { GITHUB_ACTIONS: 'true' } })]
    for (const run of outputs) {
      expect(run.stdout).toContain('access_token=ghp_…')
      expect(run.stdout).not.toContain(token.slice(-12))
      expect(run.code).toBe(1)
    }
    expect(JSON.parse(outputs[1]?.stdout ?? '').files.find((file: { path: string }) => file.path === 'b.js.map').modules).toEqual(['https://x-access-token:ghp_… (40 characters)@raw.example.com/o/r/src/a.ts'])
    expect(readFileSync(join(cwd, 'report.json'), 'utf8')).not.toContain(token.slice(-12))
  })

  it('a private key block cut short in documentation passes; a whole one, or one whose string goes on elsewhere, is found', () => {
    const header = `-----BEGIN RSA ${'PRIVATE'} KEY-----`
    const footer = `-----END RSA ${'PRIVATE'} KEY-----`
    // The first 48 bytes of an RSA key whose DER declares 1,193, cut inside its modulus: an example in a doc comment.
    const cutShort = Buffer.from([0x30, 0x82, 0x04, 0xa5, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00, ...Array.from({ length: 36 }, (_, i) => 0x80 + i)]).toString('base64')
    const notDer = from(BASE64, 64)
    const found = (text: string) => findSecrets(Buffer.from(text)).map((hit) => hit.kind)
    expect(found(`/** For example, \`${header} ${cutShort}. ${footer}\` */`)).toEqual([])
    expect(found(`/** For example: ${header}\n${cutShort}\u2026\n${footer} */`)).toEqual([])
    // Without a mark of the cut, a body that ends at its footer goes on nowhere else: what it shows is all there is. One whose structure cannot be read is a key.
    expect(found(`${header}\n${cutShort}\n${footer}`)).toEqual([])
    expect(found(`/** ${header}\n${notDer}\n${footer} */`)).toEqual(['private-key'])
    expect(found(`const key = "${header}\\n${derBody}\\n${footer}\\n"`)).toEqual(['private-key'])
    // Split across strings, the body is read across them: as far as the private exponent, it is a key.
    const pieces = (count: number) => Array.from({ length: count }, () => from(BASE64, 64)).join('\\n" +\n  "')
    expect(found(`const key = "${header}\\n${cutShort}\\n" +\n  "${pieces(5)}\\n${footer}"`)).toEqual(['private-key'])
    expect(found(`const key = "${header}\\n${cutShort}\\n" +\n  "${pieces(1)}\\n${footer}"`)).toEqual([])
    // Cut off by the end of the text, or by code between its pieces, it may go on elsewhere.
    expect(found(`const key = "${header}\\n${cutShort}\\n" + rest`)).toEqual(['private-key'])
    expect(found(`${header}\n${cutShort}`)).toEqual(['private-key'])
  })

  it('finds the same secrets in a small text (one pass) and a large one (a search per needle), searched as code or as a map', () => {
    const lines = [
      ...Object.values(secrets).map((secret) => `const key = ${JSON.stringify(secret)}`),
      // The other prefixes of shapes with several.
      `const pat = "${'github'}_pat_${from(ALNUM, 22)}_${from(ALNUM, 59)}"`,
      `const restricted = "${'rk'}_live_${from(ALNUM, 24)}"`,
      `const oauth = "${'gho'}_${from(ALNUM, 36)}"`,
      `const admin = "${'sk'}-admin-${from(ALNUM, 48)}"`,
      `const user = "${'xoxp'}-${from(DIGITS, 10)}-${from(DIGITS, 10)}-${from(DIGITS, 10)}-${from(ALNUM, 32)}"`,
      // Slack's tokens under rotation, the token that refreshes them, and an app-level token.
      `const rotating = "${'xoxe'}.xoxp-1-${from(ALNUM, 163)}"`,
      `const refresh = "${'xoxe'}-1-${from(ALNUM, 146)}"`,
      `const app = "${'xapp'}-1-A${from(UPPER + DIGITS, 10)}-${from(DIGITS, 13)}-${from('0123456789abcdef', 64)}"`,
      `const rsa = "-----BEGIN ${'RSA PRIVATE'} KEY-----\\n${from(BASE64, 64)}"`,
      `const example = "${'AKIA'}IOSFODNN7EXAMPLE"`,
      `const embedded = "x${secrets['github-token']}"`,
      `const twice = "${'xox'}${secrets['slack-token']}"`,
      // The older OpenAI key, found even right after another token character.
      `const legacy = "x${'sk'}-${from(ALNUM, 20)}${'T3Blbk'}FJ${from(ALNUM, 20)}"`,
    ]
    const small = Buffer.from(lines.join('\n'))
    const padding = '\n'.repeat(5000)
    const large = Buffer.from(padding + lines.join('\n'))
    expect(small.length).toBeLessThan(4096)
    const withoutLine = (hits: ReturnType<typeof findSecrets>) => hits.map(({ line, ...hit }) => ({ ...hit, line: line > 5000 ? line - 5000 : line }))
    const expected = findSecrets(small)
    for (const inMap of [false, true]) {
      expect(withoutLine(findSecrets(large, { inMap }))).toEqual(expected)
      expect(findSecrets(small, { inMap })).toEqual(expected)
    }
    expect(expected.map((hit) => hit.kind).sort()).toEqual([...Object.keys(secrets), 'openai-api-key', 'github-token', 'stripe-live-key', 'github-token', 'openai-api-key', 'slack-token', 'slack-token', 'slack-token', 'slack-token', 'private-key'].sort())
    expect(expected.map((hit) => hit.masked)).toContain('sk-… (51 characters)')
  })
})

describe('the WebAssembly search', () => {
  // Texts of needles, their near misses and whole secrets, at random places: around the
  // scanner's pieces, at the very ends, overlapping each other.
  const fragments = ['sourceMappingURL', 'URL', 'sourceMappingUR', 'ingURL', 'sourceURL', 'sourceUR', 'ceURL', '-', '--', '-----BEGIN ', '_', '_p', '_pat_', 'I', 'IA', 'gh', 'ghp_', 'np', 'npm_', 'xo', 'xox', 'k_', 'k_live_', 'sk', 'sk-', 'z', 'za', 'AIza', 'op', 'ya', 'data:', 'DATA:', 'ata:', 'xata:', 'LS0', 'LS0t', 'LS0tLS1CRUdJTi', 'LS0tLUJFR0lOI', Buffer.from(secrets['private-key'] as string).toString('base64'), '\\n', '\n', ' ']
  function textOf(random: () => number, length: number): string {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const parts: string[] = []
    for (let size = 0; size < length; ) {
      const part = random() < 0.02 ? pick(Object.values(secrets)) : random() < 0.3 ? pick(fragments) : from(ALNUM, 1 + Math.floor(random() * 40))
      parts.push(part)
      size += part.length
    }
    return parts.join('')
  }

  it('finds what the native search finds, as code, as a map and in key files, across its pieces', () => {
    const random = next
    let found = 0
    for (let round = 0; round < 60; round++) {
      const length = round % 3 === 0 ? PIECE_BYTES * 2 + Math.floor(random() * 64) : Math.floor(random() * 5000)
      let text = textOf(random, length)
      if (round % 3 === 0) {
        // A secret across each boundary between pieces.
        for (const boundary of [PIECE_BYTES, PIECE_BYTES * 2]) {
          const secret = Object.values(secrets)[round % 9] as string
          const at = boundary - Math.floor(random() * secret.length)
          text = `${text.slice(0, at)} ${secret} ${text.slice(at)}`
        }
      }
      const bytes = Buffer.from(text)
      // Code is searched for sourceMappingURL, sourceURL and data URLs in the same pass.
      const code = searchCode(bytes)
      expect(code, `round ${round}, code`).toEqual({ secrets: findSecretsNatively(bytes), mentionsSourceMappingUrl: text.includes('sourceMappingURL'), mentionsDataUrl: /[dD](?:ata|ATA):/.test(text), mentionsSourcesContent: text.includes('sourcesContent'), mentionsSourceUrl: text.includes('sourceURL') })
      expect(searchCode(bytes, { natively: true })).toEqual(code)
      for (const options of [{}, { inMap: true }, { keysOnly: true }]) {
        const expected = findSecretsNatively(bytes, options)
        expect(findSecrets(bytes, options), `round ${round}, ${JSON.stringify(options)}`).toEqual(expected)
        found += expected.length
      }
      const map = Buffer.from(JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: [text], mappings: 'AAAA;AACA,IAAI' }))
      const reading = readSourceMap(map, true)
      const mappingsAt = reading.type === 'map' ? reading.map.mappingsAt : undefined
      expect(findSecrets(map, { inMap: true, mappingsAt })).toEqual(findSecretsNatively(map, { inMap: true, mappingsAt }))
    }
    expect(found).toBeGreaterThan(100)
  })
})

describe('secrets in maps', () => {
  // A run of mapping data shaped like an AWS key id and a Google API key: chance, not secrets.
  const chance = `AKIA${'QUVW'.repeat(4)};AIza${'GAAGgBCAAC'.repeat(4).slice(0, 35)}`
  const secret = secrets['npm-token'] as string
  const mapWith = (fields: Record<string, unknown>, padding = 0) =>
    Buffer.from(JSON.stringify({ version: 3, sources: ['a.ts'], names: [], ...fields, x_padding: 'p'.repeat(padding) }))

  it('leaves mapping data out of the search, small maps (parsed) and large ones (read incrementally) alike', () => {
    for (const padding of [0, 2 * 1024 * 1024]) {
      const kinds = (fields: Record<string, unknown>) => analyzeFile('app.js.map', mapWith(fields, padding)).secrets.map((hit) => hit.kind)
      expect(kinds({ mappings: chance })).toEqual([])
      // Around the mappings, and in a value under that key that is no mapping data, secrets are found.
      expect(kinds({ mappings: chance, sourcesContent: [`const token = "${secret}"`] })).toEqual(['npm-token'])
      // A value with characters no mapping data holds is searched whole, chance runs included.
      expect(kinds({ mappings: `${chance};${secret}` })).toEqual(['aws-access-key-id', 'google-api-key', 'npm-token'])
      // A `mappings` key that is not the map's own holds no mapping data: what it holds is found
      // (and where the map's own cannot be told from it by bytes alone, nothing is left out).
      for (const planted of [`"${secrets['google-api-key']}"`, secrets['aws-access-key-id'] as string]) {
        const hits = analyzeFile('app.js.map', mapWith({ mappings: chance, x_keys: { mappings: planted } }, padding)).secrets
        expect(hits.map((hit) => hit.fingerprint)).toContain(fingerprintOf(planted.replaceAll('"', '')))
      }
    }
    // Behind the `)]}'` prefix, the reader's positions still fall on the mappings.
    const guarded = (fields: Record<string, unknown>) => Buffer.concat([Buffer.from(")]}'\n"), mapWith(fields, 2 * 1024 * 1024)])
    expect(analyzeFile('app.js.map', guarded({ mappings: chance })).secrets).toEqual([])
    expect(analyzeFile('app.js.map', guarded({ mappings: chance, names: [secret] })).secrets.map((hit) => hit.kind)).toEqual(['npm-token'])
    // A text in UTF-16 is searched as the text it reads as.
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect(analyzeFile('config.js', utf16(`export const token = "${secret}"\n`)).secrets.map((hit) => hit.kind)).toEqual(['npm-token'])
    expect(analyzeFile('app.js.map', utf16(mapWith({ mappings: 'AAAA', names: [secret] }).toString())).secrets.map((hit) => hit.kind)).toEqual(['npm-token'])
    // The same text as code is searched whole.
    expect(findSecrets(Buffer.from(`const mappings = "${chance}"`)).map((hit) => hit.kind)).toEqual(['aws-access-key-id', 'google-api-key'])
  })
})

const require = createRequire(import.meta.url)
const names: Record<string, string> = {
  'private-key': 'a PEM private key',
  'aws-access-key-id': 'an AWS access key id',
  'github-token': 'a GitHub token',
  'npm-token': 'an npm token',
  'slack-token': 'a Slack token',
  'stripe-live-key': 'a Stripe live key',
  'openai-api-key': 'an OpenAI API key',
  'anthropic-api-key': 'an Anthropic API key',
  'google-api-key': 'a Google API key',
}

describe('no false alarm on large real libraries', () => {
  const libraries = [
    ['typescript', 'lib/typescript.js'],
    ['vite', 'dist/node/chunks/node.js'],
    ['vite7', 'dist/node/chunks/config.js'],
    ['rollup', 'dist/es/shared/node-entry.js'],
    ['@rspack/core', 'dist/index.js'],
    ['esbuild', 'lib/main.js'],
    ['webpack', 'lib/javascript/syntax-printer.js'],
  ] as const
  it(`${libraries.length} bundles raise no secret finding`, () => {
    const cwd = tempDir()
    mkdirSync(join(cwd, 'dist'))
    for (const [name, file] of libraries) {
      const path = join(dirname(require.resolve(`${name}/package.json`)), file)
      copyFileSync(path, join(cwd, 'dist', `${name.replace(/\W/g, '-')}-${basename(file)}`))
    }
    const report = JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout)
    expect(report.files).toHaveLength(libraries.length)
    expect(report.summary.bytes).toBeGreaterThan(15_000_000)
    expect(report.findings.filter((finding: { rule: string }) => finding.rule === 'secret')).toEqual([])
  })
})

describe('files that must never ship', () => {
  it('refuses .env files, private keys and .npmrc by default, and --forbid globs', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n', 'dist/.env': 'A=1', 'dist/.env.production': 'A=1', 'dist/assets/.env-4f2a9c.production': 'A=1', 'dist/certs/server.pem': 'x', 'dist/id_rsa': 'x', 'dist/.npmrc': 'x', 'dist/keys/signing.key': 'x', 'dist/deploy/id_ed25519': 'x', 'dist/.netrc': 'x', 'dist/keys/store.p12': 'x', 'dist/keys/deploy.ppk': 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n' })
    expect(findingKeys(JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout))).toEqual([
      'forbidden-file .env',
      'forbidden-file .env.production',
      'forbidden-file .netrc',
      'forbidden-file .npmrc',
      'forbidden-file assets/.env-4f2a9c.production',
      'forbidden-file certs/server.pem',
      'forbidden-file deploy/id_ed25519',
      'forbidden-file id_rsa',
      'forbidden-file keys/deploy.ppk',
      'forbidden-file keys/store.p12',
    ])
    expect(findingKeys(JSON.parse(runCli(['scan', 'dist', '--json', '--forbid', '**/*.key'], { cwd }).stdout))).toContain('forbidden-file keys/signing.key')
  })

  it('refuses them in any case, compressed, and under the name Windows gives .netrc; code whose name merely starts like one passes; a --forbid glob keeps its case', () => {
    const cwd = tempDir({ 'dist/app.js': 'x()\n', 'dist/.ENV': 'A=1', 'dist/config/.Env.local': 'A=1', 'dist/SERVER.PEM': 'x', 'dist/CERT.P12': 'x', 'dist/_netrc': 'x', 'dist/sub/.npmrc.gz': gzipSync('//registry'), 'dist/Keys/Signing.KEY': 'x', 'dist/.Envelope.js': 'x()\n', 'dist/ID_RSAKeyForm.js': 'x()\n', 'dist/.ENV copy': 'A=1', 'dist/keys/ID_RSA.old': 'x', 'dist/keys/ID_RSA.bak': 'x' })
    expect(findingKeys(JSON.parse(runCli(['scan', 'dist', '--json', '--forbid', '**/*.key'], { cwd }).stdout))).toEqual([
      'forbidden-file .ENV',
      'forbidden-file .ENV copy',
      'forbidden-file CERT.P12',
      'forbidden-file SERVER.PEM',
      'forbidden-file _netrc',
      'forbidden-file config/.Env.local',
      'forbidden-file keys/ID_RSA.bak',
      'forbidden-file keys/ID_RSA.old',
      'forbidden-file sub/.npmrc.gz',
    ])
  })

  it('an ssh key\'s public half ships; the private key beside it, its backups, and a private key saved under a .pub name, in any format, do not', () => {
    const publicKey = `${'ssh'}-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${from(BASE64, 43)} deploy@ci\n`
    const rfc4716 = `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "deploy@ci"\nAAAAC3NzaC1lZDI1NTE5AAAAI${from(BASE64, 43)}\n---- END SSH2 PUBLIC KEY ----\n`
    // PuTTY's own format, which no secret shape covers: refused by its name.
    const putty = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: me\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI${from(BASE64, 43)}\nPrivate-Lines: 1\nAAAAI${from(BASE64, 43)}\nPrivate-MAC: ${'2b5a7c1d'.repeat(8)}\n`
    // As other tools and shells write public keys: a byte order mark, a security key's certificate,
    // authorized_keys options and a comment line, an RFC 4716 header continued with a backslash.
    const written = {
      'dist/keys/id_ed25519_bom.pub': `\uFEFF${publicKey}`,
      'dist/keys/id_ecdsa_sk-cert.pub': `sk-ssh-ed25519-cert-v01@openssh.com AAAAI${from(BASE64, 43)} me\n`,
      'dist/keys/id_rsa_options.pub': `# deploy key\nfrom="10.0.0.1, 10.0.0.2",no-pty ${publicKey}`,
      'dist/keys/id_dsa_rfc.pub': `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "a long comment \\\ncontinued"\nx-Key2-Version: 1\nAAAAC3NzaC1lZDI1NTE5AAAAI${from(BASE64, 43)}  \n---- END SSH2 PUBLIC KEY ----\n`,
    }
    const cwd = tempDir({ ...written, 'dist/app.js': 'x()\n', 'dist/keys/id_rsa.pub': publicKey, 'dist/keys/id_ed25519.pub': publicKey, 'dist/keys/ID_ECDSA.PUB': publicKey, 'dist/keys/id_rsa.pub.gz': gzipSync(publicKey), 'dist/keys/id_ecdsa.pub': rfc4716, 'dist/keys/id_rsa': 'x', 'dist/keys/id_rsa.old': 'x', 'dist/keys/id_dsa.pub': secrets['private-key'] as string, 'dist/keys/id_ed25519_putty.pub': putty })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['forbidden-file keys/id_dsa.pub', 'forbidden-file keys/id_ed25519_putty.pub', 'forbidden-file keys/id_rsa', 'forbidden-file keys/id_rsa.old', 'secret keys/id_dsa.pub:1'])
    expect(run.code).toBe(1)
    expect(runCli(['scan', 'dist', '--json', '--forbid', '**/*.pub'], { cwd }).stdout).toContain('keys/id_ed25519.pub')
  })

  it('an RFC 4716 block that is not one is read in linear time: headers continued with a backslash and no end line', () => {
    const crafted = `---- BEGIN SSH2 PUBLIC KEY ----\n${'a:\\\n'.repeat(60)}AAAA\n`
    // Read by a pattern that backtracks, this took two minutes; a few lines more, hours.
    const run = runCli(['scan', 'dist', '--json'], { cwd: tempDir({ 'dist/keys/id_rsa.pub': crafted }), timeoutMs: 30_000 })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['forbidden-file keys/id_rsa.pub'])
    expect(run.code).toBe(1)
  })

  it('a --forbid glob that names the scanned folder, and so could never match, exits 2 with the glob as meant', () => {
    const cwd = tempDir({ 'dist/keys/signing.key': 'x', 'dist/app.js': 'x()\n' })
    const cases: Array<[string, string]> = [
      ['dist/keys/**', 'keys/**'],
      ['./dist/keys/**', 'keys/**'],
      [`${join(cwd, 'dist').split(sep).join('/')}/keys/**`, 'keys/**'],
      ['dist/', '**'],
    ]
    for (const [glob, meant] of cases) {
      const run = runCli(['scan', 'dist', '--forbid', glob], { cwd })
      expect(run.code).toBe(2)
      expect(run.stderr.trimEnd()).toBe(`shipguard scan: --forbid '${glob}' can never match: paths are relative to the folder scanned (dist); write --forbid '${meant}'; run shipguard --help`)
    }
    // A folder that is not there is what the scan reports.
    expect(runCli(['scan', 'nope', '--forbid', 'nope/**'], { cwd }).stderr).toMatch(/^shipguard: nope: no such folder/)
  })

  it('a --forbid glob may start with the scanned folder\'s name where the folder holds one of that name', () => {
    const cwd = tempDir({ 'dist/dist/signing.key': 'x', 'dist/app.js': 'x()\n' })
    const run = runCli(['scan', 'dist', '--json', '--forbid', 'dist/*.key'], { cwd })
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['forbidden-file dist/signing.key'])
    expect(run.code).toBe(1)
  })

  it('key files that no name rule covers are searched: server.key, ssh_host_rsa_key, and any other text without an extension; binaries are not', () => {
    const key = secrets['private-key'] as string
    const cwd = tempDir({
      'dist/app.js': 'x()\n',
      'dist/certs/server.key': key,
      'dist/etc/ssh_host_rsa_key': key,
      'dist/bin/tool': Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]), Buffer.from(key)]),
      'dist/NOTES': `a token for the docs: ${secrets['github-token']}\n`,
      // As PowerShell 5's `>` writes it.
      'dist/certs/utf16.key': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(key, 'utf16le')]),
    })
    expect(findingKeys(JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout))).toEqual(['secret NOTES:1', 'secret certs/server.key:1', 'secret certs/utf16.key:1', 'secret etc/ssh_host_rsa_key:1'])
  })

  it('a .pem of certificates or public keys ships; one with a private key, or named by --forbid, does not', () => {
    const block = (label: string) => `-----BEGIN ${label}-----\n${from(BASE64, 64)}\n-----END ${label}-----\n`
    const cwd = tempDir({
      'dist/app.js': 'x()\n',
      'dist/certs/root-cas.pem': `# Mozilla roots\n${block('CERTIFICATE')}${block('CERTIFICATE')}`,
      'dist/keys/public.pem': block('PUBLIC KEY'),
      'dist/certs/server.pem': `${block('CERTIFICATE')}${block(`RSA ${'PRIVATE'} KEY`)}`,
      'dist/certs/empty.pem': '',
      'dist/certs/id_rsa.pub.pem': block('PUBLIC KEY'),
      // A key in another form beside a certificate: printed as text, unarmoured, as a JWK.
      'dist/certs/printed.pem': `${block('CERTIFICATE')}${'Private'}-Key: (2048 bit)\nmodulus:\n    00:c3:5e\n`,
      'dist/certs/unarmoured.pem': `${block('CERTIFICATE')}${from(BASE64, 64)}${from(BASE64, 64)}\n`,
      'dist/certs/jwk.pem': `${block('CERTIFICATE')}{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}\n`,
      // A CA bundle written as JavaScript strings, as some packages ship theirs.
      'dist/certs/as-strings.pem': `  // Example Root CA\n  "-----BEGIN CERTIFICATE-----\\n" +\n  "${from(BASE64, 60)}\\n" +\n  "-----END CERTIFICATE-----\\n"\n`,
    })
    expect(findingKeys(JSON.parse(runCli(['scan', 'dist', '--json'], { cwd }).stdout))).toEqual([
      'forbidden-file certs/empty.pem',
      'forbidden-file certs/id_rsa.pub.pem',
      'forbidden-file certs/jwk.pem',
      'forbidden-file certs/printed.pem',
      'forbidden-file certs/server.pem',
      'forbidden-file certs/unarmoured.pem',
      // Text like any other: the key in it is found by content too.
      'secret certs/server.pem:4',
    ])
    expect(findingKeys(JSON.parse(runCli(['scan', 'dist', '--json', '--forbid', 'certs/**'], { cwd }).stdout))).toContain('forbidden-file certs/root-cas.pem')
  })

  it('pack refuses a .env that npm would publish', () => {
    const dir = tempDir({ 'package.json': JSON.stringify({ name: 'leaky-env', version: '1.0.0' }), 'index.js': 'x()\n', '.env': 'TOKEN=1' })
    const run = runCli(['pack', dir, '--json'])
    expect(findingKeys(JSON.parse(run.stdout))).toEqual(['forbidden-file .env'])
    expect(run.code).toBe(1)
  })
})

describe('private keys as code writes them', () => {
  // Real keys, made at run time: their bodies are DER of the length their headers declare.
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey
  const pkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).privateKey
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding: { type: 'sec1', format: 'pem' } }).privateKey
  const linesOf = (pem: string) => pem.trim().split('\n')
  const bodyOf = (pem: string) => linesOf(pem).slice(1, -1)

  /** What a user sees scanning `dist`: the exit code and the findings, and the human output, which names the key without its body. */
  function scan(files: Record<string, string>) {
    const cwd = tempDir(files)
    const json = runCli(['scan', 'dist', '--json'], { cwd })
    return { code: json.code, findings: findingKeys(JSON.parse(json.stdout)), human: runCli(['scan', 'dist'], { cwd }).stdout }
  }

  function expectKeyFound(files: Record<string, string>, where: string, pem: string) {
    const { code, findings, human } = scan(files)
    expect(findings, where).toEqual([`secret ${where}`])
    expect(code, where).toBe(1)
    // The key's header and the length of its body, not of the first line the match ends in.
    expect(human, where).toContain(`dist/${where}: holds a PEM private key: ${linesOf(pem)[0]}… (a body of ${bodyOf(pem).join('').length} base64 characters),`)
    for (const line of bodyOf(pem)) expect(human, where).not.toContain(line.slice(-12))
  }

  it('passes a documentation key cut short inside a JS string whose line breaks are escaped, as it passes with real ones', () => {
    const [header, first] = linesOf(pkcs8) as [string, string]
    const footer = linesOf(pkcs8).at(-1) as string
    const example = (lineBreak: string) => `console.error("expected a key such as "+"${header}${lineBreak}${first.slice(0, 51)}...${lineBreak}${footer}")\n`
    for (const lineBreak of ['\n', '\\n', '\\r\\n', '\\\\n']) {
      expect(scan({ 'dist/cli.js': example(lineBreak) }), JSON.stringify(lineBreak)).toMatchObject({ code: 0, findings: [] })
    }
    // The whole key in the same place is one.
    expectKeyFound({ 'dist/cli.js': `\nconsole.error(${JSON.stringify(pkcs8)})\n` }, 'cli.js:2', pkcs8)
  })

  it('passes documentation that shows only a key\'s public start: a line then the footer, a cut between lines, (truncated), <rest of your key>, the first line every Ed25519 OpenSSH key starts with; finds a key that shows a private field', () => {
    const [header = '', first = ''] = linesOf(rsa)
    const footer = linesOf(rsa).at(-1) as string
    const last = bodyOf(rsa).at(-1) as string
    const [pk8Header = '', pk8First = '', pk8Second = ''] = linesOf(pkcs8)
    const pk8Footer = linesOf(pkcs8).at(-1) as string
    const ssh = (lines: string[]) => [`-----BEGIN OPENSSH ${'PRIVATE'} KEY-----`, ...lines, `-----END OPENSSH ${'PRIVATE'} KEY-----`].join('\n')
    // openssh-key-v1, unencrypted, one Ed25519 key: every such key's first 52 bytes.
    const sshFirst = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'
    const docs = {
      'dist/one-line.md': `${header}\n${first}\n${footer}\n`,
      'dist/between.md': `${header}\n${first}\n...\n${last}\n${footer}\n`,
      'dist/between-unicode.md': `${header}\n${first}\n\u2026\n${last}\n${footer}\n`,
      'dist/truncated.txt': `${pk8Header}\n${pk8First}\n${pk8Second}\n(truncated)\n${pk8Footer}\n`,
      'dist/rest.js': `const sample = "${pk8Header}\\n${pk8First}\\n<rest of your key>\\n${pk8Footer}";\n`,
      'dist/help.js': `console.log(\`${ssh([sshFirst])}\`)\n`,
      'dist/help.txt': `${ssh([sshFirst]).replace(/\n/g, '')}\n`,
    }
    expect(scan(docs)).toMatchObject({ code: 0, findings: [] })
    // An OpenSSH key of that kind: its private section starts at byte 98.
    const sshKey = Buffer.concat([Buffer.from(sshFirst, 'base64').subarray(0, 43), Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.from(from(BASE64, 32)), Buffer.from([0, 0, 0, 144]), Buffer.from(from(BASE64, 144))]).toString('base64')
    expect(sshKey.startsWith(sshFirst.slice(0, 68))).toBe(true)
    const sshLines = sshKey.match(/.{1,70}/g) as string[]
    const keys: Array<[string, string]> = [
      // Shown as far as its private exponent, then cut.
      ['rsa-cut.md', `${[header, ...bodyOf(rsa).slice(0, 7)].join('\n')}\n...\n${footer}\n`],
      // A cut followed by more than a line.
      ['rsa-tail.md', `${header}\n${first}\n...\n${bodyOf(rsa).slice(-3).join('\n')}\n${footer}\n`],
      // The first line of an EC key holds its private value whole, and an Ed25519 key in PKCS #8 is one line.
      ['ec.md', `${linesOf(ec)[0]}\n${linesOf(ec)[1]}\n${linesOf(ec).at(-1)}\n`],
      ['ed25519.md', generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()],
      ['ssh.md', ssh(sshLines)],
      ['ssh-cut.md', ssh([...sshLines.slice(0, 2), '...'])],
      // Its first line, a cut, and its last line: an OpenSSH key ends near its private key.
      ['ssh-last.md', ssh([sshFirst, '...', sshLines.at(-1) as string])],
      // Encrypted: the body is ciphertext, which cannot be measured.
      ['encrypted.md', `${header}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${from('0123456789ABCDEF', 32)}\n\n${first}\n${footer}\n`],
    ]
    for (const [name, text] of keys) expect(scan({ [`dist/${name}`]: text }), name).toMatchObject({ code: 1, findings: [`secret ${name}:1`] })
  })

  it('finds a key written as string pieces joined by + or as an array, as unminified builds ship it, by the fingerprint of the key itself', () => {
    const pieces = (pem: string, quote: string, join: string) => linesOf(pem).map((line) => `${quote}${line}\\n${quote}`).join(join)
    const items = (pem: string, quote: string, join: string) => linesOf(pem).map((line) => `${quote}${line}${quote}`).join(join)
    const forms: Record<string, [string, string]> = {
      // tsc and rollup without a minifier keep the pieces on lines of their own.
      'tsc.js': [`"use strict";\nexports.KEY = ${pieces(rsa, '"', ' +\n    ')};\n`, 'tsc.js:2'],
      'single.js': [`const KEY =\n  ${pieces(rsa, "'", ' +\n  ')}\nexport { KEY }\n`, 'single.js:2'],
      'template.js': [`export const KEY = ${pieces(rsa, '`', ' + ')}\n`, 'template.js:1'],
      'tight.js': [`export const KEY=${pieces(rsa, '"', '+')};\n`, 'tight.js:1'],
      'array.js': [`export const KEY = [${items(ec, '"', ', ')}].join("\\n")\n`, 'array.js:1'],
      'lines.js': [`export const KEY = [\n  ${items(ec, "'", ',\n  ')},\n].join('\\n')\n`, 'lines.js:2'],
    }
    for (const [name, [code, where]] of Object.entries(forms)) expectKeyFound({ [`dist/${name}`]: code }, where, name.includes('array') || name.includes('lines') ? ec : rsa)
    // Inside the sources a map carries, where each quote is escaped once more.
    const map = JSON.stringify({ version: 3, sources: ['../src/key.ts'], sourcesContent: [`export const KEY = ${pieces(rsa, '"', ' +\n  ')}\n`], mappings: 'AAAA', names: [] })
    const cwd = tempDir({ 'dist/app.js': 'x()\n', 'dist/app.js.map': map })
    expect(findingKeys(JSON.parse(runCli(['scan', 'dist', '--json', '--allow-maps'], { cwd }).stdout))).toEqual(['secret app.js.map:1', 'sources-content app.js.map'])
    // One key, one fingerprint, however it is written: an allowed key stays allowed.
    const fingerprints = [rsa, forms['tsc.js']?.[0] as string, forms['tight.js']?.[0] as string].map((text) => findSecrets(Buffer.from(text))[0]?.fingerprint)
    expect(fingerprints[0]).toMatch(/^sha256:/)
    expect(new Set(fingerprints).size).toBe(1)
  })

  it('finds a key written as C or Python string pieces side by side, commented out line by line (#, //, a block comment\'s *), or with XML-escaped line breaks, by the fingerprint of the key itself', () => {
    const forms: Record<string, [string, string, string]> = {
      'key.c': [`static const char *KEY =\n    ${linesOf(rsa).map((line) => `"${line}\\n"`).join('\n    ')};\n`, 'key.c:2', rsa],
      'key.py': [`KEY = (\n    ${linesOf(ec).map((line) => `'${line}\\n'`).join('\n    ')}\n)\n`, 'key.py:2', ec],
      'values.yaml': [`tls:\n  # key: |\n${linesOf(pkcs8).map((line) => `  # ${line}`).join('\n')}\n`, 'values.yaml:3', pkcs8],
      // As an .env.example keeps it (under a name no rule forbids: the key is found by content).
      'env.example': [`# PRIVATE_KEY="\n${linesOf(rsa).map((line) => `#${line}`).join('\n')}\n"\n`, 'env.example:2', rsa],
      // In code that keeps its comments (a library or a CLI published unminified).
      'config.js': [`export const port = 8080\n${linesOf(ec).map((line) => `// ${line}`).join('\n')}\n`, 'config.js:2', ec],
      'keys.js': [`/**\n * The signing key:\n${linesOf(pkcs8).map((line) => ` * ${line}`).join('\n')}\n */\nexport {}\n`, 'keys.js:3', pkcs8],
      'web.config': [`<configuration>\n  <appSettings>\n    <add key="SigningKey" value="${linesOf(rsa).join('&#xD;&#xA;')}" />\n    <add key="Other" value="${linesOf(ec).join('&#10;')}" />\n  </appSettings>\n</configuration>\n`, 'web.config:3', rsa],
    }
    for (const [name, [text, where, pem]] of Object.entries(forms)) {
      const files = name === 'web.config' ? { 'dist/web.config': text.replace(/\n.*Other.*\n/, '\n') } : { [`dist/${name}`]: text }
      expectKeyFound(files, where, pem)
      expect(findSecrets(Buffer.from(text))[0]?.fingerprint, name).toBe(findSecrets(Buffer.from(pem))[0]?.fingerprint)
    }
    expect(findSecrets(Buffer.from(forms['web.config']?.[0] as string)).map((hit) => hit.line)).toEqual([3, 4])
  })

  it('passes a placeholder key kept as base64 as it passes one in the open', () => {
    const placeholder = `-----BEGIN RSA PRIVATE KEY-----\n${'X'.repeat(64)}\n${'X'.repeat(64)}\n-----END RSA PRIVATE KEY-----\n`
    const cwd = tempDir({ 'dist/secret.yaml': `kind: Secret\ndata:\n  tls.key: ${Buffer.from(placeholder).toString('base64')}\n`, 'dist/docs.txt': placeholder })
    const run = runCli(['scan', 'dist', '--json'], { cwd })
    expect(JSON.parse(run.stdout).findings).toEqual([])
    expect(run.code).toBe(0)
  })

  it('finds a key kept as base64 of its text, as env stores and Kubernetes Secrets keep it and a bundler inlines it, by the fingerprint of the key itself; not a certificate or a public key so kept', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64')
    const certificate = `-----BEGIN CERTIFICATE-----\n${from(BASE64, 64)}\n${from(BASE64, 64)}\n-----END CERTIFICATE-----\n`
    const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding: { type: 'sec1', format: 'pem' } }).publicKey
    const secret = (key: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(certificate)}\n  tls.key: ${b64(key)}\n`
    // As `base64` wraps it, at 76 characters, in a shell script's here-document.
    const wrapped = (b64(rsa).match(/.{1,76}/g) as string[]).join('\n')
    const forms: Record<string, [string, string, string]> = {
      'server.js': [`const tls = { key: Buffer.from("${b64(pkcs8)}", "base64") };\n`, 'server.js:1', pkcs8],
      'secret.yaml': [secret(ec), 'secret.yaml:8', ec],
      // Text after the key that a placeholder test would take for one is not the key's.
      'notes.js': [`export const K = "${b64(`${rsa}# issued for the EXAMPLE project, password: XXXXXXXX\n`)}"\n`, 'notes.js:1', rsa],
      'deploy.sh': [`#!/bin/sh\nbase64 -d > key.pem <<EOF\n${wrapped}\nEOF\n`, 'deploy.sh:3', rsa],
      // A certificate and its key in one file, as some servers take them: the key's header falls anywhere in a group of three bytes.
      'bundle.txt': [`KEY=${b64(`${certificate}${rsa}`)}\nKEY1=${b64(`x${certificate}${rsa}`)}\nKEY2=${b64(`xy${certificate}${rsa}`)}\n`, '', rsa],
    }
    for (const [name, [text, where, pem]] of Object.entries(forms)) {
      const hits = findSecrets(Buffer.from(text))
      expect(hits.map((hit) => hit.fingerprint), name).toEqual(Array(name === 'bundle.txt' ? 3 : 1).fill(findSecrets(Buffer.from(pem))[0]?.fingerprint))
      if (where === '') continue
      const { code, findings, human } = scan({ [`dist/${name}`]: text })
      expect({ code, findings }, name).toEqual({ code: 1, findings: [`secret ${where}`] })
      expect(human, name).toContain(`holds a PEM private key: LS0tLS1CRUdJTi… (base64 of ${linesOf(pem)[0]}…, a body of ${bodyOf(pem).join('').length} base64 characters),`)
      expect(human, name).not.toContain(b64(pem).slice(40, 60))
    }
    expect(scan({ 'dist/public.yaml': secret(publicKey), 'dist/cert.js': `const ca = Buffer.from("${b64(certificate)}", "base64")\n` })).toMatchObject({ code: 0, findings: [] })
    // A documentation example so kept is measured as it is written out.
    expect(scan({ 'dist/doc.yaml': secret(`${linesOf(rsa)[0]}\n${bodyOf(rsa)[0]}\n...\n${linesOf(rsa).at(-1)}\n`) })).toMatchObject({ code: 0, findings: [] })
  })

  it('code that builds a key from a value held elsewhere is no key, minified or not', () => {
    const [header = '', footer = ''] = [linesOf(pkcs8)[0], linesOf(pkcs8).at(-1)]
    const label = header.slice('-----BEGIN '.length, -'-----'.length).replace('PRIVATE', '${type}')
    const code = [
      `export const toPem = (body) => "${header}\\n" + body + "\\n${footer}"`,
      `var n=function(e){return"${header}\\n"+e+"\\n${footer}"}`,
      `const wrap = (type, b64) => \`-----BEGIN ${label}-----\\n\${b64}\\n-----END ${label}-----\``,
      `const rsa = (b64) => \`${linesOf(rsa)[0]}\\n\${b64}\\n${linesOf(rsa).at(-1)}\``,
      `function p(t){return"${header}\\n"+t.match(/.{1,64}/g).join("\\n")+"\\n${footer}\\n"}`,
      `const pem = ["${header}", ...body.match(/.{1,64}/g), "${footer}"].join("\\n")`,
      `const lines = ['${linesOf(ec)[0]}', der.toString('base64'), '${linesOf(ec).at(-1)}']`,
      `if (text.startsWith("${header}") || text.startsWith("${linesOf(rsa)[0]}", 0)) parse(text)`,
      `const labels = { pkcs8: "${header}", pkcs1: "${linesOf(rsa)[0]}" }`,
    ].join('\n')
    expect(scan({ 'dist/lib.js': `${code}\n`, 'dist/lib.min.js': code.replace(/\n/g, ';') })).toMatchObject({ code: 0, findings: [] })
  })

  it('reads line breaks and an ellipsis written as \\u or \\x escapes as the characters they are', () => {
    const inString = (pem: string, lineBreak: string) => `export const KEY = "${linesOf(pem).join(lineBreak)}${lineBreak}"\n`
    for (const lineBreak of ['\\u000a', '\\u000d\\u000a', '\\x0a', '\\u000A']) expectKeyFound({ 'dist/app.js': inString(rsa, lineBreak) }, 'app.js:1', rsa)
    // A documentation example cut short, as esbuild writes it (ASCII only), passes.
    const [header, first] = linesOf(pkcs8) as [string, string]
    const cut = `console.error("expected a key such as ${header}\\u000a${first.slice(0, 51)}\\u2026\\u000a${linesOf(pkcs8).at(-1)}");\n`
    expect(scan({ 'dist/cli.js': cut })).toMatchObject({ code: 0, findings: [] })
  })

  it('finds a key on one line, its body right after its header, as env stores that drop line breaks write it; not text of that shape that is no key', async () => {
    const oneLine = (pem: string) => linesOf(pem).join('')
    expectKeyFound({ 'dist/config.js': `// settings\nprocess.env.PRIVATE_KEY ??= "${oneLine(rsa)}"\n` }, 'config.js:2', rsa)
    expectKeyFound({ 'dist/deploy.json': `{\n  "PRIVATE_KEY": ${JSON.stringify(oneLine(ec)).replace(/\//g, '\\/')}\n}\n` }, 'deploy.json:2', ec)
    expectKeyFound({ 'dist/settings.ini': `[tls]\nkey = ${oneLine(pkcs8)}\n` }, 'settings.ini:2', pkcs8)
    // The same key as on lines of its own: one fingerprint.
    expect(findSecrets(Buffer.from(oneLine(rsa)))[0]?.fingerprint).toBe(findSecrets(Buffer.from(rsa))[0]?.fingerprint)
    const [header = '', footer = ''] = [linesOf(rsa)[0], linesOf(rsa).at(-1)]
    const body = bodyOf(rsa).join('')
    const openSsh = (start: string) => `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----${start}${from(BASE64, 128)}-----END OPENSSH ${'PRIVATE'} KEY-----`
    expect(findSecrets(Buffer.from(openSsh('b3BlbnNzaC1rZXktdjEAAAAA'))).map((hit) => hit.kind)).toEqual(['private-key'])
    // Base64 that is not the DER its label says, or not all of it, a footer of another kind, an OpenSSH body without its magic: no key.
    const noKeys = [`${header}${from(BASE64, 128)}${footer}`, `${header}${body.slice(0, -8)}${footer}`, `${header}${body}${linesOf(ec).at(-1)}`, openSsh('AAAA')]
    expect(scan({ 'dist/notes.txt': `${noKeys.join('\n')}\n` })).toMatchObject({ code: 0, findings: [] })
    // Read in chunks, as files of 128 MB and more are, a key across the boundary is found whole.
    const text = `${'lorem ipsum\n'.repeat(100_000)}KEY=${oneLine(rsa)}\n`
    const cut = text.length - 800
    const streamed = await analyzeChunks('logs/build.log', (async function* () { yield Buffer.from(text.slice(0, cut)); yield Buffer.from(text.slice(cut)) })())
    expect(streamed.secrets.map(({ kind, line, fingerprint }) => ({ kind, line, fingerprint }))).toEqual([{ kind: 'private-key', line: 100_001, fingerprint: findSecrets(Buffer.from(rsa))[0]?.fingerprint }])
  })
})
