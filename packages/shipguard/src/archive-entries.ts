import type { ArchiveEntry, ArchivePacking, FileContent } from '@shipguard/core'
import { asarEntries } from './asar-entries.js'
import { tarEntries } from './tar-entries.js'

/** The reader for each format of archive the engine finds among the files. */
export function archiveEntries(content: FileContent, packing: ArchivePacking): AsyncIterable<ArchiveEntry> {
  return packing === 'asar' ? asarEntries(content) : tarEntries(content, packing)
}
