import { describe, expect, it } from 'vitest'
import type { Broker } from '../../src/broker/broker.js'
import { bodyOf, byConsumer, declareQueue, drain, emptyBroker, events, header, ok, readyBodies, send, table, xDeath } from './helpers.js'

// Quorum queues. 3.10 rules: docs/reference/rabbitmq-3.10-delivery-observed.md (items 2, 10, 11, 17, 18; 3.10.8).
// 4.x rules: read from rabbitmq-server v4.0.0..v4.3.5 deps/rabbit/src/rabbit_fifo.erl, rabbit_fifo_client.erl,
// rabbit_fifo_q.erl (4.0–4.2), rabbit_fifo_pq.erl (4.3), rabbit_quorum_queue.erl.

const quorum = (b: Broker, name: string, args: Record<string, string | number | boolean> = {}): void =>
  declareQueue(b, name, { 'x-queue-type': 'quorum', ...args })

describe('quorum declare (rabbit_quorum_queue / rabbit_queue_type_util checks; all versions)', () => {
  it.each([
    ['non-durable', { durable: false, exclusive: true }, 'exclusive-owner'],
    ['non-durable', { durable: false }, 'non-durable'],
    ['auto-delete', { autoDelete: true, durable: false }, 'auto-delete'],
  ] as const)('refuses %s queues: 406 invalid property (%s)', (_what, spec, property) => {
    const b = emptyBroker('3.10')
    const r = b.declareQueue({ name: 'qq', arguments: table({ 'x-queue-type': 'quorum' }), ...spec })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toBe(`PRECONDITION_FAILED - invalid property '${property}' for queue 'qq' in vhost '/'`)
  })

  it('refuses x-max-priority: 406 invalid arg ... of queue type rabbit_quorum_queue (observed 3.10.8)', () => {
    const b = emptyBroker()
    const r = b.declareQueue({ name: 'qq', arguments: table({ 'x-queue-type': 'quorum', 'x-max-priority': 5 }) })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toBe(`PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'qq' in vhost '/' of queue type rabbit_quorum_queue`)
  })

  it.each([['x-delivery-limit', 3], ['x-dead-letter-strategy', 'at-most-once'], ['x-max-age', '1h']] as const)(
    'a classic queue refuses %s (an argument of another queue type; check_arguments_key, since 3.10)', (arg, value) => {
      const r = emptyBroker('3.10').declareQueue({ name: 'c', arguments: table({ [arg]: value }) })
      expect(!r.ok && r.error.message).toBe(`PRECONDITION_FAILED - invalid arg '${arg}' for queue 'c' in vhost '/' of queue type rabbit_classic_queue`)
    })

  it('accepts reject-publish-dlx and runs it as drop-head (3.10 observed item 11)', () => {
    const b = emptyBroker('3.10')
    declareQueue(b, 'dlq')
    quorum(b, 'qq', { 'x-max-length': 2, 'x-overflow': 'reject-publish-dlx', 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    expect(b.queueStats('qq')[0]!.effective.overflow).toBe('drop-head')
    const confirms = ['m1', 'm2', 'm3'].map((m) => send(b, 'qq', m).confirm)
    expect(confirms).toEqual(['ack', 'ack', 'ack'])
    expect(readyBodies(b, 'qq')).toEqual(['m2', 'm3'])
    const dead = drain(b, 'dlq')
    expect(dead.map((d) => [bodyOf(d.message), xDeath(d.message)[0]!.reason])).toEqual([['m1', 'maxlen']])
  })

  it('dead-letter-strategy at-least-once needs overflow reject-publish, else falls back to at-most-once (rabbit_quorum_queue:dlh/5)', () => {
    const b = emptyBroker('4.3')
    quorum(b, 'a', { 'x-dead-letter-strategy': 'at-least-once', 'x-dead-letter-exchange': 'dlx' })
    quorum(b, 'b', { 'x-dead-letter-strategy': 'at-least-once', 'x-dead-letter-exchange': 'dlx', 'x-overflow': 'reject-publish' })
    expect(b.queueStats().map((q) => q.effective.deadLetterStrategy)).toEqual(['at-most-once', 'at-least-once'])
  })
})

describe('quorum x-delivery-limit and x-delivery-count', () => {
  it('3.10: a limit of 2 allows 3 deliveries, then dead-letters with reason delivery_limit; x-delivery-count from the first redelivery (item 17)', () => {
    const b = emptyBroker('3.10')
    declareQueue(b, 'dlq')
    quorum(b, 'qq', { 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    ok(b.consume('qq', { consumerTag: 'c', prefetch: 1 }))
    const first = send(b, 'qq', 'm')
    const counts: unknown[] = []
    let last = first.events
    for (let tag = 1; ; tag++) {
      const d = last.find((e) => e.kind === 'delivered')
      if (d === undefined || d.kind !== 'delivered') break
      counts.push(header(d.message, 'x-delivery-count'))
      last = ok(b.nack('default', tag)).events
    }
    expect(counts).toEqual([undefined, 1, 2])
    const dl = last.find((e) => e.kind === 'dead-lettered')
    expect(dl?.kind === 'dead-lettered' && dl.reason).toBe('delivery_limit')
    const [dead] = drain(b, 'dlq')
    expect(xDeath(dead!.message)[0]!.reason).toBe('delivery_limit')
    expect(header(dead!.message, 'x-delivery-count')).toBeUndefined()
  })

  it('reject requeue and channel close count as returns too (3.10 item 17)', () => {
    const b = emptyBroker('3.10')
    quorum(b, 'qq', { 'x-delivery-limit': 1 })
    send(b, 'qq', 'm')
    ok(b.get('qq', { channel: 'a' }))
    ok(b.reject('a', 1, true))
    ok(b.get('qq', { channel: 'a' }))
    const closed = ok(b.closeChannel('a'))
    expect(closed.events.some((e) => e.kind === 'dropped' && e.reason === 'delivery_limit')).toBe(true)
    expect(b.queueStats('qq')[0]!.messages).toBe(0)
  })

  it.each([
    ['3.10', 30, false], // no default limit before 4.0
    ['4.0', 21, true], // ?DEFAULT_DELIVERY_LIMIT 20 from 4.0: 21 deliveries, then dead-lettered
    ['4.3', 21, true],
  ] as const)('%s: the default limit (%d deliveries)', (v, deliveries, dropped) => {
    const b = emptyBroker(v)
    quorum(b, 'qq')
    send(b, 'qq', 'm')
    let n = 0
    for (; n < 30; n++) {
      const r = ok(b.get('qq'))
      if (r.message === undefined) break
      ok(b.nack('default', r.message.deliveryTag))
    }
    expect(n).toBe(deliveries)
    expect(b.queueStats('qq')[0]!.messages).toBe(dropped ? 0 : 1)
  })

  it('4.x: x-delivery-limit -1 disables the limit', () => {
    const b = emptyBroker('4.3')
    quorum(b, 'qq', { 'x-delivery-limit': -1 })
    expect(b.queueStats('qq')[0]!.effective.deliveryLimit).toBeUndefined()
    send(b, 'qq', 'm')
    for (let i = 0; i < 25; i++) ok(b.nack('default', ok(b.get('qq')).message!.deliveryTag))
    expect(b.queueStats('qq')[0]!.messages).toBe(1)
  })

  it.each([
    ['3.10', 0], // add_delivery_count_header sets it whenever the count is an integer (observed: 0 on a first get)
    ['3.11', 0],
    ['3.12', undefined], // only when Count > 0 from 3.12
    ['4.3', undefined], // only once acquired_count exists (4.0+)
  ] as const)('%s: basic.get x-delivery-count on a first delivery is %s, then 1 after a return', (v, firstCount) => {
    const b = emptyBroker(v)
    quorum(b, 'qq')
    send(b, 'qq', 'm')
    const first = ok(b.get('qq')).message!
    expect(header(first.message, 'x-delivery-count')).toBe(firstCount)
    ok(b.nack('default', first.deliveryTag))
    expect(header(ok(b.get('qq')).message!.message, 'x-delivery-count')).toBe(1)
  })
})

describe('quorum requeue position (rabbit_fifo returns vs #requeue{})', () => {
  /** m1..m6 published, m1..m4 fetched, then m2, m4, m1 nacked one by one. */
  function nackOrder(version: string, args: Record<string, number> = {}): string[] {
    const b = emptyBroker(version)
    quorum(b, 'qq', args)
    for (let i = 1; i <= 6; i++) send(b, 'qq', `m${i}`)
    for (let i = 0; i < 4; i++) ok(b.get('qq'))
    for (const tag of [2, 4, 1]) ok(b.nack('default', tag))
    return readyBodies(b, 'qq')
  }

  it('3.10 without a delivery limit: appended at the tail, in nack order (item 2)', () => {
    expect(nackOrder('3.10')).toEqual(['m5', 'm6', 'm2*', 'm4*', 'm1*'])
  })
  it('3.10 with a delivery limit: served first, in nack order (item 2)', () => {
    expect(nackOrder('3.10', { 'x-delivery-limit': 5 })).toEqual(['m2*', 'm4*', 'm1*', 'm5', 'm6'])
  })
  it('4.x: the default limit (20) means returns are served first; -1 puts them at the tail (rabbit_fifo handle_aux, 4.0–4.3)', () => {
    expect(nackOrder('4.0')).toEqual(['m2*', 'm4*', 'm1*', 'm5', 'm6'])
    expect(nackOrder('4.3', { 'x-delivery-limit': -1 })).toEqual(['m5', 'm6', 'm2*', 'm4*', 'm1*'])
  })
  it('a classic queue puts them back at the head in publish order, whatever the nack order (item 1, for contrast)', () => {
    const b = emptyBroker('3.10')
    declareQueue(b, 'q')
    for (let i = 1; i <= 6; i++) send(b, 'q', `m${i}`)
    for (let i = 0; i < 4; i++) ok(b.get('q'))
    for (const tag of [2, 4, 1]) ok(b.nack('default', tag))
    expect(readyBodies(b, 'q')).toEqual(['m1*', 'm2*', 'm4*', 'm5', 'm6'])
  })
  // A channel close is no #return{} command: the consumer's removal runs return_all → return_one (rabbit_fifo.erl),
  // so the messages go to `returns`, served first in checkout order, even without a delivery limit (observed
  // 3.10.8 by test/rabbitmq quorum-close-requeues: m1* m2* m3 m4).
  it.each(['3.10', '4.3'])('%s: a channel close puts its unacked messages first, in checkout order, without a delivery limit too', (version) => {
    const b = emptyBroker(version)
    quorum(b, 'qq', version === '3.10' ? {} : { 'x-delivery-limit': -1 })
    for (let i = 1; i <= 4; i++) send(b, 'qq', `m${i}`)
    ok(b.get('qq', { channel: 'x' }))
    ok(b.get('qq', { channel: 'x' }))
    ok(b.closeChannel('x'))
    expect(readyBodies(b, 'qq')).toEqual(['m1*', 'm2*', 'm3', 'm4'])
  })
})

describe('quorum overflow reject-publish (rabbit_fifo evaluate_limit; 3.10 observed item 10)', () => {
  it('accepts the message that crosses the limit, then nacks until ready <= trunc(0.8 x max)', () => {
    const b = emptyBroker('3.10')
    quorum(b, 'qq', { 'x-max-length': 2, 'x-overflow': 'reject-publish' })
    expect(['r1', 'r2', 'r3', 'r4'].map((m) => send(b, 'qq', m).confirm)).toEqual(['ack', 'ack', 'ack', 'nack'])
    ok(b.get('qq', { noAck: true })) // 2 ready: still above trunc(1.6) = 1
    expect(send(b, 'qq', 'r5').confirm).toBe('nack')
    ok(b.get('qq', { noAck: true })) // 1 ready
    expect(send(b, 'qq', 'r6').confirm).toBe('ack')
    expect(readyBodies(b, 'qq')).toEqual(['r3', 'r6'])
  })

  it('returns are never refused, but a return that puts the queue over its limit makes it refuse publishes (evaluate_limit after every command)', () => {
    const b = emptyBroker('3.10')
    quorum(b, 'qq', { 'x-max-length': 3, 'x-overflow': 'reject-publish' })
    for (const m of ['r1', 'r2', 'r3']) send(b, 'qq', m)
    ok(b.get('qq', { channel: 'a' }))
    expect(send(b, 'qq', 'r4').confirm).toBe('ack') // 3 ready: at the limit, not over
    ok(b.closeChannel('a')) // r1 returns: 4 ready
    expect(b.queueStats('qq')[0]!.ready).toBe(4)
    expect(send(b, 'qq', 'r5').confirm).toBe('nack')
  })

  it('a classic queue rejects at exactly max-length (for contrast, item 9)', () => {
    const b = emptyBroker('3.10')
    declareQueue(b, 'q', { 'x-max-length': 2, 'x-overflow': 'reject-publish' })
    expect(['r1', 'r2', 'r3'].map((m) => send(b, 'q', m).confirm)).toEqual(['ack', 'ack', 'nack'])
  })
})

describe('quorum message priorities', () => {
  const order = (v: string): string[] => {
    const b = emptyBroker(v)
    quorum(b, 'qq')
    for (const [m, p] of [['n1', undefined], ['n2', 4], ['n3', 0], ['h1', 5], ['h2', 9], ['h3', 31], ['x', 200]] as const) {
      send(b, 'qq', m, p === undefined ? undefined : { priority: p })
    }
    return drain(b, 'qq').map((d) => bodyOf(d.message))
  }
  it('3.10–3.13: none (FIFO)', () => {
    expect(order('3.13')).toEqual(['n1', 'n2', 'n3', 'h1', 'h2', 'h3', 'x'])
  })
  it('4.0–4.2: two buckets, priority > 4 is high; high is taken twice, then the older head on every third take (rabbit_fifo_q)', () => {
    // takes: hi h1, hi h2, (counter 2) older head is n1, hi h3, hi x, (counter 2) n2, n3
    expect(order('4.0')).toEqual(['h1', 'h2', 'n1', 'h3', 'x', 'n2', 'n3'])
  })
  it('4.3: strict 0–31, no priority counts as 4, above 31 counts as 31 (rabbit_fifo_pq, msg_priority)', () => {
    expect(order('4.3')).toEqual(['h3', 'x', 'h2', 'h1', 'n1', 'n2', 'n3'])
  })
  it('4.3 without a delivery limit: a requeued message goes to the default priority (4), whatever its own (rabbit_fifo #requeue{})', () => {
    const b = emptyBroker('4.3')
    quorum(b, 'qq', { 'x-delivery-limit': -1 })
    send(b, 'qq', 'high', { priority: 9 })
    send(b, 'qq', 'mid', { priority: 6 })
    send(b, 'qq', 'none')
    ok(b.nack('default', ok(b.get('qq')).message!.deliveryTag)) // high comes back at priority 4, after none
    expect(readyBodies(b, 'qq')).toEqual(['mid', 'none', 'high*'])
  })
  it('4.3 with a delivery limit: a returned message is served first, whatever its priority', () => {
    const b = emptyBroker('4.3')
    quorum(b, 'qq')
    send(b, 'qq', 'low', { priority: 1 })
    send(b, 'qq', 'high', { priority: 9 })
    ok(b.get('qq'))
    ok(b.get('qq'))
    ok(b.nack('default', 2)) // low
    expect(readyBodies(b, 'qq')).toEqual(['low*'])
    send(b, 'qq', 'top', { priority: 31 })
    expect(readyBodies(b, 'qq')).toEqual(['low*', 'top'])
  })
})

describe('quorum: a basic.get channel counts as a consumer (3.10 observed item 18)', () => {
  it('while it holds unacked deliveries', () => {
    const b = emptyBroker('3.10')
    quorum(b, 'qq')
    declareQueue(b, 'cq')
    send(b, 'qq', 'm')
    send(b, 'cq', 'm')
    ok(b.get('qq', { channel: 'g' }))
    ok(b.get('cq', { channel: 'g' }))
    expect(ok(b.declareQueue({ name: 'qq', passive: true })).consumerCount).toBe(1)
    expect(ok(b.declareQueue({ name: 'cq', passive: true })).consumerCount).toBe(0)
    ok(b.ack('g', 1))
    expect(ok(b.declareQueue({ name: 'qq', passive: true })).consumerCount).toBe(0)
  })
})

describe('quorum single active consumer: consumer_count (rabbit_fifo:query_stat counts the consumers map)', () => {
  // Found by the real-broker suite (test/rabbitmq, quorum-single-active-consumer): 3.10.8 answers 1 with two
  // consumers attached; the waiting ones are in waiting_consumers. A classic SAC queue counts both.
  it.each(['3.10', '4.0', '4.3'])('%s: only the active consumer is counted, the next once it cancels', (version) => {
    const b = emptyBroker(version)
    quorum(b, 'qq', { 'x-single-active-consumer': true })
    declareQueue(b, 'cq', { 'x-single-active-consumer': true })
    expect(ok(b.declareQueue({ name: 'qq', passive: true })).consumerCount).toBe(0)
    for (const q of ['qq', 'cq']) {
      ok(b.consume(q, { consumerTag: `${q}1`, channel: 'a' }))
      ok(b.consume(q, { consumerTag: `${q}2`, channel: 'b' }))
    }
    expect(ok(b.declareQueue({ name: 'qq', passive: true })).consumerCount).toBe(1)
    expect(ok(b.declareQueue({ name: 'cq', passive: true })).consumerCount).toBe(2)
    ok(b.cancel('qq1', { channel: 'a' }))
    expect(ok(b.declareQueue({ name: 'qq', passive: true })).consumerCount).toBe(1)
    ok(b.cancel('qq2', { channel: 'b' }))
    expect(ok(b.declareQueue({ name: 'qq', passive: true })).consumerCount).toBe(0)
  })
})

describe('quorum consumers', () => {
  it('round-robin and requeue to the next consumer as classic queues do', () => {
    const b = emptyBroker('3.10')
    quorum(b, 'qq')
    ok(b.consume('qq', { consumerTag: 'c1', channel: 'a', prefetch: 5 }))
    ok(b.consume('qq', { consumerTag: 'c2', channel: 'b', prefetch: 5 }))
    expect(byConsumer(events(send(b, 'qq', 'm1'), send(b, 'qq', 'm2'), send(b, 'qq', 'm3')))).toEqual({ c1: ['m1', 'm3'], c2: ['m2'] })
  })
})

describe('queueStats consumers: what a passive declare answers (listings)', () => {
  it('equals consumer_count for a quorum get channel, a quorum SAC queue and a classic queue, at every step', () => {
    const b = emptyBroker()
    quorum(b, 'qq')
    quorum(b, 'sac', { 'x-single-active-consumer': true })
    declareQueue(b, 'cq')
    const same = (): void => {
      for (const name of ['qq', 'sac', 'cq']) {
        expect(b.queueStats(name)[0]!.consumers, name).toBe(ok(b.declareQueue({ name, passive: true })).consumerCount)
      }
    }
    for (const q of ['qq', 'cq']) { send(b, q, 'a'); send(b, q, 'b') }
    same()
    ok(b.get('qq', { channel: 'g' }))
    ok(b.get('cq', { channel: 'g' }))
    expect(b.queueStats('qq')[0]!.consumers).toBe(1)
    expect(b.queueStats('cq')[0]!.consumers).toBe(0)
    same()
    ok(b.consume('sac', { channel: 'a', consumerTag: 's1' }))
    ok(b.consume('sac', { channel: 'b', consumerTag: 's2' }))
    expect(b.queueStats('sac')[0]!.consumers).toBe(1)
    same()
    ok(b.ack('g', 1))
    expect(b.queueStats('qq')[0]!.consumers).toBe(0)
    same()
  })
})
