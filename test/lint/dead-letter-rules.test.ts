import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bind, ex, lint, only, pol, qu } from './helpers.js'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'rmq-sim.js')

describe('dlx/shared-without-rk', () => {
  it('two queues dead-letter to one exchange without a routing key and meet in one queue', () => {
    const ds = lint({
      exchanges: [ex('in', 'fanout'), ex('dlx', 'fanout')],
      queues: [qu('a', { args: { 'x-dead-letter-exchange': 'dlx' } }), qu('b', { args: { 'x-dead-letter-exchange': 'dlx' } }), qu('dead')],
      bindings: [bind('in', 'a'), bind('in', 'b'), bind('dlx', 'dead')],
    })
    expect(only(ds, 'dlx/shared-without-rk').map((d) => [d.severity, d.path.join('/')])).toEqual([['info', 'queues/b/arguments/x-dead-letter-exchange']])
  })
  it('not when each sets x-dead-letter-routing-key, or when their dead letters reach different queues', () => {
    const rk = lint({
      exchanges: [ex('in', 'fanout'), ex('dlx', 'direct')],
      queues: [qu('a', { args: { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'a' } }), qu('b', { args: { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'b' } }), qu('a.dlq'), qu('b.dlq')],
      bindings: [bind('in', 'a'), bind('in', 'b'), bind('dlx', 'a.dlq', 'a'), bind('dlx', 'b.dlq', 'b')],
    })
    expect(only(rk, 'dlx/shared-without-rk')).toEqual([])
    const apart = lint({
      exchanges: [ex('x', 'direct'), ex('dlx', 'direct')],
      queues: [qu('a', { args: { 'x-dead-letter-exchange': 'dlx' } }), qu('b', { args: { 'x-dead-letter-exchange': 'dlx' } }), qu('a.dlq'), qu('b.dlq')],
      bindings: [bind('x', 'a', 'ka'), bind('x', 'b', 'kb'), bind('dlx', 'a.dlq', 'ka'), bind('dlx', 'b.dlq', 'kb')],
    })
    expect(only(apart, 'dlx/shared-without-rk')).toEqual([])
  })
})

describe('ttl/head-of-line', () => {
  const loop = (waitArgs: Record<string, number | string>) => lint({
    exchanges: [ex('work', 'direct'), ex('wait', 'direct')],
    queues: [qu('jobs', { args: { 'x-dead-letter-exchange': 'wait' } }), qu('jobs.wait', { args: { 'x-dead-letter-exchange': 'work', ...waitArgs } })],
    bindings: [bind('work', 'jobs', 'job'), bind('wait', 'jobs.wait', 'job')],
  })
  it('a retry loop with no queue TTL relies on per-message expiration: info', () => {
    expect(only(loop({}), 'ttl/head-of-line').map((d) => d.severity)).toEqual(['info'])
  })
  it('not when the wait queue has x-message-ttl (one TTL for all), or by policy', () => {
    expect(only(loop({ 'x-message-ttl': 5000 }), 'ttl/head-of-line')).toEqual([])
    const ds = lint({
      exchanges: [ex('work', 'direct'), ex('wait', 'direct')],
      queues: [qu('jobs', { args: { 'x-dead-letter-exchange': 'wait' } }), qu('jobs.wait', { args: { 'x-dead-letter-exchange': 'work' } })],
      bindings: [bind('work', 'jobs', 'job'), bind('wait', 'jobs.wait', 'job')],
      policies: [pol('ttl', '^jobs\\.wait$', { 'message-ttl': 1000 }, { applyTo: 'queues' })],
    })
    expect(only(ds, 'ttl/head-of-line')).toEqual([])
  })
})

describe('dlx/cycle-without-reject: max-length deaths', () => {
  const ring = (overflow?: string) => lint({
    exchanges: [ex('a', 'fanout'), ex('b', 'fanout')],
    queues: [
      qu('qa', { args: { 'x-max-length': 10, 'x-dead-letter-exchange': 'b', ...(overflow ? { 'x-overflow': overflow } : {}) } }),
      qu('qb', { args: { 'x-max-length-bytes': 1000, 'x-dead-letter-exchange': 'a' } }),
    ],
    bindings: [bind('a', 'qa'), bind('b', 'qb')],
  })
  it('a loop of drop-head (default) or reject-publish-dlx queues loses messages (maxlen is not a rejection)', () => {
    expect(only(ring(), 'dlx/cycle-without-reject').map((d) => d.message)).toEqual([expect.stringContaining('max-length overflow alone')])
    expect(only(ring('reject-publish-dlx'), 'dlx/cycle-without-reject').length).toBe(1)
  })
  it('not with overflow reject-publish, which dead-letters nothing', () => {
    expect(only(ring('reject-publish'), 'dlx/cycle-without-reject')).toEqual([])
  })
  it('a max-length from a policy counts too', () => {
    const ds = lint({
      exchanges: [ex('a', 'fanout'), ex('b', 'fanout')],
      queues: [qu('qa', { args: { 'x-dead-letter-exchange': 'b' } }), qu('qb', { args: { 'x-message-ttl': 10, 'x-dead-letter-exchange': 'a' } })],
      bindings: [bind('a', 'qa'), bind('b', 'qb')],
      policies: [pol('cap', '^qa$', { 'max-length': 5 }, { applyTo: 'queues' })],
    })
    expect(only(ds, 'dlx/cycle-without-reject').map((d) => d.message)).toEqual([expect.stringContaining('expiry or max-length overflow')])
  })
})

describe('qq/delivery-limit-default', () => {
  const qq = (args: Record<string, number | string> = {}) => qu('q', { args: { 'x-queue-type': 'quorum', ...args } })
  it('not for a file that names no version (written for the default), nor before 4.0, nor with x-delivery-limit or a policy', () => {
    expect(only(lint({ queues: [qq()] }, '4.0'), 'qq/delivery-limit-default')).toEqual([])
    expect(only(lint({ queues: [qq()] }, '3.13'), 'qq/delivery-limit-default')).toEqual([])
    expect(only(lint({ queues: [qq({ 'x-delivery-limit': 50 })] }, '4.1'), 'qq/delivery-limit-default')).toEqual([])
    expect(only(lint({ queues: [qq()], policies: [pol('dl', '.*', { 'delivery-limit': 5 }, { applyTo: 'queues' })] }, '4.1'), 'qq/delivery-limit-default')).toEqual([])
  })
  it('a file written for 3.x linted with --rabbitmq 4.1 (an upgrade check): warning, through the bin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-qq-'))
    writeFileSync(join(dir, 't.yaml'), 'rabbitmq: "3.13"\nexchanges:\n  x: {type: fanout}\nqueues:\n  q:\n    arguments: {x-queue-type: quorum}\nbindings:\n  - {source: x, destination: q}\n')
    const run = (extra: string[]) => JSON.parse(spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', ...extra, 't.yaml'], { cwd: dir, encoding: 'utf8' }).stdout)
    const up = run(['--rabbitmq', '4.1']).files[0].diagnostics
    expect(up.map((d: { rule: string; severity: string; line: number; col: number }) => `${d.rule}:${d.severity}@${d.line}:${d.col}`)).toEqual(['qq/delivery-limit-default:warning@6:31'])
    expect(run([]).files[0].diagnostics).toEqual([])
    const dlx = run(['--rabbitmq', '4.0'])
    expect(dlx.files[0].diagnostics[0].message).toContain('this file is for 3.13, but from RabbitMQ 4.0 the default is 20, so a message returned 20 times is dropped')
  })
})

describe('dlx/shared-without-rk: a policy-set DLX is shared on purpose', () => {
  it('not reported when one policy sets the DLX for both queues', () => {
    const ds = lint({
      exchanges: [ex('in', 'fanout'), ex('dlx', 'fanout')],
      queues: [qu('orders.a'), qu('orders.b'), qu('dead')],
      bindings: [bind('in', 'orders.a'), bind('in', 'orders.b'), bind('dlx', 'dead')],
      policies: [pol('dl', '^orders\\.', { 'dead-letter-exchange': 'dlx' }, { applyTo: 'queues' })],
    })
    expect(only(ds, 'dlx/shared-without-rk')).toEqual([])
  })
})
