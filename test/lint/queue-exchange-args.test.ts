import { describe, expect, it } from 'vitest'
import { bind, ex, ids, lint, only, qu, type QueueOpts } from './helpers.js'

/** One bound queue (so routing rules stay quiet) with the given options. */
const queue = (o: QueueOpts, version?: string) => lint({ exchanges: [ex('x')], queues: [qu('q', o)], bindings: [bind('x', 'q', 'q')] }, version)

describe('queue arguments (rabbit_amqqueue:check_declare_arguments/2, declare_args/0)', () => {
  it('queue/unknown-argument: a typo RabbitMQ accepts silently, with did-you-mean', () => {
    const ds = only(queue({ args: { 'x-dead-letter-exhange': 'dlx' } }), 'queue/unknown-argument')
    expect(ds).toHaveLength(1)
    expect(ds[0]!.severity).toBe('warning')
    expect(ds[0]!.message).toContain("did you mean 'x-dead-letter-exchange'")
    expect(ds[0]!.path).toEqual(['queues', 'q', 'arguments', 'x-dead-letter-exhange'])
  })
  it('queue/unknown-argument: a consumer argument on a queue suggests the queue argument', () => {
    expect(only(queue({ args: { 'x-priority': 5 } }), 'queue/unknown-argument')[0]!.message).toContain("'x-max-priority'")
  })
  it('knows every argument of the three queue types', () => {
    expect(ids(queue({ args: { 'x-message-ttl': 1000, 'x-expires': 60000, 'x-max-length': 10, 'x-max-length-bytes': 1000, 'x-overflow': 'reject-publish', 'x-max-priority': 10, 'x-single-active-consumer': true, 'x-queue-mode': 'lazy', 'x-queue-version': 2 } }))).toEqual([])
    expect(ids(queue({ args: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-dead-letter-strategy': 'at-least-once', 'x-quorum-initial-group-size': 3, 'x-overflow': 'reject-publish' } }))).toEqual([])
    expect(ids(queue({ args: { 'x-queue-type': 'stream', 'x-max-age': '7D', 'x-stream-max-segment-size-bytes': 5000000, 'x-max-length-bytes': 10000000 } }))).toEqual([])
  })
  it.each([
    ['x-message-ttl', '60000', /expected an integer, got the string '60000'/],
    ['x-message-ttl', -1, /must not be negative/],
    ['x-message-ttl', 1.5, /expected an integer, got double 1.5/],
    ['x-expires', 0, /greater than 0/],
    ['x-max-length', -5, /must not be negative/],
    ['x-overflow', 'drop-tail', /expected one of drop-head, reject-publish, reject-publish-dlx/],
    ['x-single-active-consumer', 'true', /expected a boolean/],
    ['x-max-priority', 256, /at most 255/],
    ['x-queue-mode', 'fast', /expected one of default, lazy/],
    ['x-queue-version', 3, /unsupported queue version 3/],
    ['x-dead-letter-exchange', 5, /expected a string/],
  ] as const)('queue/invalid-arg-value: %s = %j', (key, value, message) => {
    const args: Record<string, string | number> = { [key]: value }
    if (key === 'x-dead-letter-exchange') args['x-dead-letter-routing-key'] = 'k'
    const ds = only(queue({ args }), 'queue/invalid-arg-value')
    expect(ds).toHaveLength(1)
    expect(ds[0]!.severity).toBe('error')
    expect(ds[0]!.message).toMatch(message)
  })
  it('queue/invalid-arg-value: an unknown x-queue-type', () => {
    expect(only(queue({ args: { 'x-queue-type': 'delayed' } }), 'queue/invalid-arg-value')[0]!.message).toMatch(/classic, quorum, stream/)
  })
  it('queue/arg-unsupported-for-type: x-max-priority on quorum, DLX on a stream, x-delivery-limit on classic (406 invalid arg)', () => {
    expect(ids(queue({ args: { 'x-queue-type': 'quorum', 'x-max-priority': 5 } }))).toContain('queue/arg-unsupported-for-type')
    expect(ids(queue({ args: { 'x-queue-type': 'stream', 'x-dead-letter-exchange': 'dlx' } }))).toContain('queue/arg-unsupported-for-type')
    expect(ids(queue({ args: { 'x-delivery-limit': 5 } }))).toContain('queue/arg-unsupported-for-type')
    expect(ids(queue({ args: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } }))).not.toContain('queue/arg-unsupported-for-type')
  })
  it('queue/dlrk-without-dlx: routing_key_but_no_dlx_defined', () => {
    expect(ids(queue({ args: { 'x-dead-letter-routing-key': 'k' } }))).toContain('queue/dlrk-without-dlx')
    expect(ids(queue({ args: { 'x-dead-letter-routing-key': 'q', 'x-dead-letter-exchange': '' } }))).not.toContain('queue/dlrk-without-dlx')
  })
})

describe('queue properties', () => {
  it('qq/not-durable-exclusive-or-autodelete: quorum queues and streams must be durable, non-exclusive, not auto-delete', () => {
    for (const o of [{ durable: false }, { exclusive: true }, { autoDelete: true }]) {
      expect(ids(queue({ ...o, args: { 'x-queue-type': 'quorum' } }))).toContain('qq/not-durable-exclusive-or-autodelete')
      expect(ids(queue({ ...o, args: { 'x-queue-type': 'stream' } }))).toContain('qq/not-durable-exclusive-or-autodelete')
    }
    expect(ids(queue({ args: { 'x-queue-type': 'quorum' } }))).not.toContain('qq/not-durable-exclusive-or-autodelete')
  })
  it('queue/transient-nonexclusive: an error from 4.3 (denied_by_default), info before', () => {
    expect(only(queue({ durable: false }, '4.3.0'), 'queue/transient-nonexclusive')[0]!.severity).toBe('error')
    expect(only(queue({ durable: false }, '4.2'), 'queue/transient-nonexclusive')[0]!.severity).toBe('info')
    expect(only(queue({ durable: false, exclusive: true }, '4.3.0'), 'queue/transient-nonexclusive')).toEqual([])
  })
  it('qq/reject-publish-dlx: quorum queues fall back to drop-head', () => {
    expect(ids(queue({ args: { 'x-queue-type': 'quorum', 'x-overflow': 'reject-publish-dlx' } }))).toContain('qq/reject-publish-dlx')
    expect(ids(queue({ args: { 'x-overflow': 'reject-publish-dlx' } }))).not.toContain('qq/reject-publish-dlx')
  })
})

describe('exchange arguments and types', () => {
  const one = (x: ReturnType<typeof ex>, version?: string) => lint({ exchanges: [x, ex('ae', 'fanout')], queues: [qu('q')], bindings: [bind(x.name, 'q', x.type === 'fanout' ? '' : 'k'), bind('ae', 'q')] }, version)
  it('exchange/x-alternate-exchange: RabbitMQ reads alternate-exchange only', () => {
    const ds = only(one(ex('x', 'direct', { args: { 'x-alternate-exchange': 'ae' } })), 'exchange/x-alternate-exchange')
    expect(ds[0]!.hint).toMatch(/'alternate-exchange'/)
    expect(ids(one(ex('x', 'direct', { args: { 'alternate-exchange': 'ae' } })))).toEqual([])
  })
  it('exchange/invalid-arg-value: a non-string alternate-exchange (406)', () => {
    expect(ids(one(ex('x', 'direct', { args: { 'alternate-exchange': 5 } })))).toContain('exchange/invalid-arg-value')
  })
  it('exchange/unsupported-type: plugin types, and built-in types the simulator does not route', () => {
    const plugin = only(one(ex('x', 'x-consistent-hash')), 'exchange/unsupported-type')
    expect(plugin[0]!.message).toMatch(/plugin type/)
    const builtin = only(one(ex('x', 'x-local-random'), '4.1'), 'exchange/unsupported-type')
    expect(builtin[0]!.message).toMatch(/built into RabbitMQ 4.1/)
  })
})
