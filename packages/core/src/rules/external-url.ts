import type { FindingDraft } from '../findings.js'
import { distinct, mapsOf, pathsOfNote, type Rule } from './rule.js'

const REMOTE_URL = /^(https?|ftp):\/\/|^\/\//i

/** A link or a map's source points at a remote URL, which may reveal internal hosts. */
export const externalUrlRule: Rule = {
  id: 'external-url',
  severity: 'warning',
  check(context) {
    const { files, links } = context
    const urlsByFile = new Map<string, { line: number | undefined; urls: string[] }>()
    const add = (file: string, line: number | undefined, urls: string[]) => {
      if (urls.length === 0) return
      const entry = urlsByFile.get(file) ?? { line, urls: [] }
      for (const url of urls) entry.urls.push(url)
      urlsByFile.set(file, entry)
    }
    for (const file of files) {
      const target = links.targets.get(file.path)
      if (file.link && target?.type === 'external' && target.remote) add(file.path, file.link.line, [file.link.url])
    }
    for (const { file, map, inline } of mapsOf(context)) add(file.path, inline?.line, pathsOfNote(map).filter((path) => REMOTE_URL.test(path)))
    const drafts: FindingDraft[] = []
    for (const [file, { line, urls }] of urlsByFile) drafts.push({ rule: 'external-url', file, line, urls: distinct(urls) })
    return drafts
  },
}
