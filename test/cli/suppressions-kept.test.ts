import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, spawnRepl } from './repl-helpers.js'

// REPL `save` rewrites the YAML it loaded (topology/write-yaml.ts updateYamlDocument): the suppression comments of
// docs/lint-rules.md must survive it, and still suppress when the saved file is linted.
const TOPO = [
  'exchanges:',
  '  orders: {type: topic}',
  'queues:',
  '  orders: {}',
  '  # rmq-sim-disable-next-line queue/unbound -- publishers use the default exchange',
  '  rpc.requests: {}',
  '  audit: {}   # rmq-sim-disable-line queue/unbound -- read by the audit job',
  '# rmq-sim-disable topic/literal-wildcard-char -- legacy keys with a literal star',
  'bindings:',
  '  - {source: orders, destination: orders, routing_key: "order*"}',
  '# rmq-sim-enable topic/literal-wildcard-char',
  '',
].join('\n')

const lintJson = (dir: string, file: string) => JSON.parse(spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', file], { cwd: dir, encoding: 'utf8' }).stdout) as {
  files: { diagnostics: { rule: string }[]; suppressed: { rule: string; suppression: { justification: string | null } }[] }[]
}

describe('suppression comments survive REPL save', () => {
  it('save (in place) after a change keeps every directive, and they still suppress', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-keep-'))
    const file = join(dir, 't.yaml')
    writeFileSync(file, TOPO)
    const before = lintJson(dir, 't.yaml').files[0]!
    expect(before.suppressed.map((d) => d.rule)).toEqual(['queue/unbound', 'queue/unbound', 'topic/literal-wildcard-char'])
    const r = spawnRepl([file], { dir, input: 'declare exchange extra fanout\nbind extra orders\nsave\n' })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toBe(TOPO)
    // the comment text is kept word for word (the writer may re-space what precedes an end-of-line comment)
    for (const line of TOPO.split('\n').filter((l) => l.includes('# rmq-sim-'))) expect(text).toContain(line.slice(line.indexOf('# rmq-sim-')))
    const after = lintJson(dir, 't.yaml').files[0]!
    expect(after.suppressed.map((d) => `${d.rule}:${d.suppression.justification}`)).toEqual([
      'queue/unbound:publishers use the default exchange', 'queue/unbound:read by the audit job', 'topic/literal-wildcard-char:legacy keys with a literal star',
    ])
    expect(after.diagnostics.map((d) => d.rule)).toEqual([])
  })
})
