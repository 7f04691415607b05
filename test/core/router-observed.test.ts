// Every routing behaviour observed on a real RabbitMQ 3.10.8 broker (docs/reference/rabbitmq-3.10-observed.md),
// one test each, named after the behaviour. Sources: rabbit_exchange.erl (route/3, route1, process_alternate),
// rabbit_exchange_type_{direct,fanout,topic,headers}.erl, rabbit_basic.erl (header_routes), rabbit_policy.erl.
import { describe, expect, test } from 'vitest'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import type { Router } from '../../src/core/router.js'
import { headersExchangeType } from '../../src/core/headers.js'
import { directExchangeType } from '../../src/core/direct.js'
import { rulesFor } from '../../src/core/versions.js'
import { bind, e2e, exchange, policy, router, type Spec } from './build.js'

const S = (value: string): AmqpValue => ({ type: 'longstr', value })
const L = (value: number): AmqpValue => ({ type: 'long', value })
const D = (value: number): AmqpValue => ({ type: 'double', value })
const F = (value: number): AmqpValue => ({ type: 'float', value })
const B = (value: boolean): AmqpValue => ({ type: 'bool', value })
const V: AmqpValue = { type: 'void' }
const A = (...value: AmqpValue[]): AmqpValue => ({ type: 'array', value })
const hdrs = (o: Record<string, AmqpValue>) => new Map(Object.entries(o))

const queuesOf = (r: Router, ex: string, key: string, headers: Record<string, AmqpValue> = {}): readonly string[] =>
  r.route({ exchange: ex, routingKey: key, headers: hdrs(headers) }).queues

/** One topic exchange `t` with a binding per pattern to a queue named after it. */
function topic(...patterns: string[]): Router {
  return router({ exchanges: [exchange('t', 'topic')], queues: patterns.map((p) => `q:${p}`), bindings: patterns.map((p) => bind('t', `q:${p}`, p)) })
}
const topicHits = (patterns: string[], key: string): string[] => queuesOf(topic(...patterns), 't', key).map((q) => q.slice(2))

describe('topic exchange (rabbit_exchange_type_topic.erl, rabbit_db_topic_exchange.erl)', () => {
  test('the empty routing key is zero words: `*` does not match it, `#` and binding "" do, `#.` does not', () => {
    expect(topicHits(['*', '#', '', '#.'], '')).toEqual(['', '#'].sort())
  })
  test('empty words are real words: a. = [a,""] matches a.*, a..b matches a.*.b, "." matches *.*', () => {
    expect(topicHits(['a.*'], 'a.')).toEqual(['a.*'])
    expect(topicHits(['a.*.b'], 'a..b')).toEqual(['a.*.b'])
    expect(topicHits(['*.*'], '.')).toEqual(['*.*'])
    expect(topicHits(['*'], '.')).toEqual([])
  })
  test('`#` matches zero or more words anywhere: a.#, #.a, #.a.# match a; a.#.b matches a.b', () => {
    expect(topicHits(['a.#', '#.a', '#.a.#', 'a.#.b'], 'a')).toEqual(['#.a', '#.a.#', 'a.#'])
    expect(topicHits(['a.#.b'], 'a.b')).toEqual(['a.#.b'])
  })
  test('repeated `#`: #.# matches "", a.#.# matches a; *.# and #.* need a word, *.#.* and a.#.* two', () => {
    expect(topicHits(['#.#', 'a.#.#', '*.#', '#.*'], '')).toEqual(['#.#'])
    expect(topicHits(['a.#.#', '*.#', '#.*', '*.#.*', 'a.#.*'], 'a')).toEqual(['#.*', '*.#', 'a.#.#'])
    expect(topicHits(['*.#.*', 'a.#.*'], 'a.b')).toEqual(['*.#.*', 'a.#.*'])
  })
  test('`#` and `*` glued to text are literal words: #a, a*, ** match only themselves', () => {
    expect(topicHits(['#a', 'a*', '**'], 'xa')).toEqual([])
    expect(topicHits(['#a', 'a*', '**'], 'a*')).toEqual(['a*'])
    expect(topicHits(['#a', 'a*', '**'], '**')).toEqual(['**'])
  })
  test('`#` and `*` in a routing key are ordinary words', () => {
    expect(topicHits(['a.b', 'a.#'], 'a.#')).toEqual(['a.#'])
    expect(topicHits(['a.b'], 'a.*')).toEqual([])
  })
  test('matching is bytewise and case-sensitive; spaces, $, \\, tabs and emoji are ordinary', () => {
    expect(topicHits(['Order.*'], 'order.x')).toEqual([])
    expect(topicHits(['a b.$.\\.\t.🐇'], 'a b.$.\\.\t.🐇')).toEqual(['a b.$.\\.\t.🐇'])
    expect(topicHits(['é.*'], 'é.x')).toEqual(['é.*']) // precomposed é
    expect(topicHits(['é.*'], 'e\u0301.x')).toEqual([]) // no Unicode normalisation
  })
  test('a.# and a.#.# are two bindings; a queue matching both gets one copy', () => {
    const r = router({ exchanges: [exchange('t', 'topic')], queues: ['q'], bindings: [bind('t', 'q', 'a.#'), bind('t', 'q', 'a.#.#')] })
    const res = r.route({ exchange: 't', routingKey: 'a.b' })
    expect(res.queues).toEqual(['q'])
    expect(res.hops[0]!.matches).toHaveLength(2)
    expect(res.routes[0]!.via.map((v) => v.binding!.routingKey).sort()).toEqual(['a.#', 'a.#.#'])
  })
  test('a 127-word, 253-byte key routes', () => {
    const key = Array.from({ length: 127 }, () => 'a').join('.')
    expect(key.length).toBe(253)
    expect(topicHits(['#', `${Array.from({ length: 126 }, () => '*').join('.')}.a`, '*.#.a'], key)).toHaveLength(3)
  })
})

describe('direct and fanout exchanges', () => {
  const d = router({ exchanges: [exchange('d', 'direct')], queues: ['empty', 'star', 'lower', 'upper'], bindings: [
    bind('d', 'empty', ''), bind('d', 'star', 'k.*'), bind('d', 'lower', 'key'), bind('d', 'upper', 'KEY'),
  ] })
  test('direct is exact byte equality: "" matches only "", k.* is literal, case matters', () => {
    expect(queuesOf(d, 'd', '')).toEqual(['empty'])
    expect(queuesOf(d, 'd', 'k.x')).toEqual([])
    expect(queuesOf(d, 'd', 'k.*')).toEqual(['star'])
    expect(queuesOf(d, 'd', 'key')).toEqual(['lower'])
  })
  test('direct binding arguments are ignored for routing, and any x-match is accepted on a direct exchange', () => {
    const b = bind('d2', 'q', 'k', { 'x-match': S('foo') })
    expect(directExchangeType.validateBinding(b, rulesFor('3.10'))).toBeNull()
    const r = router({ exchanges: [exchange('d2', 'direct')], queues: ['q'], bindings: [b] })
    expect(queuesOf(r, 'd2', 'k')).toEqual(['q'])
  })
  test('every queue bound with the key gets a copy', () => {
    const r = router({ exchanges: [exchange('d3')], queues: ['a', 'b'], bindings: [bind('d3', 'a', 'k'), bind('d3', 'b', 'k')] })
    expect(queuesOf(r, 'd3', 'k')).toEqual(['a', 'b'])
  })
  test('fanout ignores binding and routing keys; a fanout without bindings is unroutable', () => {
    const r = router({ exchanges: [exchange('f', 'fanout'), exchange('f0', 'fanout')], queues: ['a', 'b'], bindings: [bind('f', 'a', 'x'), bind('f', 'b', '#')] })
    expect(queuesOf(r, 'f', 'anything')).toEqual(['a', 'b'])
    const res = r.route({ exchange: 'f0', routingKey: 'k', mandatory: true })
    expect(res.routed).toBe(false)
    expect(res.returned).toBe(true)
  })
})

describe('headers exchange (rabbit_exchange_type_headers.erl)', () => {
  const one = (args: Record<string, AmqpValue>, version = '3.10'): Router =>
    router({ exchanges: [exchange('h', 'headers')], queues: ['q'], bindings: [bind('h', 'q', 'bk', args)] }, version)
  const hits = (args: Record<string, AmqpValue>, headers: Record<string, AmqpValue>, version = '3.10'): boolean =>
    one(args, version).route({ exchange: 'h', routingKey: 'rk', headers: hdrs(headers) }).routed

  test('the routing key and the binding key are ignored', () => {
    expect(hits({ a: S('1') }, { a: S('1') })).toBe(true)
  })
  test('an invalid x-match is rejected at bind time with 406: "foo", "ALL" (case-sensitive), a non-string', () => {
    for (const v of [S('foo'), S('ALL'), L(1), B(true)]) {
      expect(headersExchangeType.validateBinding(bind('h', 'q', '', { 'x-match': v }), rulesFor('3.10'))?.code).toBe(406)
    }
    for (const v of ['all', 'any', 'all-with-x', 'any-with-x']) {
      expect(headersExchangeType.validateBinding(bind('h', 'q', '', { 'x-match': S(v) }), rulesFor('3.10'))).toBeNull()
    }
    expect(headersExchangeType.validateBinding(bind('h', 'q', '', {}), rulesFor('3.10'))).toBeNull()
  })
  test('x- arguments are ignored by all/any: {x-match:all, x-foo:bar} matches everything, {x-match:any, x-foo:bar} nothing', () => {
    expect(hits({ 'x-match': S('all'), 'x-foo': S('bar') }, {})).toBe(true)
    expect(hits({ 'x-match': S('any'), 'x-foo': S('bar') }, { 'x-foo': S('bar') })).toBe(false)
    expect(hits({ 'x-match': S('all-with-x'), 'x-foo': S('bar') }, { 'x-foo': S('bar') })).toBe(true)
    expect(hits({ 'x-match': S('all-with-x'), 'x-foo': S('bar') }, {})).toBe(false)
  })
  test('all with zero conditions matches a message without headers; any with zero conditions matches nothing', () => {
    expect(hits({}, {})).toBe(true)
    expect(hits({ 'x-match': S('any') }, { a: S('b') })).toBe(false)
  })
  test('a message header named x-match is just a header', () => {
    expect(hits({ 'x-match': S('any'), k: S('v') }, { 'x-match': S('all'), k: S('v') })).toBe(true)
    expect(hits({ 'x-match': S('all'), k: S('v') }, { 'x-match': S('any') })).toBe(false)
  })
  test('a void binding value is a presence test: any value matches, including void, false and 0', () => {
    for (const v of [V, B(false), L(0), S(''), A()]) expect(hits({ k: V }, { k: v })).toBe(true)
    expect(hits({ k: V }, { other: S('x') })).toBe(false)
  })
  test('a void message header satisfies only presence conditions', () => {
    expect(hits({ k: S('') }, { k: V })).toBe(false)
    expect(hits({ k: L(0) }, { k: V })).toBe(false)
  })
  test('3.10: numbers compare by value across types: int, long, timestamp 1 == double 1.0', () => {
    expect(hits({ n: L(1) }, { n: D(1) })).toBe(true)
    expect(hits({ n: { type: 'signedint', value: 1 } }, { n: { type: 'timestamp', value: 1 } })).toBe(true)
    expect(hits({ n: D(1) }, { n: { type: 'byte', value: 1 } })).toBe(true)
  })
  test('3.10: float32 1.5 == double 1.5, but float32 0.1 ≠ double 0.1', () => {
    expect(hits({ n: D(1.5) }, { n: F(1.5) })).toBe(true)
    expect(hits({ n: D(0.1) }, { n: F(0.1) })).toBe(false)
  })
  test('"1" ≠ 1, "true" ≠ true, false ≠ 0, "" matches only ""', () => {
    expect(hits({ n: S('1') }, { n: L(1) })).toBe(false)
    expect(hits({ n: S('true') }, { n: B(true) })).toBe(false)
    expect(hits({ n: B(false) }, { n: L(0) })).toBe(false)
    expect(hits({ n: S('') }, { n: S('') })).toBe(true)
    expect(hits({ n: S('') }, { n: V })).toBe(false)
  })
  test('arrays compare element by element including the type tag (both version families)', () => {
    for (const version of ['3.10', '4.3.5']) {
      expect(hits({ a: A(L(1), S('x')) }, { a: A(L(1), S('x')) }, version)).toBe(true)
      expect(hits({ a: A(L(1)) }, { a: A({ type: 'signedint', value: 1 }) }, version)).toBe(false)
      expect(hits({ a: A(L(1)) }, { a: A(D(1)) }, version)).toBe(false)
      expect(hits({ a: A(L(1)) }, { a: A(L(1), L(1)) }, version)).toBe(false)
    }
  })
  test('header names are case-sensitive', () => {
    expect(hits({ Type: S('a') }, { type: S('a') })).toBe(false)
  })
  test('CC is visible to the headers exchange, BCC is removed before routing', () => {
    expect(hits({ 'x-match': S('any'), CC: V }, { CC: A(S('k')) })).toBe(true)
    expect(hits({ 'x-match': S('any'), BCC: V }, { BCC: A(S('k')) })).toBe(false)
  })
})

describe('exchange-to-exchange bindings and the routing walk (rabbit_exchange.erl route1/4)', () => {
  test('a diamond delivers one copy', () => {
    const r = router({
      exchanges: [exchange('top', 'fanout'), exchange('l', 'fanout'), exchange('rt', 'fanout')],
      queues: ['q'],
      bindings: [e2e('top', 'l'), e2e('top', 'rt'), bind('l', 'q'), bind('rt', 'q')],
    })
    const res = r.route({ exchange: 'top', routingKey: '' })
    expect(res.queues).toEqual(['q'])
    expect(res.routes[0]!.via.map((v) => v.exchange).sort()).toEqual(['l', 'rt'])
  })
  test('cycles terminate: A→B→A, and C→root back to the publish exchange', () => {
    const r = router({
      exchanges: [exchange('A', 'fanout'), exchange('B', 'fanout'), exchange('root', 'fanout'), exchange('C', 'fanout')],
      queues: ['qa', 'qb', 'qc'],
      bindings: [e2e('A', 'B'), e2e('B', 'A'), bind('A', 'qa'), bind('B', 'qb'), e2e('root', 'C'), e2e('C', 'root'), bind('C', 'qc')],
    })
    expect(queuesOf(r, 'A', '')).toEqual(['qa', 'qb'])
    const res = r.route({ exchange: 'root', routingKey: '' })
    expect(res.queues).toEqual(['qc'])
    expect(res.hops.map((h) => h.exchange)).toEqual(['root', 'C'])
    expect(res.hops[1]!.skippedSeen).toEqual(['root'])
  })
  test('a self-binding X→X is allowed and has no effect', () => {
    const r = router({ exchanges: [exchange('x', 'fanout')], queues: ['q'], bindings: [e2e('x', 'x'), bind('x', 'q')] })
    const res = r.route({ exchange: 'x', routingKey: '' })
    expect(res.queues).toEqual(['q'])
    expect(res.hops).toHaveLength(1)
  })
  // rabbit_definitions add_binding → rabbit_binding:add: {error, {resources_missing, _}}, the import goes on without it
  test('a binding to an exchange the topology does not declare does not exist: skipped, listed when explaining', () => {
    const r = router({ exchanges: [exchange('x', 'fanout')], queues: ['q'], bindings: [e2e('x', 'ghost'), bind('x', 'q')] })
    const res = r.route({ exchange: 'x', routingKey: '' }, { explain: true })
    expect(res.queues).toEqual(['q'])
    expect(res.hops[0]!.matches.map((m) => m.binding.destination)).toEqual(['q'])
    expect(res.hops[0]!.undeclared?.map((b) => b.destination)).toEqual(['ghost'])
    expect(r.undeclaredBindingsFrom('x').map((b) => b.destination)).toEqual(['ghost'])
    expect(r.bindingsFrom('x').map((b) => b.destination)).toEqual(['q'])
  })
  test('a binding to a queue the topology does not declare does not exist', () => {
    const r = router({ exchanges: [exchange('x', 'fanout')], queues: ['q'], bindings: [bind('x', 'nope'), bind('x', 'q')] })
    const res = r.route({ exchange: 'x', routingKey: '' })
    expect(res.queues).toEqual(['q'])
    expect(res.hops[0]!.matches).toHaveLength(1)
    expect(res.hops[0]!.undeclared).toBeUndefined()
  })
  test('bindings to predeclared exchanges are kept', () => {
    const r = router({ exchanges: [exchange('x', 'fanout')], queues: ['q'], bindings: [e2e('x', 'amq.fanout'), bind('amq.fanout', 'q')] })
    expect(r.route({ exchange: 'x', routingKey: '' }).queues).toEqual(['q'])
  })
  test('durable/auto_delete do not affect routing', () => {
    const x = { ...exchange('x', 'fanout'), durable: false, autoDelete: true }
    expect(queuesOf(router({ exchanges: [x], queues: ['q'], bindings: [bind('x', 'q')] }), 'x', '')).toEqual(['q'])
  })
})

describe('alternate exchanges (rabbit_exchange.erl process_alternate/2)', () => {
  const ae = (name: string) => ({ 'alternate-exchange': S(name) })
  test('a match whose destination is not declared is no match: the AE fires (as on a broker that imported the file)', () => {
    for (const dangling of [e2e('x', 'nowhere', 'k'), bind('x', 'nowhere', 'k')]) {
      const r = router({ exchanges: [exchange('x', 'direct', { args: ae('ae') }), exchange('ae', 'fanout')], queues: ['unrouted'], bindings: [dangling, bind('ae', 'unrouted')] })
      const res = r.route({ exchange: 'x', routingKey: 'k', mandatory: true })
      expect(res.queues).toEqual(['unrouted'])
      expect(res.hops[0]!.alternate?.used).toBe(true)
    }
  })
  test('an E2E match to a dead end counts as a match: the AE does not fire', () => {
    const r = router({
      exchanges: [exchange('x', 'direct', { args: ae('ae') }), exchange('dead', 'direct'), exchange('ae', 'fanout')],
      queues: ['aeq'], bindings: [e2e('x', 'dead', 'k'), bind('ae', 'aeq')],
    })
    const res = r.route({ exchange: 'x', routingKey: 'k', mandatory: true })
    expect(res.queues).toEqual([])
    expect(res.returned).toBe(true)
    expect(res.hops[0]!.alternate).toMatchObject({ name: 'ae', used: false, missing: false })
  })
  test('only a self-binding matching still prevents the AE', () => {
    const r = router({
      exchanges: [exchange('x', 'direct', { args: ae('ae') }), exchange('ae', 'fanout')],
      queues: ['aeq'], bindings: [e2e('x', 'x', 'k'), bind('ae', 'aeq')],
    })
    expect(queuesOf(r, 'x', 'k')).toEqual([])
    expect(queuesOf(r, 'x', 'other')).toEqual(['aeq'])
  })
  test('the AE of a downstream exchange that matched nothing fires', () => {
    const r = router({
      exchanges: [exchange('x', 'direct', { args: ae('ae1') }), exchange('down', 'direct', { args: ae('ae2') }), exchange('ae1', 'fanout'), exchange('ae2', 'fanout')],
      queues: ['q1', 'q2'], bindings: [e2e('x', 'down', 'k'), bind('ae1', 'q1'), bind('ae2', 'q2')],
    })
    const res = r.route({ exchange: 'x', routingKey: 'k' })
    expect(res.queues).toEqual(['q2'])
    expect(res.hops.map((h) => [h.exchange, h.cause.kind])).toEqual([['x', 'publish'], ['down', 'binding'], ['ae2', 'alternate-exchange']])
  })
  test('AE chains work: d → ae1 → ae2', () => {
    const r = router({
      exchanges: [exchange('d', 'direct', { args: ae('ae1') }), exchange('ae1', 'direct', { args: ae('ae2') }), exchange('ae2', 'fanout')],
      queues: ['q'], bindings: [bind('ae2', 'q')],
    })
    expect(queuesOf(r, 'd', 'k')).toEqual(['q'])
  })
  test('an AE pointing at itself, or an AE cycle p↔pq, is unroutable and terminates', () => {
    const self = router({ exchanges: [exchange('s', 'direct', { args: ae('s') })], queues: ['q'] })
    expect(self.route({ exchange: 's', routingKey: 'k', mandatory: true }).returned).toBe(true)
    const cyc = router({ exchanges: [exchange('p', 'direct', { args: ae('pq') }), exchange('pq', 'direct', { args: ae('p') })], queues: ['q'] })
    const res = cyc.route({ exchange: 'p', routingKey: 'k', mandatory: true })
    expect(res.returned).toBe(true)
    expect(res.hops.map((h) => h.exchange)).toEqual(['p', 'pq'])
  })
  test('a missing AE is accepted and the message is unroutable', () => {
    const r = router({ exchanges: [exchange('x', 'direct', { args: ae('nowhere') })], queues: ['q'] })
    const res = r.route({ exchange: 'x', routingKey: 'k', mandatory: true })
    expect(res.returned).toBe(true)
    expect(res.hops[0]!.alternate).toMatchObject({ name: 'nowhere', used: true, missing: true })
  })
  test('the AE may be internal, or predeclared (amq.fanout)', () => {
    const r = router({
      exchanges: [exchange('x', 'direct', { args: ae('int') }), exchange('int', 'fanout', { internal: true }), exchange('y', 'direct', { args: ae('amq.fanout') })],
      queues: ['qi', 'qf'], bindings: [bind('int', 'qi'), bind('amq.fanout', 'qf')],
    })
    expect(queuesOf(r, 'x', 'k')).toEqual(['qi'])
    expect(queuesOf(r, 'y', 'k')).toEqual(['qf'])
  })
  test('a matching CC key means the AE does not fire; the AE receives the same key set, CC included', () => {
    const r = router({
      exchanges: [exchange('x', 'direct', { args: ae('ae') }), exchange('ae', 'direct')],
      queues: ['qcc', 'aeq'], bindings: [bind('x', 'qcc', 'cc-key'), bind('ae', 'aeq', 'ae-cc')],
    })
    expect(queuesOf(r, 'x', 'k', { CC: A(S('cc-key')) })).toEqual(['qcc'])
    expect(queuesOf(r, 'x', 'k', { CC: A(S('ae-cc')) })).toEqual(['aeq'])
    expect(queuesOf(r, 'x', 'k', { BCC: A(S('ae-cc')) })).toEqual(['aeq'])
  })
  test('an AE delivery counts as routed for mandatory', () => {
    const r = router({ exchanges: [exchange('x', 'direct', { args: ae('ae') }), exchange('ae', 'fanout')], queues: ['q'], bindings: [bind('ae', 'q')] })
    const res = r.route({ exchange: 'x', routingKey: 'k', mandatory: true })
    expect(res.routed).toBe(true)
    expect(res.returned).toBe(false)
  })
  test('AE "" (argument) is accepted and delivers nothing, even to a queue named by the key', () => {
    const r = router({ exchanges: [exchange('x', 'direct', { args: ae('') })], queues: ['k'] })
    const res = r.route({ exchange: 'x', routingKey: 'k', mandatory: true })
    expect(res.queues).toEqual([])
    expect(res.returned).toBe(true)
  })
})

describe('internal, missing and default exchanges; publish errors', () => {
  const r = router({
    exchanges: [exchange('int', 'fanout', { internal: true }), exchange('pub', 'fanout')],
    queues: ['qi', 'q.*', 'a', 'b'], bindings: [bind('int', 'qi'), e2e('pub', 'int')],
  })
  test('publishing to an internal exchange is 403 ACCESS_REFUSED (rabbit_channel check_internal_exchange)', () => {
    const res = r.route({ exchange: 'int', routingKey: '' })
    expect(res.error).toEqual({ code: 403, name: 'ACCESS_REFUSED', message: "ACCESS_REFUSED - cannot publish to internal exchange 'int' in vhost '/'" })
    expect(r.route({ exchange: 'amq.rabbitmq.trace', routingKey: '' }).error?.code).toBe(403)
  })
  test('an internal exchange works as an E2E destination', () => {
    expect(queuesOf(r, 'pub', '')).toEqual(['qi'])
  })
  test('a missing exchange is 404 NOT_FOUND, including wrong case, a trailing space and amq.default', () => {
    for (const name of ['nope', 'PUB', 'pub ', 'amq.default']) {
      const res = r.route({ exchange: name, routingKey: '' })
      expect(res.error).toEqual({ code: 404, name: 'NOT_FOUND', message: `NOT_FOUND - no exchange '${name}' in vhost '/'` })
      expect(res.returned).toBe(false)
    }
  })
  test('the default exchange delivers to the queue named exactly by each key (rk, CC, BCC); q.* is literal', () => {
    expect(queuesOf(r, '', 'q.*')).toEqual(['q.*'])
    expect(queuesOf(r, '', 'q.x')).toEqual([])
    expect(queuesOf(r, '', 'a', { CC: A(S('b')), BCC: A(S('qi')) })).toEqual(['a', 'b', 'qi'])
  })
  test('the default exchange skips missing queues; none → returned; the key "" → returned', () => {
    const res = r.route({ exchange: '', routingKey: 'missing', headers: hdrs({ CC: A(S('a')) }), mandatory: true })
    expect(res.queues).toEqual(['a'])
    expect(res.hops[0]!.defaultExchange).toEqual({ queues: ['a'], missingQueues: ['missing'] })
    expect(r.route({ exchange: '', routingKey: 'missing', mandatory: true }).returned).toBe(true)
    expect(r.route({ exchange: '', routingKey: '', mandatory: true }).returned).toBe(true)
  })
  test('every vhost has amq.direct, amq.fanout, amq.topic, amq.headers, amq.match without declaring them', () => {
    const p = router({ queues: ['d', 'f', 't', 'h', 'm'], bindings: [
      bind('amq.direct', 'd', 'k'), bind('amq.fanout', 'f'), bind('amq.topic', 't', 'k.#'), bind('amq.headers', 'h', '', { a: S('1') }), bind('amq.match', 'm', '', { a: S('1') }),
    ] })
    expect(queuesOf(p, 'amq.direct', 'k')).toEqual(['d'])
    expect(queuesOf(p, 'amq.fanout', 'x')).toEqual(['f'])
    expect(queuesOf(p, 'amq.topic', 'k')).toEqual(['t'])
    expect(queuesOf(p, 'amq.headers', '', { a: S('1') })).toEqual(['h'])
    expect(queuesOf(p, 'amq.match', '', { a: S('1') })).toEqual(['m'])
    expect(p.exchange('amq.rabbitmq.trace')).toMatchObject({ type: 'topic', internal: true })
  })
})

describe('CC and BCC (rabbit_basic.erl header_routes/1)', () => {
  const r = router({ exchanges: [exchange('d'), exchange('f', 'fanout'), exchange('h', 'headers')], queues: ['k', 'c', 'b', 'cc'], bindings: [
    bind('d', 'k', 'k'), bind('d', 'c', 'c'), bind('d', 'b', 'b'), e2e('f', 'd'), bind('h', 'cc', '', { 'x-match': S('any'), CC: V }),
  ] })
  test('only the exact names CC and BCC are routing headers; cc and bcc are ordinary', () => {
    expect(queuesOf(r, 'd', 'k', { cc: A(S('c')), bcc: A(S('b')) })).toEqual(['k'])
    expect(queuesOf(r, 'd', 'k', { CC: A(S('c')), BCC: A(S('b')) })).toEqual(['b', 'c', 'k'])
  })
  test('CC/BCC longstr elements are extra keys, other elements are silently ignored', () => {
    expect(queuesOf(r, 'd', 'x', { CC: A(L(1), S('c'), V) })).toEqual(['c'])
  })
  test('a CC or BCC that is not an array rejects the publish with 406 PRECONDITION_FAILED', () => {
    for (const [name, v] of [['CC', S('c')], ['BCC', L(1)], ['CC', V]] as const) {
      const res = r.route({ exchange: 'd', routingKey: 'k', headers: hdrs({ [name]: v }) })
      expect(res.error?.code).toBe(406)
      expect(res.error?.message).toBe(`PRECONDITION_FAILED - invalid message: {unacceptable_type_in_header,"${name}",${v.type}}`)
      expect(res.queues).toEqual([])
    }
  })
  test('the keys apply at every exchange the message reaches (through E2E)', () => {
    expect(queuesOf(r, 'f', 'none', { CC: A(S('c')), BCC: A(S('b')) })).toEqual(['b', 'c'])
  })
  test('routingKeys lists the routing key, then CC, then BCC', () => {
    expect(r.route({ exchange: 'd', routingKey: 'k', headers: hdrs({ BCC: A(S('b')), CC: A(S('c')) }) }).routingKeys).toEqual(['k', 'c', 'b'])
  })
  test('a queue matched by the key and a CC key gets one copy, with both keys recorded', () => {
    const rr = router({ exchanges: [exchange('t', 'topic')], queues: ['q'], bindings: [bind('t', 'q', 'a.*')] })
    const res = rr.route({ exchange: 't', routingKey: 'a.1', headers: hdrs({ CC: A(S('a.2')) }) })
    expect(res.queues).toEqual(['q'])
    expect(res.routes[0]!.via[0]!.keys).toEqual(['a.1', 'a.2'])
  })
})

describe('policies and the alternate exchange (rabbit_policy.erl)', () => {
  const base = (policies: ReturnType<typeof policy>[], args: Record<string, AmqpValue> = {}, extra: Spec = {}) => router({
    exchanges: [exchange('orders', 'direct', { args }), exchange('ae1', 'fanout'), exchange('ae2', 'fanout'), ...(extra.exchanges ?? [])],
    queues: ['q1', 'q2', ...(extra.queues ?? [])],
    bindings: [bind('ae1', 'q1'), bind('ae2', 'q2'), ...(extra.bindings ?? [])],
    policies,
  })
  test('one policy per object: the highest priority wins; priorities are any number (-10 < 0 < 1 < 1.5)', () => {
    const r = base([policy('a', 'orders', { 'alternate-exchange': 'ae1' }, { priority: 1 }), policy('b', 'orders', { 'alternate-exchange': 'ae2' }, { priority: 1.5 }), policy('c', '.', { 'alternate-exchange': 'ae1' }, { priority: -10 })])
    expect(queuesOf(r, 'orders', 'k')).toEqual(['q2'])
    expect(r.alternateExchange('orders')).toEqual({ name: 'ae2', source: 'policy', policy: 'b' })
  })
  test('definitions are not merged: a higher-priority policy without alternate-exchange hides a lower AE policy', () => {
    const r = base([policy('ae', 'orders', { 'alternate-exchange': 'ae1' }), policy('limits', 'orders', { 'max-length': 10 }, { priority: 5 })])
    expect(queuesOf(r, 'orders', 'k')).toEqual([])
  })
  test('apply-to is a filter: an AE in an apply-to queues policy never reaches an exchange, nor hides a lower exchange policy', () => {
    const r = base([policy('qpol', 'orders', { 'alternate-exchange': 'ae2' }, { applyTo: 'queues', priority: 9 }), policy('xpol', 'orders', { 'alternate-exchange': 'ae1' }, { applyTo: 'exchanges' })])
    expect(queuesOf(r, 'orders', 'k')).toEqual(['q1'])
  })
  test('the alternate-exchange argument beats the policy, even when it is "" or names a missing exchange', () => {
    const pol = [policy('p', 'orders', { 'alternate-exchange': 'ae1' }, { priority: 100 })]
    expect(queuesOf(base(pol, { 'alternate-exchange': S('ae2') }), 'orders', 'k')).toEqual(['q2'])
    expect(queuesOf(base(pol, { 'alternate-exchange': S('') }), 'orders', 'k')).toEqual([])
    expect(queuesOf(base(pol, { 'alternate-exchange': S('missing') }), 'orders', 'k')).toEqual([])
  })
  test('a policy AE naming a missing exchange: returned, and no lower-priority policy is consulted', () => {
    const r = base([policy('hi', 'orders', { 'alternate-exchange': 'missing' }, { priority: 2 }), policy('lo', 'orders', { 'alternate-exchange': 'ae1' })])
    expect(r.route({ exchange: 'orders', routingKey: 'k', mandatory: true }).returned).toBe(true)
  })
  test('a policy AE "" delivers nothing', () => {
    const r = base([policy('p', 'orders', { 'alternate-exchange': '' })], {}, { queues: ['k'] })
    expect(queuesOf(r, 'orders', 'k')).toEqual([])
  })
  test('patterns are unanchored: "order" matches reorder, audit.orders.v2 and the AE orders-ae itself (which stops)', () => {
    const r = router({
      exchanges: ['reorder', 'audit.orders.v2', 'orders-ae', 'other'].map((n) => exchange(n, 'direct')),
      queues: ['q'], bindings: [bind('orders-ae', 'q', 'k')],
      policies: [policy('p', 'order', { 'alternate-exchange': 'orders-ae' })],
    })
    expect(queuesOf(r, 'reorder', 'k')).toEqual(['q'])
    expect(queuesOf(r, 'audit.orders.v2', 'k')).toEqual(['q'])
    expect(queuesOf(r, 'other', 'k')).toEqual([])
    const self = r.route({ exchange: 'orders-ae', routingKey: 'zzz', mandatory: true })
    expect(self.returned).toBe(true)
    expect(self.hops).toHaveLength(1)
  })
  test('`.` is any byte: ^a.b$ matches axb; ^.$ does not match é (2 bytes) while ^..$ does', () => {
    const mk = (pattern: string, name: string) => router({ exchanges: [exchange(name, 'direct'), exchange('ae', 'fanout')], queues: ['q'], bindings: [bind('ae', 'q')], policies: [policy('p', pattern, { 'alternate-exchange': 'ae' })] })
    expect(queuesOf(mk('^a.b$', 'axb'), 'axb', 'k')).toEqual(['q'])
    expect(queuesOf(mk('^.$', 'é'), 'é', 'k')).toEqual([])
    expect(queuesOf(mk('^..$', 'é'), 'é', 'k')).toEqual(['q'])
  })
  test('(?i), \\A and \\z work; "" matches every name', () => {
    const mk = (pattern: string) => base([policy('p', pattern, { 'alternate-exchange': 'ae1' })])
    expect(queuesOf(mk('(?i)^ORDERS$'), 'orders', 'k')).toEqual(['q1'])
    expect(queuesOf(mk('^ORDERS$'), 'orders', 'k')).toEqual([])
    expect(queuesOf(mk('\\Aorders\\z'), 'orders', 'k')).toEqual(['q1'])
    expect(queuesOf(mk('\\Aorder\\z'), 'orders', 'k')).toEqual([])
    expect(queuesOf(mk(''), 'orders', 'k')).toEqual(['q1'])
  })
  test('predeclared exchanges get matching policies and use their AE; publishing to "" never uses an AE', () => {
    const r = base([policy('p', '^(amq\\.direct)?$', { 'alternate-exchange': 'ae1' })], {}, { queues: ['k'] })
    expect(queuesOf(r, 'amq.direct', 'k')).toEqual(['q1'])
    expect(r.route({ exchange: '', routingKey: 'nothing', mandatory: true }).returned).toBe(true)
  })
})

describe('plugin exchange types', () => {
  test('a trace reaching an x-consistent-hash exchange says so instead of guessing', () => {
    const r = router({ exchanges: [exchange('f', 'fanout'), exchange('ch', 'x-consistent-hash', { args: { 'alternate-exchange': S('f') } })], queues: ['q', 'h'], bindings: [e2e('f', 'ch'), bind('f', 'q'), bind('ch', 'h', '10')] })
    const res = r.route({ exchange: 'f', routingKey: 'k' })
    expect(res.queues).toEqual(['q'])
    expect(res.unsupported).toEqual(['ch'])
    expect(res.hops.find((h) => h.exchange === 'ch')).toMatchObject({ unsupported: true, alternate: { used: false } })
    expect(r.isSimulated('ch')).toBe(false)
  })
})

test('header and argument names are Map keys: __proto__ is an ordinary header name', () => {
  const args = new Map<string, AmqpValue>([['__proto__', S('x')]])
  const r = router({ exchanges: [exchange('h', 'headers')], queues: ['q'], bindings: [{ ...bind('h', 'q'), arguments: args }] })
  expect(r.route({ exchange: 'h', routingKey: '', headers: new Map([['__proto__', S('x')]]) }).queues).toEqual(['q'])
  expect(r.route({ exchange: 'h', routingKey: '', headers: new Map([['__proto__', S('y')]]) }).queues).toEqual([])
})

test('dead-lettering routes from inside the broker: an internal exchange is accepted with { internal: true }', () => {
  const r = router({ exchanges: [exchange('dlx', 'fanout', { internal: true })], queues: ['dlq'], bindings: [bind('dlx', 'dlq')] })
  expect(r.route({ exchange: 'dlx', routingKey: 'k' }).error?.code).toBe(403)
  expect(r.route({ exchange: 'dlx', routingKey: 'k' }, { internal: true }).queues).toEqual(['dlq'])
})

test('identical bindings (source, destination, key, arguments) are stored once; different arguments make a second binding', () => {
  const S = (value: string): AmqpValue => ({ type: 'longstr', value })
  const r = router({ exchanges: [exchange('d')], queues: ['q'], bindings: [
    bind('d', 'q', 'k', { a: S('1'), b: S('2') }), bind('d', 'q', 'k', { b: S('2'), a: S('1') }), bind('d', 'q', 'k', { a: { type: 'long', value: 1 } }), bind('d', 'q', 'k'),
  ] })
  expect(r.bindingsFrom('d')).toHaveLength(3)
  const res = r.route({ exchange: 'd', routingKey: 'k' })
  expect(res.queues).toEqual(['q'])
  expect(res.routes[0]!.via).toHaveLength(3)
})
