import { hasAsarName, holdsAsarHeader } from './asar-header.js'
import { tarPacking, type TarPacking } from './tar-header.js'

/** The formats of archive whose files are judged one by one: tar as it is stored, or asar. */
export type ArchivePacking = TarPacking | 'asar'

/**
 * Whether a file is an archive shipguard opens, by its content whatever its name. A file
 * under an asar's name is opened too, and refused if it cannot be read as one: Electron
 * loads it by that name, so one whose header shipguard cannot read is an app it cannot judge.
 */
export function archivePacking(path: string, head: Uint8Array): ArchivePacking | undefined {
  if (holdsAsarHeader(head)) return 'asar'
  return tarPacking(path, head) ?? (hasAsarName(path) ? 'asar' : undefined)
}
