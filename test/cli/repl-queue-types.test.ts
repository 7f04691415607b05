import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { outputOf, spawnRepl, type Run } from './repl-helpers.js'

// Scripted REPL sessions for queue types, priorities and single active consumer: what a user sees.
// 3.10 rules: docs/reference/rabbitmq-3.10-delivery-observed.md (observed on 3.10.8); 4.x rules from
// rabbitmq-server's rabbit_fifo.erl, rabbit_fifo_client.erl, rabbit_fifo_q.erl, rabbit_fifo_pq.erl, rabbit_stream_queue.erl.
const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-repl-qt-'))

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    try { execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' }) } catch { /* emits anyway */ }
  }
}, 120_000)


const TOPOLOGY = `
queues:
  prio:
    arguments: { x-max-priority: 5 }
  solo:
    arguments: { x-single-active-consumer: true }
  jobs:
    arguments: { x-queue-type: quorum }
  limited:
    arguments: { x-queue-type: quorum, x-delivery-limit: 1, x-dead-letter-exchange: "", x-dead-letter-routing-key: dead }
  full:
    arguments: { x-queue-type: quorum, x-max-length: 2, x-overflow: reject-publish }
  events:
    arguments: { x-queue-type: stream }
  dead: {}
`

let counter = 0
function repl(script: string, version: string): Run {
  const file = join(dir, `t${++counter}.yaml`)
  writeFileSync(file, TOPOLOGY)
  const s = join(dir, `s${counter}.rms`)
  writeFileSync(s, script)
  return spawnRepl([file, '--rabbitmq', version, '--script', s], { dir })
}


/** Message names in the order `inspect <queue>` lists them. */
const inspectOrder = (run: Run, queue: string): string[] =>
  outputOf(run, `inspect ${queue}`).flatMap((l) => /^ +\d+\. (m\d+)/.exec(l)?.[1] ?? [])

/** "→ <consumer> ← <message>" delivery lines as [consumer, message] pairs. */
const delivered = (lines: readonly string[]): string[][] =>
  lines.flatMap((l) => { const m = /^→ (\S+) ← (m\d+)/.exec(l); return m ? [[m[1]!, m[2]!]] : [] })

describe('repl: classic priority queues (all versions)', () => {
  it('3.10: higher first, FIFO within a priority, above the max counts as the max, none counts as 0', () => {
    const r = repl([
      'publish "" prio --body none', 'publish "" prio --priority 1', 'publish "" prio --priority 5', 'publish "" prio --priority 9',
      'publish "" prio --priority 5', 'inspect prio', 'queues',
    ].join('\n'), '3.10')
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(inspectOrder(r, 'prio')).toEqual(['m3', 'm4', 'm5', 'm2', 'm1'])
    expect(outputOf(r, 'queues').join('\n')).toMatch(/prio +5 +5 +0 +0 +max-priority 5/)
  })

  it('4.3: a waiting consumer gets the first message at once; the rest are reordered', () => {
    const r = repl(['consume prio --tag c --prefetch 1', 'publish "" prio --priority 1', 'publish "" prio --priority 5', 'publish "" prio --priority 3', 'ack 1', 'ack 2'].join('\n'), '4.3')
    expect(delivered(r.stdout.split('\n'))).toEqual([['c', 'm1'], ['c', 'm2'], ['c', 'm3']])
  })
})

describe('repl: single active consumer', () => {
  it('only the active consumer receives; after it cancels the next takes over the backlog at once (not the 3.10.8 stall)', () => {
    // 3.10.8 stalls the new active consumer until the old channel closes and crashes on a publish meanwhile
    // (observed item 16, a broker bug): the simulation shows the intended behaviour.
    const r = repl([
      'consume solo --tag a --prefetch 1 --channel one', 'consume solo --tag b --channel two', 'consumers',
      'publish "" solo --count 3', 'cancel a',
    ].join('\n'), '3.10')
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const table = outputOf(r, 'consumers').join('\n')
    expect(table).toMatch(/^ +a +solo +one +1 +0 +manual +active/m)
    expect(table).toMatch(/^ +b +solo +two +unlimited +0 +manual +waiting/m)
    expect(delivered(outputOf(r, 'publish "" solo --count 3'))).toEqual([['a', 'm1']])
    expect(delivered(outputOf(r, 'cancel a'))).toEqual([['b', 'm2'], ['b', 'm3']])
  })
})

describe('repl: quorum queues', () => {
  it('declare refuses x-max-priority with RabbitMQ\'s text', () => {
    const r = repl('declare queue qq --arg x-queue-type=quorum --arg x-max-priority=5', '4.3')
    expect(outputOf(r, 'declare queue qq --arg x-queue-type=quorum --arg x-max-priority=5')[0]).toBe(
      `error: PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'qq' in vhost '/' of queue type rabbit_quorum_queue`)
  })

  it('3.10: x-delivery-limit 1 allows 2 deliveries, x-delivery-count shows on the redelivery, then delivery_limit dead-letters it', () => {
    const r = repl(['publish "" limited --body j', 'get limited', 'nack 1', 'get limited', 'nack 2', 'get dead'].join('\n'), '3.10')
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(outputOf(r, 'get limited', 0)).toContain('     headers x-delivery-count: 0 (long)')
    expect(outputOf(r, 'get limited', 1)).toContain('     headers x-delivery-count: 1 (long)')
    expect(outputOf(r, 'nack 2').join('\n')).toMatch(/dead-lettered m1 from limited \(delivery_limit\)/)
    const dead = outputOf(r, 'get dead').join('\n')
    expect(dead).toMatch(/count 1 · delivery_limit · queue limited/)
    expect(dead).not.toMatch(/x-delivery-count/)
  })

  it('4.3: basic.get has no x-delivery-count on a first delivery (rabbit_fifo_client, 3.12+)', () => {
    const r = repl(['publish "" jobs', 'get jobs'].join('\n'), '4.3')
    expect(outputOf(r, 'get jobs').join('\n')).not.toMatch(/x-delivery-count/)
  })

  it.each([
    ['3.10', ['m4', 'm2', 'm3', 'm1']], // no delivery limit: appended at the tail, in nack order (item 2)
    ['4.0', ['m2', 'm3', 'm1', 'm4']], // default limit 20: returns are served first, in nack order
  ])('%s: requeue position', (version, order) => {
    const r = repl(['publish "" jobs --count 4', 'get jobs', 'get jobs', 'get jobs', 'nack 2', 'nack 3', 'nack 1', 'inspect jobs'].join('\n'), version)
    expect(inspectOrder(r, 'jobs')).toEqual(order)
  })

  it('3.10: overflow reject-publish accepts the message that crosses the limit, then nacks (item 10)', () => {
    const r = repl(['publish "" full --count 4'].join('\n'), '3.10')
    const out = outputOf(r, 'publish "" full --count 4').join('\n')
    expect(out).toMatch(/full refused m4 \(reject-publish/)
    expect(out).not.toMatch(/refused m3/)
  })

  it('4.0: message priorities in two buckets (priority > 4 is high)', () => {
    const r = repl(['publish "" jobs', 'publish "" jobs --priority 4', 'publish "" jobs --priority 5', 'publish "" jobs --priority 9', 'inspect jobs'].join('\n'), '4.0')
    expect(inspectOrder(r, 'jobs')).toEqual(['m3', 'm4', 'm1', 'm2'])
  })
})

describe('repl: streams', () => {
  it('consumers read from an offset with a prefetch; nothing is removed on ack; basic.get is refused', () => {
    const r = repl([
      'publish "" events --count 3', 'consume events', 'consume events --tag first --prefetch 10 --offset first --channel a',
      'ack 0 --multiple --channel a', 'consume events --tag late --prefetch 10 --offset 2 --channel b', 'get events --channel c', 'queues', 'consumers',
    ].join('\n'), '4.3')
    expect(outputOf(r, 'consume events')[0]).toBe(`error: PRECONDITION_FAILED - consumer prefetch count is not set for stream queue 'events' in vhost '/'`)
    expect(delivered(outputOf(r, 'consume events --tag first --prefetch 10 --offset first --channel a'))).toEqual([['first', 'm1'], ['first', 'm2'], ['first', 'm3']])
    expect(delivered(outputOf(r, 'consume events --tag late --prefetch 10 --offset 2 --channel b'))).toEqual([['late', 'm3']])
    expect(outputOf(r, 'get events --channel c')[0]).toBe(`error: NOT_IMPLEMENTED - basic.get not supported by stream queues queue 'events' in vhost '/'`)
    expect(outputOf(r, 'queues').join('\n')).toMatch(/events +3 +3 +1 +2 +stream/)
    expect(outputOf(r, 'consumers').join('\n')).toMatch(/^ +first +events +a +10 +0 +manual +3/m)
  })
})

describe('docs/repl.md', () => {
  it('has a "Queue types" section', () => {
    expect(readFileSync(join(ROOT, 'docs/repl.md'), 'utf8')).toMatch(/^## Queue types/m)
  })
})
