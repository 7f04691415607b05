// One test per row of the version table (docs/reference/rabbitmq-semantics.md §3.10), plus parsing.
import { describe, expect, test } from 'vitest'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { parseVersion, rulesFor, DEFAULT_VERSION } from '../../src/core/versions.js'
import { topicExchangeType } from '../../src/core/topic.js'
import { headersValueEqual } from '../../src/core/headers-equality.js'
import { bind, exchange, router } from './build.js'

const L = (value: number): AmqpValue => ({ type: 'long', value })
const D = (value: number): AmqpValue => ({ type: 'double', value })
const T = (value: number): AmqpValue => ({ type: 'timestamp', value })

describe('RabbitMQ version table (§3.10)', () => {
  const routes = (version: string, bindingValue: AmqpValue, header: AmqpValue) =>
    router({ exchanges: [exchange('h', 'headers')], queues: ['q'], bindings: [bind('h', 'q', '', { n: bindingValue })] }, version)
      .route({ exchange: 'h', routingKey: '', headers: new Map([['n', header]]) }).routed

  test('headers value equality: 1 == 1.0 up to 3.12 (Erlang ==), not from 3.13 (=:=, message containers)', () => {
    expect(routes('3.10', L(1), D(1))).toBe(true)
    expect(routes('3.12', L(1), D(1))).toBe(true)
    expect(routes('3.13', L(1), D(1))).toBe(false)
    expect(routes('4.3.5', L(1), D(1))).toBe(false)
  })
  test('headers timestamps: from 3.13 a timestamp header is compared in ms (mc_amqpl:routing_value), the binding arg is not', () => {
    expect(routes('3.12', L(5), T(5))).toBe(true)
    expect(routes('3.13', L(5), T(5))).toBe(false)
    expect(routes('3.13', L(5000), T(5))).toBe(true)
    expect(routes('3.13', T(5), T(5))).toBe(false)
    expect(headersValueEqual(T(5), T(5), rulesFor('3.12'))).toBe(true)
  })
  test('DLX cycle check reads the client-visible x-death up to 3.13, annotations only from 4.0', () => {
    expect(rulesFor('3.10').clientXDeathInterpreted).toBe(true)
    expect(rulesFor('3.13').clientXDeathInterpreted).toBe(true)
    expect(rulesFor('4.0').clientXDeathInterpreted).toBe(false)
  })
  test('quorum queue delivery-limit default: none up to 3.13, 20 from 4.0', () => {
    expect(rulesFor('3.13').quorumDefaultDeliveryLimit).toBeNull()
    expect(rulesFor('4.0').quorumDefaultDeliveryLimit).toBe(20)
    expect(rulesFor('4.3').quorumDefaultDeliveryLimit).toBe(20)
  })
  test('quorum queue priorities: none up to 3.13, two buckets 4.0–4.2, strict 0–31 in 4.3', () => {
    expect(rulesFor('3.13').quorumPriorities).toBe('none')
    expect(rulesFor('4.2').quorumPriorities).toBe('two-levels')
    expect(rulesFor('4.3').quorumPriorities).toBe('strict-32')
  })
  test('exchange types: direct/fanout/headers/topic; + x-local-random in 4.0; + x-modulus-hash in 4.3', () => {
    expect([...rulesFor('3.13').builtinExchangeTypes].sort()).toEqual(['direct', 'fanout', 'headers', 'topic'])
    expect(rulesFor('4.0').builtinExchangeTypes.has('x-local-random')).toBe(true)
    expect(rulesFor('4.2').builtinExchangeTypes.has('x-modulus-hash')).toBe(false)
    expect(rulesFor('4.3').builtinExchangeTypes.has('x-modulus-hash')).toBe(true)
  })
  test('topic binding keys with more than two `#` are rejected from 4.3.5 (validate_binding, ?MAX_HASH_WILDCARDS)', () => {
    const b = bind('t', 'q', '#.a.#.b.#')
    expect(topicExchangeType.validateBinding(b, rulesFor('4.3.4'))).toBeNull()
    expect(topicExchangeType.validateBinding(b, rulesFor('4.3.5'))?.code).toBe(406)
    expect(topicExchangeType.validateBinding(bind('t', 'q', '#.a.#'), rulesFor('4.3.5'))).toBeNull()
    // a binding stored before the upgrade still routes
    const r = router({ exchanges: [exchange('t', 'topic')], queues: ['q'], bindings: [b] }, '4.3.5')
    expect(r.route({ exchange: 't', routingKey: 'x.a.b' }).queues).toEqual(['q'])
  })
  test('transient non-exclusive queues are denied by default from 4.3', () => {
    expect(rulesFor('4.2').transientNonExclusiveQueuesDenied).toBe(false)
    expect(rulesFor('4.3').transientNonExclusiveQueuesDenied).toBe(true)
  })
  test('classic mirroring (ha-*) exists up to 3.13, removed in 4.0', () => {
    expect(rulesFor('3.13').classicMirroring).toBe(true)
    expect(rulesFor('4.0').classicMirroring).toBe(false)
  })
})

describe('parseVersion', () => {
  test.each([['3.10', [3, 10, 0]], ['3.10.8', [3, 10, 8]], ['v4.3.5', [4, 3, 5]], ['3.13.7-rc.1', [3, 13, 7]]] as const)('%s', (text, [major, minor, patch]) => {
    expect(parseVersion(text)).toEqual({ ok: true, version: { major, minor, patch } })
  })
  test.each(['3', 'abc', '3.9', '5.0', ''])('rejects %j with a message', (text) => {
    const r = parseVersion(text)
    expect(r.ok).toBe(false)
  })
  test('the default is the newest version implemented', () => {
    expect(rulesFor().label).toBe(DEFAULT_VERSION)
    expect(rulesFor().maxTopicHashWords).toBe(2)
  })
})
