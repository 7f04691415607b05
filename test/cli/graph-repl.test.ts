import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { outputOf, spawnRepl } from './repl-helpers.js'

const SAMPLE = resolve(import.meta.dirname, '../../samples/orders-service.yaml')

describe('REPL graph (through bin/rmq-sim.js repl --script)', () => {
  it('writes the live topology (run-time bindings included) in the format the file name says, route highlighted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-graph-repl-'))
    writeFileSync(join(dir, 'taken.mmd'), 'keep\n')
    const script = [
      'bind orders orders.unrouted "x.*"',
      'graph live.mmd --exchange orders --key x.y',
      'graph live.dot',
      'graph page.html -e orders -k order.created',
      'graph taken.mmd',
      'graph taken.mmd --force --format dot',
      'graph nowhere/x.mmd',
      'graph bad.mmd -e nope',
      'graph bad.mmd --key a',
    ].join('\n')
    const run = spawnRepl([SAMPLE, '--script', '-'], { dir, input: `${script}\n` })
    expect(outputOf(run, 'graph live.mmd --exchange orders --key x.y')).toEqual(['wrote live.mmd (mermaid, route highlighted)'])
    const mmd = readFileSync(join(dir, 'live.mmd'), 'utf8')
    // the binding made in the session is the 10th edge (index 9), and it carries the route
    expect(mmd.split('\n').filter((l) => l.includes('-->'))[9]).toBe('  v0_x0 -->|"x.*"| v0_q2')
    expect(mmd).toContain('  linkStyle 9 stroke:#2563eb,stroke-width:4px\n')
    expect(mmd).toContain('  class v0_x0,v0_q2 route\n')
    expect(readFileSync(join(dir, 'live.dot'), 'utf8')).toMatch(/^digraph topology \{/)
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toContain('value="order.created"')
    expect(outputOf(run, 'graph taken.mmd')).toEqual([`error: graph: ${join(dir, 'taken.mmd')} exists: not overwritten (use --force to replace it)`])
    expect(readFileSync(join(dir, 'taken.mmd'), 'utf8')).toMatch(/^digraph/)
    expect(outputOf(run, 'graph nowhere/x.mmd')).toEqual([`error: graph: cannot write in ${join(dir, 'nowhere')}: no such directory`])
    expect(outputOf(run, 'graph bad.mmd -e nope')).toEqual(["error: graph: --exchange: NOT_FOUND - no exchange 'nope' in vhost '/'"])
    expect(outputOf(run, 'graph bad.mmd --key a')[0]).toContain('give --exchange too')
    expect(run.code).toBe(1)
  })
})
