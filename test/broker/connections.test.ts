// Connections own channels and exclusive queues (rabbit_amqqueue:check_exclusive_access, rabbit_channel
// with_exclusive_access_or_die / binding_action; the exclusive owner's exit deletes the queue).
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONNECTION } from '../../src/broker/broker.js'
import { bodyOf, emptyBroker, ok, readyBodies, send } from './helpers.js'

const LOCKED = "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'x' in vhost '/'. It could be originally declared " +
  'on another connection or the exclusive property value does not match that of the original declaration.'

/** A broker with connection a (channel a1) holding exclusive queue x, and connection b (channel b1). */
function twoConnections() {
  const b = emptyBroker()
  b.openConnection('a')
  b.openConnection('b')
  b.openChannel('a1', { connection: 'a' })
  b.openChannel('b1', { connection: 'b' })
  ok(b.declareQueue({ name: 'x', exclusive: true, durable: false }, { channel: 'a1' }))
  return b
}

describe('connections', () => {
  it('channels belong to a connection; the default connection is open from the start', () => {
    const b = twoConnections()
    b.openChannel('d')
    expect(b.connections()).toEqual([
      { name: DEFAULT_CONNECTION, channels: ['d'], exclusiveQueues: [] },
      { name: 'a', channels: ['a1'], exclusiveQueues: ['x'] },
      { name: 'b', channels: ['b1'], exclusiveQueues: [] },
    ])
    expect(b.channels().map((c) => [c.name, c.connection])).toEqual([['a1', 'a'], ['b1', 'b'], ['d', DEFAULT_CONNECTION]])
    expect(() => b.openChannel('a1', { connection: 'b' })).toThrow(RangeError)
  })

  it('another connection gets 405 on get, consume and passive declare; the closed channel is its own', () => {
    for (const call of [
      (b: ReturnType<typeof twoConnections>) => b.get('x', { channel: 'b1' }),
      (b: ReturnType<typeof twoConnections>) => b.consume('x', { channel: 'b1' }),
      (b: ReturnType<typeof twoConnections>) => b.declareQueue({ name: 'x', passive: true }, { channel: 'b1' }),
    ]) {
      const b = twoConnections()
      const r = call(b)
      expect(r.ok).toBe(false)
      if (r.ok) continue
      expect(r.error).toMatchObject({ code: 405, name: 'RESOURCE_LOCKED', message: LOCKED, closedChannel: 'b1' })
      expect(b.channels().map((c) => c.name)).toEqual(['a1'])
    }
  })

  it('another connection also gets 405 on redeclare, delete, purge, bind and unbind; publishing to it is allowed', () => {
    const b = twoConnections()
    const calls = [
      () => b.declareQueue({ name: 'x', exclusive: true, durable: false }, { channel: 'b1' }),
      () => b.deleteQueue('x', { channel: 'b1' }),
      () => b.purge('x', { channel: 'b1' }),
      () => b.bind({ source: 'amq.direct', destination: 'x', routingKey: 'k' }, { channel: 'b1' }),
      () => b.unbind({ source: 'amq.direct', destination: 'x', routingKey: 'k' }, { channel: 'b1' }),
    ]
    for (const call of calls) {
      const r = call()
      expect(r.ok ? 'ok' : r.error.code).toBe(405)
    }
    expect(b.publish({ exchange: '', routingKey: 'x', body: 'm', channel: 'b1' }).confirm).toBe('ack')
    expect(readyBodies(b, 'x')).toEqual(['m'])
  })

  it('the owning connection uses its queue on any of its channels', () => {
    const b = twoConnections()
    b.openChannel('a2', { connection: 'a' })
    send(b, 'x', 'm')
    const got = ok(b.get('x', { channel: 'a2' }))
    expect(bodyOf(got.message!.message)).toBe('m')
    expect(ok(b.declareQueue({ name: 'x', passive: true }, { channel: 'a1' })).queue).toBe('x')
  })

  it('redeclaring with another exclusive flag is 405, also on the owning connection (check_exclusive_access strict)', () => {
    const b = twoConnections()
    const r = b.declareQueue({ name: 'x', exclusive: false, durable: false }, { channel: 'a1' })
    expect(r.ok ? 'ok' : r.error.message).toBe(LOCKED)
    ok(b.declareQueue({ name: 'shared' }, { channel: 'a2' }))
    const r2 = b.declareQueue({ name: 'shared', exclusive: true }, { channel: 'a2' })
    expect(r2.ok ? 'ok' : r2.error.code).toBe(405)
  })

  it('closing the owner closes its channels (requeue), then deletes its exclusive queues and their bindings', () => {
    const b = twoConnections()
    ok(b.declareQueue({ name: 'shared' }))
    ok(b.bind({ source: 'amq.fanout', destination: 'x' }, { channel: 'a1' }))
    ok(b.bind({ source: 'amq.fanout', destination: 'shared' }))
    ok(b.publish({ exchange: 'amq.fanout', routingKey: '', body: 'm1' }))
    ok(b.publish({ exchange: 'amq.fanout', routingKey: '', body: 'm2' }))
    ok(b.consume('shared', { channel: 'a1', consumerTag: 'ca', prefetch: 1 }))
    const r = ok(b.closeConnection('a'))
    expect(r.events.map((e) => e.kind)).toEqual(['consumer-cancelled', 'requeued', 'channel-closed', 'queue-deleted', 'connection-closed'])
    expect(r.events.find((e) => e.kind === 'queue-deleted')).toMatchObject({ queue: 'x', reason: 'owner-closed', messages: 2 })
    expect(r.events.at(-1)).toEqual({ kind: 'connection-closed', connection: 'a', channels: ['a1'] })
    expect(b.queueStats().map((q) => q.name)).toEqual(['shared'])
    expect(readyBodies(b, 'shared')).toEqual(['m1*', 'm2'])
    expect(b.topology().vhosts.get('/')!.bindings.map((x) => x.destination)).toEqual(['shared'])
    expect(b.connections().map((c) => c.name)).toEqual([DEFAULT_CONNECTION, 'b'])
    expect(b.channels().map((c) => c.name)).toEqual(['b1', 'default'])
  })

  it('a channel of a closed connection opens again on first use, and so does its connection', () => {
    const b = twoConnections()
    ok(b.closeConnection('a'))
    const r = (b.publish({ exchange: '', routingKey: 'none', body: 'm', channel: 'a1' }))
    expect(r.events.slice(0, 2)).toEqual([{ kind: 'connection-opened', connection: 'a' }, { kind: 'channel-opened', channel: 'a1', connection: 'a' }])
    // The reopened connection is a new one: it does not own what the old one declared (that is gone anyway).
    ok(b.declareQueue({ name: 'x', exclusive: true, durable: false }, { channel: 'a1' }))
    expect(b.connections().find((c) => c.name === 'a')!.exclusiveQueues).toEqual(['x'])
  })

  it('closing a connection that is not open is an error value; the default connection can be closed too', () => {
    const b = emptyBroker()
    expect(b.closeConnection('nope')).toMatchObject({ ok: false, error: { code: 504 } })
    ok(b.declareQueue({ name: 'mine', exclusive: true, durable: false }))
    expect(ok(b.closeConnection(DEFAULT_CONNECTION)).events.map((e) => e.kind)).toEqual(['queue-deleted', 'connection-closed'])
    expect(b.queueStats()).toEqual([])
  })

  it('an exclusive queue from a loaded topology belongs to the default connection', async () => {
    const { rulesFor } = await import('../../src/core/versions.js')
    const { Broker } = await import('../../src/broker/broker.js')
    const queue = { vhost: '/', name: 'x', type: 'classic' as const, durable: false, exclusive: true, autoDelete: false, arguments: new Map() }
    const b = new Broker({
      topology: { vhosts: new Map([['/', { name: '/', exchanges: new Map(), queues: new Map([['x', queue]]), bindings: [], policies: [] }]]) },
      vhost: '/', rules: rulesFor('3.10'),
    })
    b.openChannel('o', { connection: 'other' })
    expect(b.get('x', { channel: 'o' })).toMatchObject({ ok: false, error: { code: 405 } })
    expect(ok(b.get('x')).messageCount).toBe(0)
  })
})
