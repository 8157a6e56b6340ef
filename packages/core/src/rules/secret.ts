import type { FindingDraft } from '../findings.js'
import type { Rule } from './rule.js'

/** Shipped text (code, JSON, other text, the sources a map carries) holds a secret of a known shape. */
export const secretRule: Rule = {
  id: 'secret',
  severity: 'error',
  check({ files, allowedSecrets, secretsAllowedIn }) {
    const drafts: FindingDraft[] = []
    for (const file of files) {
      if (file.secrets.length === 0 || secretsAllowedIn(file.path) !== undefined) continue
      for (const secret of file.secrets) {
        if (allowedSecrets.has(secret.fingerprint)) continue
        drafts.push({ rule: 'secret', file: file.path, line: secret.line, kind: secret.kind, masked: secret.masked, fingerprint: secret.fingerprint })
      }
    }
    return drafts
  },
}
