import { createHash } from 'node:crypto'

/** An entry of an asar archive: a file's bytes, a link from the archive's root, or a file packed beside it. */
export type AsarInput = string | Uint8Array | { link: string } | { unpacked: string }

type Folder = { files: Record<string, unknown> }

/**
 * An asar archive laid out as @electron/asar 4 writes it (checked against its output):
 * a pickle holding the header pickle's size, the header pickle holding the JSON of the
 * tree, then the files' bytes in the order given. A file whose bytes an earlier one
 * holds is stored once, as @electron/asar stores duplicates.
 */
export function asarOf(files: Record<string, AsarInput>): Buffer {
  const root: Folder = { files: {} }
  const data: Buffer[] = []
  const stored = new Map<string, number>()
  let offset = 0
  for (const [path, input] of Object.entries(files)) {
    const names = path.split('/')
    const name = names.pop() as string
    let folder = root
    for (const part of names) folder = (folder.files[part] ??= { files: {} }) as Folder
    if (typeof input === 'object' && 'link' in input) {
      folder.files[name] = { link: input.link }
      continue
    }
    const bytes = Buffer.from(typeof input === 'object' && 'unpacked' in input ? input.unpacked : input)
    const hash = createHash('sha256').update(bytes).digest('hex')
    const integrity = { algorithm: 'SHA256', hash, blockSize: 4 * 1024 * 1024, blocks: [hash] }
    if (typeof input === 'object' && 'unpacked' in input) {
      folder.files[name] = { size: bytes.length, unpacked: true, integrity }
      continue
    }
    const at = stored.get(hash) ?? offset
    folder.files[name] = { size: bytes.length, offset: String(at), integrity }
    if (at !== offset) continue
    stored.set(hash, at)
    data.push(bytes)
    offset += bytes.length
  }
  return asarWithHeader(root, Buffer.concat(data))
}

/** An asar archive of the header tree given, as written, and the files' bytes after it. */
export function asarWithHeader(tree: object, data: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(tree))
  // The header pickle: its payload size, the JSON's length, the JSON padded to 4 bytes.
  const header = Buffer.alloc(8 + Math.ceil(json.length / 4) * 4)
  header.writeUInt32LE(header.length - 4, 0)
  header.writeUInt32LE(json.length, 4)
  json.copy(header, 8)
  const sizes = Buffer.alloc(8)
  sizes.writeUInt32LE(4, 0)
  sizes.writeUInt32LE(header.length, 4)
  return Buffer.concat([sizes, header, data])
}
