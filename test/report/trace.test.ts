import { describe, expect, it } from 'vitest'
import { Chalk } from 'chalk'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding } from '../../src/core/model.js'
import type { Hop, Publish, RouteResult } from '../../src/core/route-types.js'
import { renderTrace, makeTraceView } from '../../src/report/trace.js'
import { traceToJson } from '../../src/report/trace-json.js'

const plain = new Chalk({ level: 0 })
const table = (entries: [string, AmqpValue][]): AmqpTable => new Map(entries)

function binding(source: string, destination: string, routingKey: string, destinationType: 'queue' | 'exchange' = 'queue', args: AmqpTable = new Map()): Binding {
  return { vhost: '/', source, destination, destinationType, routingKey, arguments: args }
}

function result(partial: Partial<RouteResult> & Pick<RouteResult, 'hops'>): RouteResult {
  const queues = partial.queues ?? []
  return {
    queues,
    routes: partial.routes ?? [],
    routed: partial.routed ?? queues.length > 0,
    returned: partial.returned ?? false,
    unsupported: partial.unsupported ?? [],
    routingKeys: partial.routingKeys ?? ['order.created.eu'],
    ...partial,
  }
}

const publish = (exchange: string, routingKey: string, extra: Partial<Publish> = {}): Publish => ({ exchange, routingKey, ...extra })

// orders (topic) --order.#--> audit ; orders --order.*.eu--> events (fanout) --> log ; CC "audit.all" also matches order.#? no: a.# only
const toAudit = binding('orders', 'audit', 'order.#')
const toEvents = binding('orders', 'events', 'order.*.eu', 'exchange')
const toLog = binding('events', 'log', '')
const e2eHops: Hop[] = [
  { exchange: 'orders', type: 'topic', cause: { kind: 'publish' }, matches: [{ binding: toAudit, keys: ['order.created.eu'] }, { binding: toEvents, keys: ['order.created.eu'] }] },
  { exchange: 'events', type: 'fanout', cause: { kind: 'binding', from: 'orders', binding: toEvents, keys: ['order.created.eu'] }, matches: [{ binding: toLog, keys: [] }] },
]

describe('renderTrace', () => {
  it('shows the queue count ("copies to N queues") and the route as a tree: exchange → binding → destination', () => {
    const r = result({ hops: e2eHops, queues: ['audit', 'log'] })
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('orders', 'order.created.eu'), r), plain)
    expect(text).toContain('copies to 2 queues: audit, log')
    expect(text).toContain('exchange orders (topic) (published here)')
    expect(text).toMatch(/├─ binding "order\.#" → queue audit · via key "order\.created\.eu"/)
    expect(text).toMatch(/└─ binding "order\.\*\.eu" → exchange events \(fanout\)/)
    // the fanout hop is nested under the E2E binding that reached it
    expect(text).toMatch(/\n {3}└─ binding → queue log\n/)
  })

  it('says "routed to 1 queue" for a single queue', () => {
    const hops: Hop[] = [{ exchange: 'orders', type: 'topic', cause: { kind: 'publish' }, matches: [{ binding: toAudit, keys: ['order.x'] }] }]
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('orders', 'order.x'), result({ hops, queues: ['audit'] })), plain)
    expect(text).toContain('✓ routed to 1 queue: audit')
  })

  it('labels CC and BCC keys that led to a binding', () => {
    const headers = table([['CC', { type: 'array', value: [{ type: 'longstr', value: 'cc.key' }] }], ['BCC', { type: 'array', value: [{ type: 'longstr', value: 'bcc.key' }] }]])
    const b1 = binding('x', 'q1', 'cc.key')
    const b2 = binding('x', 'q2', 'bcc.key')
    const hops: Hop[] = [{ exchange: 'x', type: 'direct', cause: { kind: 'publish' }, matches: [{ binding: b1, keys: ['cc.key'] }, { binding: b2, keys: ['bcc.key'] }] }]
    const view = makeTraceView('/', '4.3.5', publish('x', 'rk', { headers }), result({ hops, queues: ['q1', 'q2'], routingKeys: ['rk', 'cc.key', 'bcc.key'] }))
    const text = renderTrace(view, plain)
    expect(text).toContain('→ queue q1 · via CC "cc.key"')
    expect(text).toContain('→ queue q2 · via BCC "bcc.key"')
    expect(text).toContain('CC "cc.key" · BCC "bcc.key"')
    expect(traceToJson(view)).toMatchObject({ cc: ['cc.key'], bcc: ['bcc.key'], routingKeys: ['rk', 'cc.key', 'bcc.key'] })
  })

  it('marks an alternate-exchange hop with its source (argument or policy)', () => {
    const toUnrouted = binding('ae', 'unrouted', '')
    const hops: Hop[] = [
      { exchange: 'orders', type: 'direct', cause: { kind: 'publish' }, matches: [], alternate: { name: 'ae', source: 'policy', policy: 'ae-policy', used: true, missing: false } },
      { exchange: 'ae', type: 'fanout', cause: { kind: 'alternate-exchange', from: 'orders', source: 'policy', policy: 'ae-policy' }, matches: [{ binding: toUnrouted, keys: [] }] },
    ]
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('orders', 'nope'), result({ hops, queues: ['unrouted'] })), plain)
    expect(text).toContain('no binding matched')
    expect(text).toContain('exchange ae (fanout) (alternate exchange of orders, via policy ae-policy)')
    expect(text).toContain('binding → queue unrouted')
  })

  it('says when the alternate exchange does not exist', () => {
    const hops: Hop[] = [{ exchange: 'orders', type: 'direct', cause: { kind: 'publish' }, matches: [], alternate: { name: 'gone', source: 'argument', used: true, missing: true } }]
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('orders', 'k'), result({ hops })), plain)
    expect(text).toContain('alternate exchange gone (via argument) does not exist')
    expect(text).toContain('✗ unroutable: dropped')
  })

  it('gives the mandatory verdict: returned (basic.return 312 NO_ROUTE)', () => {
    const hops: Hop[] = [{ exchange: 'orders', type: 'topic', cause: { kind: 'publish' }, matches: [] }]
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('orders', 'k', { mandatory: true }), result({ hops, returned: true })), plain)
    expect(text).toContain('✗ unroutable: returned (basic.return 312 NO_ROUTE)')
    expect(text).not.toContain('dropped')
  })

  it('shows cycle / diamond skips and dangling E2E destinations', () => {
    const back = binding('b', 'a', '#', 'exchange')
    const dangling = binding('b', 'nowhere', '#', 'exchange')
    const ab = binding('a', 'b', '#', 'exchange')
    const hops: Hop[] = [
      { exchange: 'a', type: 'topic', cause: { kind: 'publish' }, matches: [{ binding: ab, keys: ['k'] }] },
      { exchange: 'b', type: 'topic', cause: { kind: 'binding', from: 'a', binding: ab, keys: ['k'] }, matches: [{ binding: back, keys: ['k'] }, { binding: dangling, keys: ['k'] }], skippedSeen: ['a'], skippedMissing: ['nowhere'] },
    ]
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('a', 'k'), result({ hops })), plain)
    expect(text).toMatch(/→ exchange a · via key "k" \(already visited: skipped/)
    expect(text).toMatch(/→ exchange nowhere · via key "k" \(does not exist: skipped\)/)
  })

  it('says an unsupported plugin type makes the answer partial', () => {
    const hops: Hop[] = [{ exchange: 'hash', type: 'x-consistent-hash', cause: { kind: 'publish' }, matches: [], unsupported: true }]
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('hash', 'k'), result({ hops, unsupported: ['hash'] })), plain)
    expect(text).toContain('cannot simulate x-consistent-hash (exchange hash): answer partial')
    expect(text).toContain('? no queue reached by the part of the route the simulator can follow')
    expect(text).not.toContain('dropped')
  })

  it('explains the default exchange: each key names a queue, missing names deliver nothing', () => {
    const hops: Hop[] = [{ exchange: '', type: 'direct', cause: { kind: 'publish' }, matches: [], defaultExchange: { queues: ['jobs'], missingQueues: ['nope'] } }]
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('', 'jobs'), result({ hops, queues: ['jobs'], routingKeys: ['jobs', 'nope'] })), plain)
    expect(text).toContain('publish to the default exchange ""')
    expect(text).toContain('default exchange "" (direct): each routing key names a queue')
    expect(text).toContain('key "jobs" → queue jobs')
    expect(text).toContain('key "nope": no queue of that name')
  })

  it('the default exchange reached as an alternate exchange delivers nothing, and says so', () => {
    const hops: Hop[] = [
      { exchange: 'x', type: 'direct', cause: { kind: 'publish' }, matches: [], alternate: { name: '', source: 'argument', used: true, missing: false } },
      { exchange: '', type: 'direct', cause: { kind: 'alternate-exchange', from: 'x', source: 'argument' }, matches: [] },
    ]
    const text = renderTrace(makeTraceView('/', '3.10', publish('x', 'k'), result({ hops })), plain)
    expect(text).toContain('default exchange "" (direct) (not published to directly: it has no bindings and delivers nothing) (alternate exchange of x, via argument)')
    expect(text).not.toContain('each routing key names a queue')
  })

  it('prints the channel error with a did-you-mean for a 404', () => {
    const r = result({ hops: [], error: { code: 404, name: 'NOT_FOUND', message: "NOT_FOUND - no exchange 'ordrs' in vhost '/'" } })
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('ordrs', 'k'), r, ['orders', 'billing']), plain)
    expect(text).toContain("channel error 404 NOT_FOUND - no exchange 'ordrs' in vhost '/'")
    expect(text).toContain('did you mean "orders"?')
  })

  it('--verbose lists the bindings that did not match, with the reason', () => {
    const miss = binding('orders', 'eu', 'order.*')
    const hops: Hop[] = [{ exchange: 'orders', type: 'topic', cause: { kind: 'publish' }, matches: [], misses: [{ binding: miss, reason: "the pattern ends before the key: 'eu' left over" }] }]
    const view = makeTraceView('/', '4.3.5', publish('orders', 'order.created.eu'), result({ hops }))
    expect(renderTrace(view, plain)).not.toContain('left over')
    expect(renderTrace(view, plain, { verbose: true })).toContain(`✗ binding "order.*" → queue eu: the pattern ends before the key: 'eu' left over`)
  })

  it('shows a headers binding by its arguments, with value types', () => {
    const args = table([['x-match', { type: 'longstr', value: 'all' }], ['n', { type: 'long', value: 1 }], ['f', { type: 'double', value: 1 }]])
    const b = binding('h', 'q', '', 'queue', args)
    const hops: Hop[] = [{ exchange: 'h', type: 'headers', cause: { kind: 'publish' }, matches: [{ binding: b, keys: [] }] }]
    const text = renderTrace(makeTraceView('/', '3.10', publish('h', ''), result({ hops, queues: ['q'] })), plain)
    expect(text).toContain('binding {x-match: "all", n: 1 (long), f: 1.0 (double)} → queue q')
  })

  it('notes a queue reached several ways gets one copy', () => {
    const b2 = binding('orders', 'audit', 'order.*.eu')
    const hops: Hop[] = [{ exchange: 'orders', type: 'topic', cause: { kind: 'publish' }, matches: [{ binding: toAudit, keys: ['order.created.eu'] }, { binding: b2, keys: ['order.created.eu'] }] }]
    const r = result({ hops, queues: ['audit'], routes: [{ queue: 'audit', via: [{ exchange: 'orders', binding: toAudit, keys: ['order.created.eu'] }, { exchange: 'orders', binding: b2, keys: ['order.created.eu'] }] }] })
    const text = renderTrace(makeTraceView('/', '4.3.5', publish('orders', 'order.created.eu'), r), plain)
    expect(text).toContain('audit gets one copy, reached 2 ways')
  })
})

describe('traceToJson', () => {
  it('has the documented fields, with typed binding arguments and hop causes', () => {
    const args = table([['x-match', { type: 'longstr', value: 'any' }], ['n', { type: 'double', value: 1 }], ['__proto__', { type: 'long', value: 2 }]])
    const hb = binding('orders', 'h', '', 'exchange', args)
    const hops: Hop[] = [
      ...e2eHops.slice(0, 1),
      { exchange: 'events', type: 'fanout', cause: { kind: 'binding', from: 'orders', binding: hb, keys: [] }, matches: [], alternate: { name: 'ae', source: 'argument', used: false, missing: false } },
    ]
    const r = result({ hops, queues: ['audit'], routes: [{ queue: 'audit', via: [{ exchange: 'orders', binding: toAudit, keys: ['order.created.eu'] }] }] })
    const json = traceToJson(makeTraceView('/', '4.3.5', publish('orders', 'order.created.eu', { mandatory: true }), r))
    expect(json).toMatchObject({
      vhost: '/', exchange: 'orders', routingKey: 'order.created.eu', routingKeys: ['order.created.eu'], mandatory: true,
      rabbitmq: '4.3.5', queues: ['audit'], routed: true, returned: false, verdict: 'routed', unsupported: [],
      routes: [{ queue: 'audit', via: [{ exchange: 'orders', bindingKey: 'order.#', keys: ['order.created.eu'] }] }],
    })
    expect(json.hops[0]).toMatchObject({ exchange: 'orders', type: 'topic', via: { kind: 'publish' } })
    expect(json.hops[0]!.matched[0]).toEqual({ destination: 'audit', destinationType: 'queue', routingKey: 'order.#', arguments: {}, keys: ['order.created.eu'] })
    const via = json.hops[1]!.via
    expect(via.kind).toBe('binding')
    // an integral double keeps its type in the typed encoding; __proto__ is an ordinary own key
    const parsed = JSON.parse(JSON.stringify(json)) as { hops: { via: { arguments: Record<string, unknown> } }[] }
    expect(parsed.hops[1]!.via.arguments).toEqual(JSON.parse('{"x-match":"any","n":{"type":"double","value":1},"__proto__":2}'))
    expect(json.hops[1]!.alternate).toEqual({ name: 'ae', source: 'argument', used: false, missing: false })
    expect(json.error).toBeUndefined()
  })

  it('carries the publish error with RabbitMQ code and name', () => {
    const r = result({ hops: [], error: { code: 403, name: 'ACCESS_REFUSED', message: "ACCESS_REFUSED - cannot publish to internal exchange 'i' in vhost '/'" } })
    const json = traceToJson(makeTraceView('/', '4.3.5', publish('i', 'k'), r))
    expect(json.error).toEqual({ code: 403, name: 'ACCESS_REFUSED', message: "ACCESS_REFUSED - cannot publish to internal exchange 'i' in vhost '/'" })
    expect(json.verdict).toBe('error')
    expect(json.routed).toBe(false)
  })

  it('reports verdict "returned" with mandatory and "dropped" without', () => {
    const hops: Hop[] = [{ exchange: 'x', type: 'direct', cause: { kind: 'publish' }, matches: [] }]
    expect(traceToJson(makeTraceView('/', '4.3.5', publish('x', 'k', { mandatory: true }), result({ hops, returned: true }))).verdict).toBe('returned')
    expect(traceToJson(makeTraceView('/', '4.3.5', publish('x', 'k'), result({ hops }))).verdict).toBe('dropped')
  })
})
