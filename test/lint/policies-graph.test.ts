import { describe, expect, it } from 'vitest'
import { instantiateTopic } from '../../src/lint/rules/graph.js'
import { bind, ex, ids, lint, only, pol, qu } from './helpers.js'

const base = { exchanges: [ex('orders', 'fanout')], queues: [qu('orders'), qu('reorders')], bindings: [bind('orders', 'orders'), bind('orders', 'reorders')] }

describe('policies (rabbit_policy: one per object, by priority; unanchored PCRE on name bytes)', () => {
  it('policy/equal-priority-overlap: two policies of equal priority match the same queue', () => {
    const ds = only(lint({ ...base, policies: [pol('a', '^orders$', { 'message-ttl': 1 }, { applyTo: 'queues' }), pol('b', '^ord', { 'max-length': 1 }, { applyTo: 'queues' })] }), 'policy/equal-priority-overlap')
    expect(ds).toHaveLength(1)
    expect(ds[0]!.message).toMatch(/'a' and 'b' both have priority 0 and both match queue 'orders'/)
  })
  it('policy/equal-priority-overlap: not for different priorities, disjoint apply-to, or disjoint patterns', () => {
    const cases = [
      [pol('a', '^orders$', { 'message-ttl': 1 }, { priority: 1 }), pol('b', '^ord', { 'max-length': 1 })],
      [pol('a', '^orders$', { 'alternate-exchange': 'x' }, { applyTo: 'exchanges' }), pol('b', '^orders$', { 'max-length': 1 }, { applyTo: 'queues' })],
      [pol('a', '^orders$', { 'message-ttl': 1 }), pol('b', '^reorders$', { 'max-length': 1 })],
    ]
    for (const policies of cases) expect(ids(lint({ ...base, policies }))).not.toContain('policy/equal-priority-overlap')
  })
  it('policy/unanchored-pattern: names the other objects it matches; `.*` and anchored patterns are fine', () => {
    const ds = only(lint({ ...base, policies: [pol('p', 'orders', { 'message-ttl': 1 }, { applyTo: 'queues' })] }), 'policy/unanchored-pattern')
    expect(ds[0]!.message).toMatch(/here also 'reorders'/)
    expect(ds[0]!.hint).toMatch(/'\^orders\$'/)
    for (const pattern of ['.*', '', '^orders', '\\Aorders', '(?i)^orders']) {
      expect(ids(lint({ ...base, policies: [pol('p', pattern, { 'message-ttl': 1 }, { applyTo: 'queues' })] }))).not.toContain('policy/unanchored-pattern')
    }
  })
  it('policy/invalid-pattern: RabbitMQ refuses a pattern that does not compile', () => {
    const ds = only(lint({ ...base, policies: [pol('p', '^(orders', { 'message-ttl': 1 })] }), 'policy/invalid-pattern')
    expect(ds.map((d) => d.severity)).toEqual(['error'])
  })
  it('policy/unsupported-key-for-type: queue keys on exchanges, exchange keys on queues', () => {
    expect(ids(lint({ ...base, policies: [pol('p', '^orders$', { 'message-ttl': 1 }, { applyTo: 'exchanges' })] }))).toContain('policy/unsupported-key-for-type')
    expect(ids(lint({ ...base, policies: [pol('p', '^orders$', { 'alternate-exchange': 'ae' }, { applyTo: 'queues' })] }))).toContain('policy/unsupported-key-for-type')
  })
  it('policy/unsupported-key-for-type: a quorum queue skips an apply-to all policy with queue-mode (observed on 3.10.8)', () => {
    const ds = only(lint({ exchanges: [ex('x', 'fanout')], queues: [qu('jobs', { args: { 'x-queue-type': 'quorum' } })], bindings: [bind('x', 'jobs')], policies: [pol('lazy', '^jobs$', { 'queue-mode': 'lazy' }, { applyTo: 'queues' })] }, '3.13'), 'policy/unsupported-key-for-type')
    expect(ds[0]!.message).toMatch(/quorum queue 'jobs' matches, but quorum queues do not support queue-mode/)
  })
  it('policy/unsupported-key-for-type: ha-* is an error from 4.0 (classic mirroring removed), fine on 3.13', () => {
    const p = [pol('ha', '^orders$', { 'ha-mode': 'all' }, { applyTo: 'queues' })]
    expect(only(lint({ ...base, policies: p }, '4.0'), 'policy/unsupported-key-for-type').map((d) => d.severity)).toEqual(['error'])
    expect(ids(lint({ ...base, policies: p }, '3.13'))).toEqual([])
  })
  it('policy/apply-to-unsupported: classic_queues before 3.12', () => {
    const p = [pol('p', '^orders$', { 'message-ttl': 1 }, { applyTo: 'classic_queues' })]
    expect(ids(lint({ ...base, policies: p }, '3.11'))).toContain('policy/apply-to-unsupported')
    expect(ids(lint({ ...base, policies: p }, '3.12'))).not.toContain('policy/apply-to-unsupported')
  })
  it('policy/unknown-key: did-you-mean', () => {
    expect(only(lint({ ...base, policies: [pol('p', '^orders$', { 'mesage-ttl': 1 })] }), 'policy/unknown-key')[0]!.message).toMatch(/did you mean 'message-ttl'/)
  })
})

describe('routing rules (issue #3), asking the router', () => {
  it('exchange/no-bindings: no binding and no alternate exchange; an AE (argument or policy) silences it', () => {
    expect(ids(lint({ exchanges: [ex('x', 'topic')] }))).toEqual(['exchange/no-bindings'])
    const withPolicyAe = lint({ exchanges: [ex('x', 'topic'), ex('ae', 'fanout')], queues: [qu('q')], bindings: [bind('ae', 'q')], policies: [pol('ae', '^x$', { 'alternate-exchange': 'ae' }, { applyTo: 'exchanges' })] })
    expect(ids(withPolicyAe)).toEqual([])
  })
  it('exchange/routes-nowhere: bindings only to exchanges that reach no queue', () => {
    const ds = lint({ exchanges: [ex('front', 'topic'), ex('back', 'fanout')], bindings: [bind('front', 'back', 'order.#', { toExchange: true })] })
    expect(ids(ds).sort()).toEqual(['exchange/no-bindings', 'exchange/routes-nowhere'])
    expect(only(ds, 'exchange/routes-nowhere')[0]!.path).toEqual(['exchanges', 'front'])
    const ok = lint({ exchanges: [ex('front', 'topic'), ex('back', 'fanout')], queues: [qu('q')], bindings: [bind('front', 'back', 'order.#', { toExchange: true }), bind('back', 'q')] })
    expect(ids(ok)).toEqual([])
  })
  it('queue/unbound: only the default exchange reaches it; not for exclusive queues or DLRK targets of DLX ""', () => {
    expect(ids(lint({ queues: [qu('q')] }))).toEqual(['queue/unbound'])
    expect(ids(lint({ queues: [qu('q', { exclusive: true, durable: false })] }))).toEqual([])
    const retry = lint({ exchanges: [ex('x')], queues: [qu('work'), qu('retry', { args: { 'x-message-ttl': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'work' } })], bindings: [bind('x', 'retry', 'retry')] })
    expect(ids(retry)).toEqual([])
  })
  it('exchange/internal-unreachable: E2E bindings, AE and DLX references make an internal exchange reachable', () => {
    const hidden = ex('hidden', 'fanout', { internal: true })
    const q = qu('q')
    expect(ids(lint({ exchanges: [hidden], queues: [q], bindings: [bind('hidden', 'q')] }))).toEqual(['exchange/internal-unreachable'])
    expect(ids(lint({ exchanges: [hidden, ex('x', 'fanout')], queues: [q], bindings: [bind('hidden', 'q'), bind('x', 'hidden', '', { toExchange: true })] }))).toEqual([])
    expect(ids(lint({ exchanges: [hidden, ex('x', 'direct', { args: { 'alternate-exchange': 'hidden' } })], queues: [q], bindings: [bind('hidden', 'q'), bind('x', 'q', 'k')] }))).toEqual([])
    expect(ids(lint({ exchanges: [hidden, ex('x', 'direct')], queues: [q, qu('w', { args: { 'x-dead-letter-exchange': 'hidden' } })], bindings: [bind('hidden', 'q'), bind('x', 'w', 'w')] }))).toEqual([])
  })
  it('ae/missing: an alternate exchange that does not exist, or the default exchange', () => {
    const ds = only(lint({ exchanges: [ex('x', 'direct', { args: { 'alternate-exchange': 'nope' } })], queues: [qu('q')], bindings: [bind('x', 'q', 'k')] }), 'ae/missing')
    expect(ds[0]!.path).toEqual(['exchanges', 'x', 'arguments', 'alternate-exchange'])
    expect(ids(lint({ exchanges: [ex('x', 'direct', { args: { 'alternate-exchange': '' } })], queues: [qu('q')], bindings: [bind('x', 'q', 'k')] }))).toContain('ae/missing')
  })
  it('ae/type-may-drop: a direct AE with specific keys drops other keys (pika #1350); fanout or topic `#` AEs do not', () => {
    const withAe = (type: string, key: string) => lint({ exchanges: [ex('x', 'direct', { args: { 'alternate-exchange': 'ae' } }), ex('ae', type)], queues: [qu('q'), qu('un')], bindings: [bind('x', 'q', 'k'), bind('ae', 'un', key)] })
    expect(ids(withAe('direct', 'special'))).toEqual(['ae/type-may-drop'])
    expect(ids(withAe('topic', 'order.*'))).toEqual(['ae/type-may-drop'])
    expect(ids(withAe('topic', '#'))).toEqual([])
    expect(ids(withAe('fanout', ''))).toEqual([])
  })
  it('ae/type-may-drop: not when the exchange itself takes every key (its AE never fires)', () => {
    const ds = lint({ exchanges: [ex('x', 'fanout', { args: { 'alternate-exchange': 'ae' } }), ex('ae', 'direct')], queues: [qu('q'), qu('un')], bindings: [bind('x', 'q'), bind('ae', 'un', 'special')] })
    expect(ids(ds)).toEqual([])
  })
  it('ae/cycle: info, reported once per cycle', () => {
    const ds = lint({ exchanges: [ex('a', 'fanout', { args: { 'alternate-exchange': 'b' } }), ex('b', 'fanout', { args: { 'alternate-exchange': 'a' } })], queues: [qu('q')], bindings: [bind('a', 'q'), bind('b', 'q')] })
    expect(ds.map((d) => [d.rule, d.severity])).toEqual([['ae/cycle', 'info']])
  })
  it('dlx/missing-exchange: error; a warning for rabbitmqctl exports (internal exchanges are omitted)', () => {
    const parts = { exchanges: [ex('x')], queues: [qu('q', { args: { 'x-dead-letter-exchange': 'dlx' } })], bindings: [bind('x', 'q', 'q')] }
    expect(only(lint(parts), 'dlx/missing-exchange').map((d) => d.severity)).toEqual(['error'])
    expect(only(lint(parts, undefined, { definitionsShape: 'rabbitmqctl' }), 'dlx/missing-exchange').map((d) => d.severity)).toEqual(['warning'])
  })
  it('dlx/unroutable: the DLX routes none of the keys that reach the queue (rabbit_dead_letter keeps the original keys)', () => {
    const parts = (dlxKey: string, dlrk?: string) => ({
      exchanges: [ex('orders', 'topic'), ex('dlx', 'direct')],
      queues: [qu('work', { args: { 'x-dead-letter-exchange': 'dlx', ...(dlrk ? { 'x-dead-letter-routing-key': dlrk } : {}) } }), qu('dead')],
      bindings: [bind('orders', 'work', 'order.*.created'), bind('dlx', 'dead', dlxKey)],
    })
    expect(ids(lint(parts('dead')))).toEqual(['dlx/unroutable'])
    expect(ids(lint(parts('order.x.created')))).toEqual([])
    expect(ids(lint(parts('dead', 'dead')))).toEqual([])
    expect(only(lint(parts('dead', 'other')), 'dlx/unroutable')[0]!.message).toMatch(/dead-letter routing key 'other'/)
  })
  it('dlx/unroutable: DLX "" without a routing key sends dead letters to the queue named by their key', () => {
    const ds = lint({ exchanges: [ex('x')], queues: [qu('work', { args: { 'x-dead-letter-exchange': '' } })], bindings: [bind('x', 'work', 'job')] })
    expect(ids(ds)).toEqual(['dlx/unroutable'])
  })
  it('dlx/cycle-without-reject: expiry-only loops (mc:is_death_cycle/2), including a queue dead-lettering into itself', () => {
    const loop = lint({
      exchanges: [ex('to-a', 'fanout'), ex('to-b', 'fanout')],
      queues: [qu('a', { args: { 'x-message-ttl': 10, 'x-dead-letter-exchange': 'to-b' } }), qu('b', { args: { 'x-message-ttl': 10, 'x-dead-letter-exchange': 'to-a' } })],
      bindings: [bind('to-a', 'a'), bind('to-b', 'b')],
    })
    expect(ids(loop)).toEqual(['dlx/cycle-without-reject'])
    const self = lint({ queues: [qu('q', { args: { 'x-message-ttl': 10, 'x-dead-letter-exchange': '' } })] })
    expect(ids(self)).toContain('dlx/cycle-without-reject')
  })
  it('dlx/cycle-without-reject: not for the retry pattern (a consumer rejects from the work queue)', () => {
    const ds = lint({
      exchanges: [ex('work', 'direct'), ex('retry', 'direct')],
      queues: [qu('work', { args: { 'x-dead-letter-exchange': 'retry' } }), qu('retry', { args: { 'x-message-ttl': 1000, 'x-dead-letter-exchange': 'work' } })],
      bindings: [bind('work', 'work', 'job'), bind('retry', 'retry', 'job')],
    })
    expect(ids(ds)).toEqual([])
  })
  it('instantiateTopic: a key the pattern matches', () => {
    expect(instantiateTopic('order.*.created')).toBe('order.x.created')
    expect(instantiateTopic('#.eu')).toBe('eu')
    expect(instantiateTopic('#')).toBe('')
  })
})
