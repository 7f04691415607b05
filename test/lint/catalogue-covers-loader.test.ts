import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ruleInfo } from '../../src/lint/catalogue.js'

// Every rule id the loader can report needs a catalogue entry: SARIF lists it under tool.driver.rules.
test('every yaml/json/defs/io/schema rule id written in src/topology has a catalogue entry', () => {
  const dir = join(import.meta.dirname, '../../src/topology')
  const ids = new Set<string>()
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'((?:yaml|json|defs|io)\/[a-z-]+)'/g)) ids.add(m[1]!)
  }
  expect(ids.size).toBeGreaterThan(10)
  const missing = [...ids].filter((id) => ruleInfo(id) === undefined)
  expect(missing).toEqual([])
})
