import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Topology } from '../core/model.js'
import type { Publish, RouteResult } from '../core/route-types.js'
import type { Router } from '../core/router.js'
import type { VersionRules } from '../core/versions.js'
import { Broker, type BrokerRouters } from '../broker/broker.js'
import type { Expectation, SpecCase, SpecPublish, XDeathExpectation } from './types.js'

/** What a case got, in the shape the reports print. */
export interface CaseOutcome {
  readonly passed: boolean
  /** Why it failed (one line). */
  readonly message?: string
  /** The publish that decided a routing case (or the case's first publish), and its route, for the failure's route tree. */
  readonly publish: Publish
  readonly route: RouteResult
  /** Delivery cases: ready messages of the expected queue at the end. */
  readonly inQueue?: { readonly queue: string; readonly count: number; readonly xDeath?: Readonly<Record<string, unknown>> }
}

/** Runs a routing case (no steps) on a compiled router: rabbit_exchange:route/3 and nothing else. */
export function runRoutingCase(c: SpecCase, router: Router): CaseOutcome {
  const route = router.route(c.publish.publish)
  const verdict = judgeRoute(c.expect, route)
  // a pass keeps only the verdict: the hops of 10k passing routes are garbage the reports never read
  return verdict.passed
    ? { passed: true, publish: c.publish.publish, route: slim(route) }
    : { passed: false, ...(verdict.message !== undefined ? { message: verdict.message } : {}), publish: c.publish.publish, route }
}

const NONE: readonly never[] = []

function slim(route: RouteResult): RouteResult {
  return {
    queues: route.queues, routed: route.routed, returned: route.returned, routingKeys: route.routingKeys,
    routes: NONE, hops: NONE, unsupported: route.unsupported, ...(route.error ? { error: route.error } : {}),
  }
}

/** Compares a route with a routing expectation. */
export function judgeRoute(expect: Expectation, route: RouteResult): { passed: boolean; message?: string } {
  const got = route.queues
  if (route.error && expect.kind !== 'error') return fail(`publish fails: ${route.error.code} ${route.error.message}`)
  const list = (qs: readonly string[]): string => (qs.length === 0 ? 'no queue' : qs.join(', '))
  switch (expect.kind) {
    case 'exactly': {
      const want = new Set(expect.queues)
      const missing = [...want].filter((q) => !got.includes(q))
      const extra = got.filter((q) => !want.has(q))
      if (missing.length === 0 && extra.length === 0) return PASS
      return fail(`expected exactly ${list([...want].sort())}; got ${list(got)}${missing.length ? ` (missing ${missing.join(', ')})` : ''}${extra.length ? ` (unexpected ${extra.join(', ')})` : ''}`)
    }
    case 'at_least': {
      const missing = expect.queues.filter((q) => !got.includes(q))
      return missing.length === 0 ? PASS : fail(`expected at least ${list(expect.queues)}; got ${list(got)} (missing ${missing.join(', ')})`)
    }
    case 'none_of': {
      const hit = expect.queues.filter((q) => got.includes(q))
      return hit.length === 0 ? PASS : fail(`expected none of ${list(expect.queues)}; reached ${hit.join(', ')}`)
    }
    case 'unroutable':
      if (route.unsupported.length > 0 && !route.routed) return fail(`cannot tell: the route reaches ${route.unsupported.join(', ')}, of a type the simulator cannot route`)
      return route.routed ? fail(`expected unroutable; routed to ${list(got)}`) : PASS
    case 'returned':
      return route.returned ? PASS : fail(route.routed ? `expected returned (312 NO_ROUTE); routed to ${list(got)}` : 'expected returned (312 NO_ROUTE); dropped (publish with mandatory: true to have it returned)')
    case 'error':
      if (route.error?.code === expect.code) return PASS
      return fail(route.error ? `expected error ${expect.code}; got ${route.error.code} ${route.error.message}` : `expected error ${expect.code}; the publish succeeded (${list(got)})`)
    case 'in_queue':
      return fail('in_queue needs steps')
  }
}

/**
 * Runs a delivery case on a fresh simulated broker: the publish, then each step (publish × times, reject/nack
 * with requeue=false of the queue's head via basic.get, expire = the clock moves on), then checks the expected queue.
 */
export function runDeliveryCase(c: SpecCase, topology: Topology, vhost: string, rules: VersionRules, routers?: BrokerRouters): CaseOutcome {
  const broker = new Broker({ topology, vhost, rules, recordEvents: false, ...(routers ? { routers } : {}) })
  const first = publishOn(broker, c.publish)
  const base = { publish: c.publish.publish, route: first.route }
  if (!first.ok) return { ...base, ...fail(`publish fails: ${first.error?.code} ${first.error?.message}`) }
  for (const step of c.steps ?? []) {
    if (step.kind === 'publish') {
      for (let i = 0; i < step.times; i++) {
        const r = publishOn(broker, step.publish)
        if (!r.ok) return { ...base, ...fail(`step publish fails: ${r.error?.code} ${r.error?.message}`) }
      }
    } else if (step.kind === 'expire') {
      broker.tick(step.ms)
    } else {
      const got = broker.get(step.queue)
      if (!got.ok) return { ...base, ...fail(`${step.kind} ${step.queue}: ${got.error.code} ${got.error.message}`) }
      if (got.message === undefined) return { ...base, ...fail(`${step.kind} ${step.queue}: the queue is empty (nothing to ${step.kind})`) }
      const r = step.kind === 'reject'
        ? broker.reject(got.message.channel, got.message.deliveryTag, false)
        : broker.nack(got.message.channel, got.message.deliveryTag, false, false)
      if (!r.ok) return { ...base, ...fail(`${step.kind} ${step.queue}: ${r.error.code} ${r.error.message}`) }
    }
  }
  const expect = c.expect
  if (expect.kind !== 'in_queue') return { ...base, ...fail('a case with steps expects in_queue') }
  const ready = broker.peek(expect.queue)
  const head = ready[0]?.message.headers
  const xd = head === undefined ? undefined : firstDeath(head)
  const inQueue = { queue: expect.queue, count: ready.length, ...(xd ? { xDeath: xd } : {}) }
  const out = { ...base, inQueue }
  if (expect.count !== undefined ? ready.length !== expect.count : ready.length === 0) {
    return { ...out, ...fail(`expected ${expect.count ?? 'at least 1'} message(s) in ${expect.queue}; it holds ${ready.length}`) }
  }
  if (expect.xDeath !== undefined) {
    const wrong = compareDeath(expect.xDeath, xd)
    if (wrong !== undefined) return { ...out, ...fail(wrong) }
  }
  return { ...out, ...PASS }
}

function publishOn(broker: Broker, p: SpecPublish) {
  return broker.publish({
    exchange: p.publish.exchange, routingKey: p.publish.routingKey,
    ...(p.publish.headers ? { headers: p.publish.headers } : {}),
    ...(p.publish.mandatory ? { mandatory: true } : {}),
    ...(p.expiration !== undefined ? { properties: { expiration: p.expiration } } : {}),
  })
}

/** x-death[0] of a message as plain values (reason, queue, exchange, count, routing-keys). */
function firstDeath(headers: AmqpTable): Record<string, unknown> | undefined {
  const xd = headers.get('x-death')
  if (xd?.type !== 'array') return undefined
  const t = xd.value[0]
  if (t?.type !== 'table') return undefined
  const out: Record<string, unknown> = {}
  for (const [k, v] of t.value) if (k !== '__proto__') out[k] = plain(v)
  return out
}

function plain(v: AmqpValue): unknown {
  if (v.type === 'void') return null
  if (v.type === 'array') return v.value.map(plain)
  if (v.type === 'table') return Object.fromEntries([...v.value].map(([k, x]) => [k, plain(x)]))
  return v.value
}

function compareDeath(want: XDeathExpectation, got: Record<string, unknown> | undefined): string | undefined {
  if (got === undefined) return 'expected x-death[0]; the message has no x-death header (it was not dead-lettered)'
  const diffs: string[] = []
  const check = (key: string, w: unknown): void => {
    if (w === undefined) return
    if (JSON.stringify(got[key]) !== JSON.stringify(w)) diffs.push(`${key} ${JSON.stringify(got[key])} (expected ${JSON.stringify(w)})`)
  }
  check('reason', want.reason)
  check('queue', want.queue)
  check('exchange', want.exchange)
  check('count', want.count)
  check('routing-keys', want.routingKeys)
  return diffs.length === 0 ? undefined : `x-death[0]: ${diffs.join(', ')}`
}

const PASS = { passed: true } as const
const fail = (message: string): { passed: false; message: string } => ({ passed: false, message })
