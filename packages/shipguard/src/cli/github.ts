import type { Manifest } from '@shipguard/core'
import { printable } from './printable.js'

// Workflow command syntax: data and properties escape differently. Line breaks are the
// syntax's own escapes; other control characters are written out as in the human report.
function escapeData(text: string): string {
  return printable(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::error file=…` lines that GitHub Actions turns into annotations on the files. */
export function githubAnnotations(root: string, manifest: Manifest): string {
  const prefix = root === '.' ? '' : `${root.replace(/\/+$/, '')}/`
  let out = ''
  for (const finding of manifest.findings) {
    if (finding.fixed) continue
    const properties = [`file=${escapeProperty(prefix + finding.file)}`]
    if (finding.line !== undefined) properties.push(`line=${finding.line}`)
    properties.push(`title=${escapeProperty(`shipguard ${finding.rule}`)}`)
    out += `::${finding.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(`${finding.message}. Fix: ${finding.fix}`)}\n`
  }
  return out
}
