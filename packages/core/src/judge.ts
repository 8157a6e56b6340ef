import picomatch from 'picomatch'
import type { FileFacts } from './analyze.js'
import { compareFindings, type Finding, type Policy } from './findings.js'
import { linkFiles, type LinkGraph } from './links.js'
import { rules } from './rules/index.js'

export interface JudgeOptions {
  policy: Policy
  /** Globs over file paths whose findings are waived (`--allow`). */
  allow?: readonly string[] | undefined
}

export interface Judgement {
  findings: Finding[]
  /** Findings waived by an allow glob; counted so that the summary shows them. */
  allowed: number
  links: LinkGraph
}

export function judge(files: readonly FileFacts[], options: JudgeOptions): Judgement {
  const links = linkFiles(files)
  const context = { files, links, policy: options.policy }
  const isAllowed = options.allow && options.allow.length > 0 ? picomatch([...options.allow], { dot: true }) : () => false
  const findings: Finding[] = []
  let allowed = 0
  for (const rule of rules) {
    for (const draft of rule.check(context)) {
      if (isAllowed(draft.file)) {
        allowed++
        continue
      }
      findings.push({ ...draft, severity: rule.severity, fixed: false })
    }
  }
  findings.sort(compareFindings)
  return { findings, allowed, links }
}
