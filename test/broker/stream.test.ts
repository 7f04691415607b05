import { describe, expect, it } from 'vitest'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { bodyOf, declareQueue, deliveries, emptyBroker, events, header, ok, send, table } from './helpers.js'

// Stream queues (rabbit_stream_queue.erl: capabilities/0, consume/3, dequeue/6, settle/5, parse_offset_arg/1).
// The rules are the same from 3.10 to 4.3 unless a test says otherwise.

const offsetArg = (v: AmqpValue) => new Map<string, AmqpValue>([['x-stream-offset', v]])

function streamWith(n: number, version = '4.3') {
  const b = emptyBroker(version)
  declareQueue(b, 's', { 'x-queue-type': 'stream' })
  for (let i = 0; i < n; i++) send(b, 's', `m${i}`)
  return b
}

describe('stream declare', () => {
  it.each(['x-message-ttl', 'x-dead-letter-exchange', 'x-max-length', 'x-max-priority', 'x-overflow', 'x-expires', 'x-single-active-consumer', 'x-delivery-limit'])(
    'refuses %s: 406 invalid arg ... of queue type rabbit_stream_queue', (arg) => {
      const b = emptyBroker()
      const value = arg === 'x-overflow' ? 'drop-head' : arg === 'x-dead-letter-exchange' ? 'dlx' : arg === 'x-single-active-consumer' ? true : 5
      const r = b.declareQueue({ name: 's', arguments: table({ 'x-queue-type': 'stream', [arg]: value }) })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.message).toBe(`PRECONDITION_FAILED - invalid arg '${arg}' for queue 's' in vhost '/' of queue type rabbit_stream_queue`)
    })

  it('accepts its own arguments (x-max-length-bytes, x-max-age) and says retention is not simulated', () => {
    const b = emptyBroker()
    declareQueue(b, 's', { 'x-queue-type': 'stream', 'x-max-length-bytes': 1000, 'x-max-age': '1h' })
    expect(b.queueStats('s')[0]!.notSimulated).toEqual(['x-max-age', 'x-max-length-bytes'])
  })

  it('queue.purge is refused: 540 NOT_IMPLEMENTED (rabbit_channel, queue.purge)', () => {
    const r = streamWith(2).purge('s')
    expect(!r.ok && r.error.message).toBe(`NOT_IMPLEMENTED - queue.purge not supported by stream queues queue 's' in vhost '/'`)
  })

  it('must be durable', () => {
    const r = emptyBroker('3.10').declareQueue({ name: 's', durable: false, arguments: table({ 'x-queue-type': 'stream' }) })
    expect(!r.ok && r.error.message).toBe(`PRECONDITION_FAILED - invalid property 'non-durable' for queue 's' in vhost '/'`)
  })
})

describe('stream consumers', () => {
  it('basic.get is refused: 540 NOT_IMPLEMENTED', () => {
    const r = streamWith(1).get('s')
    expect(!r.ok && [r.error.code, r.error.message]).toEqual([540, `NOT_IMPLEMENTED - basic.get not supported by stream queues queue 's' in vhost '/'`])
  })

  it.each([
    ['x-stream-offset on a classic queue', 'q', 'classic', { 'x-stream-offset': 'first' }, 'x-stream-offset'],
    ['x-priority on a stream', 's', 'stream', { 'x-priority': 5 }, 'x-priority'],
  ] as const)('a consumer argument of another queue type is refused: %s (check_consume_arguments)', (_what, queue, type, args, key) => {
    const b = streamWith(0)
    declareQueue(b, 'q')
    const r = b.consume(queue, { prefetch: 1, args: table(args) })
    expect(!r.ok && r.error.message).toBe(`PRECONDITION_FAILED - invalid arg '${key}' for queue '${queue}' in vhost '/' of queue type rabbit_${type}_queue`)
  })

  it('a prefetch is required and auto-ack is refused', () => {
    const b = streamWith(1)
    const noPrefetch = b.consume('s', { channel: 'a' })
    expect(!noPrefetch.ok && noPrefetch.error.message).toBe(`PRECONDITION_FAILED - consumer prefetch count is not set for stream queue 's' in vhost '/'`)
    const autoAck = b.consume('s', { channel: 'b', prefetch: 10, noAck: true })
    expect(!autoAck.ok && autoAck.error.message).toBe(`NOT_IMPLEMENTED - automatic acknowledgement not supported by stream queue 's' in vhost '/'`)
  })

  it.each([
    ['no offset (next)', undefined, []],
    ['first', { type: 'longstr', value: 'first' }, ['m0', 'm1', 'm2', 'm3']],
    ['last (one chunk per message here)', { type: 'longstr', value: 'last' }, ['m3']],
    ['next', { type: 'longstr', value: 'next' }, []],
    ['offset 2', { type: 'long', value: 2 }, ['m2', 'm3']],
    ['offset beyond the end', { type: 'long', value: 99 }, []],
  ] as const)('x-stream-offset %s', (_name, arg, expected) => {
    const b = streamWith(4)
    const r = ok(b.consume('s', { consumerTag: 'c', prefetch: 100, ...(arg !== undefined ? { args: offsetArg(arg as AmqpValue) } : {}) }))
    expect(deliveries(r.events).map((d) => bodyOf(d.message))).toEqual(expected)
  })

  it('x-stream-offset as a timestamp (seconds) or an age starts at the first message appended at or after that time', () => {
    const b = emptyBroker()
    declareQueue(b, 's', { 'x-queue-type': 'stream' })
    send(b, 's', 'early')
    b.tick(10_000)
    send(b, 's', 'late1')
    b.tick(5000)
    send(b, 's', 'late2')
    const byTime = ok(b.consume('s', { consumerTag: 't', channel: 't', prefetch: 10, args: offsetArg({ type: 'timestamp', value: 10 }) }))
    expect(deliveries(byTime.events).map((d) => bodyOf(d.message))).toEqual(['late1', 'late2'])
    // now = 15 s: an age of 4 s reaches back to 11 s
    const byAge = ok(b.consume('s', { consumerTag: 'a', channel: 'a', prefetch: 10, args: offsetArg({ type: 'longstr', value: '4s' }) }))
    expect(deliveries(byAge.events).map((d) => bodyOf(d.message))).toEqual(['late2'])
  })

  it('deliveries carry x-stream-offset; ack gives credit back and removes nothing; a later reader sees everything', () => {
    const b = streamWith(3)
    const r = ok(b.consume('s', { consumerTag: 'c', channel: 'a', prefetch: 2, args: offsetArg({ type: 'longstr', value: 'first' }) }))
    expect(deliveries(r.events).map((d) => [bodyOf(d.message), header(d.message, 'x-stream-offset')])).toEqual([['m0', 0], ['m1', 1]])
    const more = ok(b.ack('a', 1))
    expect(deliveries(more.events).map((d) => bodyOf(d.message))).toEqual(['m2'])
    ok(b.ack('a', 0, true))
    expect(b.queueStats('s')[0]).toMatchObject({ messages: 3, ready: 3, unacked: 0 })
    const again = ok(b.consume('s', { consumerTag: 'd', channel: 'b', prefetch: 10, args: offsetArg({ type: 'longstr', value: 'first' }) }))
    expect(deliveries(again.events).map((d) => bodyOf(d.message))).toEqual(['m0', 'm1', 'm2'])
  })

  it('nack with requeue neither requeues nor dead-letters: it only gives credit back', () => {
    const b = streamWith(2)
    ok(b.consume('s', { consumerTag: 'c', channel: 'a', prefetch: 1, args: offsetArg({ type: 'longstr', value: 'first' }) }))
    const r = ok(b.nack('a', 1, false, true))
    expect(deliveries(r.events).map((d) => [bodyOf(d.message), d.redelivered])).toEqual([['m1', false]])
    expect(r.events.some((e) => e.kind === 'requeued')).toBe(false)
  })

  it('new messages go to every consumer with credit (each reads the log)', () => {
    const b = streamWith(0)
    ok(b.consume('s', { consumerTag: 'c1', channel: 'a', prefetch: 5 }))
    ok(b.consume('s', { consumerTag: 'c2', channel: 'b', prefetch: 5 }))
    const got = deliveries(events(send(b, 's', 'x'))).map((d) => d.consumerTag)
    expect(got).toEqual(['c1', 'c2'])
    expect(b.consumers('s').map((c) => c.offset)).toEqual([1, 1])
  })
})
