import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RULES, ruleDocPath, ruleInfo } from '../../src/lint/catalogue.js'

const ROOT = join(import.meta.dirname, '..', '..')
const docs = readFileSync(join(ROOT, 'docs', 'lint-rules.md'), 'utf8')

/** Every `rule: '...'` literal the rule files report. */
function reportedIds(): string[] {
  const dir = join(ROOT, 'src', 'lint', 'rules')
  const ids = new Set<string>()
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/rule: '([a-z-]+\/[a-z-]+)'/g)) ids.add(m[1]!)
  }
  return [...ids].sort()
}

describe('rule catalogue', () => {
  it('describes every rule id the rules report (SARIF needs them)', () => {
    const ids = reportedIds()
    expect(ids.length).toBeGreaterThan(40)
    expect(ids.filter((id) => !RULES.has(id))).toEqual([])
  })
  it('documents every rule in docs/lint-rules.md under the anchor ruleDocPath names', () => {
    for (const id of RULES.keys()) {
      const anchor = ruleDocPath(id).split('#')[1]!
      expect(docs, id).toContain(`<a id="${anchor}"></a>`)
    }
  })
  it('documents each rule with the catalogue severity', () => {
    for (const [id, info] of RULES) {
      if (!id.includes('/') || /^(yaml|io|defs)\//.test(id)) continue
      expect(docs, id).toContain(`#### \`${id}\` (${info.severity})`)
    }
  })
  it('falls back to the family for loader ids (schema/type → schema)', () => {
    expect(ruleInfo('schema/type')?.severity).toBe('error')
    expect(ruleInfo('nope/nothing')).toBeUndefined()
  })
})
