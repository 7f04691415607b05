import type { Exchange, Queue, VhostTopology } from '../../core/model.js'
import { createRouter } from '../../core/router.js'
import { EMPTY_TABLE, numberArg } from '../../core/amqp-value.js'
import type { VhostContext } from '../context.js'
import { argPath } from '../context.js'
import type { Report } from '../types.js'
import { q } from '../did-you-mean.js'
import { checkHeadOfLineTtl, checkSharedDeadLetterExchanges } from './dead-letter-sharing.js'

/** A routing key no binding is likely to name: what an alternate exchange receives for "anything else". */
export const PROBE_KEY = 'rmq-sim.probe.unmatched-key'
const MAX_CANDIDATE_KEYS = 8

const RABBITMQCTL_HINT = 'rabbitmqctl export_definitions leaves out internal exchanges: if it is internal, export with the management API (GET /api/definitions) to include it'

/** What a route from one exchange reached, for the questions the graph rules ask. */
interface Reach {
  readonly queues: readonly string[]
  /** A headers or unsupported exchange was on the way: the answer depends on message headers we do not have. */
  readonly uncertain: boolean
}

/**
 * The rules that need routing (issue #3). They ask the real router (core/router.ts) with representative keys
 * rather than re-implementing routing. Internal exchanges refuse publishes (403) but route normally as AE/DLX/E2E
 * targets, so the linter routes over a copy of the vhost where nothing is internal.
 */
export function checkRoutingGraph(ctx: VhostContext, report: Report): void {
  const { vhost } = ctx
  const open: VhostTopology = {
    ...vhost,
    exchanges: new Map([...vhost.exchanges].map(([n, x]) => [n, x.internal ? { ...x, internal: false } : x])),
  }
  const router = createRouter(open, ctx.rules)
  const memo = new Map<string, Reach>()
  const reach = (exchange: string, key: string): Reach => {
    const id = `${exchange}\u0000${key}`
    const hit = memo.get(id)
    if (hit) return hit
    const r = router.trace({ exchange, routingKey: key })
    const uncertain = r.unsupported.length > 0 || r.hops.some((h) => h.type === 'headers' || h.unsupported === true)
    const result = { queues: r.error ? [] : r.queues, uncertain }
    memo.set(id, result)
    return result
  }

  checkExchangesRouteSomewhere(ctx, report)
  checkExchangesReachQueues(ctx, report, reach)
  checkQueuesBound(ctx, report)
  checkInternalReachable(ctx, report)
  // Does the exchange's own matcher take any key (fanout, `#`, an empty `all` headers binding)? Then its AE never fires.
  const takesEverything = (name: string): boolean =>
    router.isSimulated(name) && (router.matcher(name)?.match({ routingKeys: [PROBE_KEY], headers: EMPTY_TABLE }).length ?? 0) > 0
  checkAlternates(ctx, report, reach, takesEverything)
  checkDeadLetters(ctx, report, reach)
}

/** exchange/no-bindings: no binding and no alternate exchange: every message published to it is dropped. */
function checkExchangesRouteSomewhere(ctx: VhostContext, report: Report): void {
  for (const x of ctx.vhost.exchanges.values()) {
    if (x.predeclared || x.name === '') continue
    if ((ctx.bindingsBySource.get(x.name)?.length ?? 0) > 0 || ctx.alternateOf(x)) continue
    report({
      rule: 'exchange/no-bindings',
      message: `exchange ${q(x.name)} has no bindings and no alternate exchange: every message ${x.internal ? 'reaching' : 'published to'} it is dropped`,
      hint: 'bind a queue or exchange to it, give it an alternate-exchange, or remove it',
      path: x.path ?? [],
    })
  }
}

/**
 * exchange/routes-nowhere: the exchange has bindings, all to existing destinations, yet no key its bindings take
 * reaches a queue (e.g. only E2E bindings to exchanges without bindings), and it has no alternate exchange.
 */
function checkExchangesReachQueues(ctx: VhostContext, report: Report, reach: (x: string, key: string) => Reach): void {
  for (const x of ctx.vhost.exchanges.values()) {
    const bindings = ctx.bindingsBySource.get(x.name) ?? []
    if (bindings.length === 0 || x.predeclared || ctx.alternateOf(x)) continue
    if (x.type !== 'direct' && x.type !== 'topic' && x.type !== 'fanout') continue
    // a binding straight to an existing queue routes (its own key reaches it): only E2E-only exchanges need the router
    if (!bindings.every((b) => b.destinationType === 'exchange' && ctx.exchange(b.destination) !== undefined)) continue
    const keys = x.type === 'fanout' ? [PROBE_KEY] : [...new Set(bindings.slice(0, MAX_CANDIDATE_KEYS).map((b) => (x.type === 'topic' ? instantiateTopic(b.routingKey) : b.routingKey)))]
    let uncertain = false
    let routed = false
    for (const k of keys) {
      const r = reach(x.name, k)
      if (r.uncertain) uncertain = true
      if (r.queues.length > 0) { routed = true; break }
    }
    if (routed || uncertain) continue
    report({
      rule: 'exchange/routes-nowhere',
      message: `exchange ${q(x.name)} routes nowhere: its bindings lead only to exchanges that reach no queue, and it has no alternate exchange`,
      hint: 'bind a queue somewhere along the way, or give it an alternate-exchange',
      path: x.path ?? [],
    })
  }
}

/** queue/unbound: nothing routes to the queue except the default exchange (publishing with its name as key). */
function checkQueuesBound(ctx: VhostContext, report: Report): void {
  const dlrkTargets = new Set<string>()
  for (const queue of ctx.vhost.queues.values()) {
    const dl = ctx.deadLetterOf(queue)
    if (dl && dl.exchange === '' && dl.routingKey !== undefined) dlrkTargets.add(dl.routingKey)
  }
  // config option `allow`: queues meant to be reached through the default exchange only (config/rule-options.ts)
  const allow = ((ctx.input.ruleOptions?.get('queue/unbound')?.['allow'] ?? []) as string[]).map((p) => new RegExp(p, 'u'))
  for (const queue of ctx.vhost.queues.values()) {
    if (queue.exclusive || (ctx.bindingsToQueue.get(queue.name)?.length ?? 0) > 0 || dlrkTargets.has(queue.name)) continue
    if (allow.some((re) => re.test(queue.name))) continue
    report({
      rule: 'queue/unbound',
      message: `queue ${q(queue.name)} has no bindings: only a publish to the default exchange with routing key ${q(queue.name)} reaches it`,
      hint: 'bind it to an exchange (or ignore this if publishers really use the default exchange)',
      path: queue.path ?? [],
    })
  }
}

/** exchange/internal-unreachable: internal exchanges take messages only from E2E bindings, AE and DLX references. */
function checkInternalReachable(ctx: VhostContext, report: Report): void {
  const referenced = new Set<string>()
  for (const x of ctx.vhost.exchanges.values()) {
    const ae = ctx.alternateOf(x)
    if (ae) referenced.add(ae.name)
  }
  for (const queue of ctx.vhost.queues.values()) {
    const dl = ctx.deadLetterOf(queue)
    if (dl) referenced.add(dl.exchange)
  }
  for (const p of ctx.vhost.policies) {
    for (const key of ['alternate-exchange', 'dead-letter-exchange']) {
      const v = p.definition.get(key)
      if (typeof v === 'string') referenced.add(v)
    }
  }
  for (const x of ctx.vhost.exchanges.values()) {
    if (!x.internal || x.predeclared) continue
    if (referenced.has(x.name)) continue
    if ((ctx.bindingsToExchange.get(x.name) ?? []).some((b) => b.source !== x.name)) continue
    report({
      rule: 'exchange/internal-unreachable',
      message: `internal exchange ${q(x.name)} is unreachable: clients cannot publish to it (403), and no binding, alternate-exchange or dead-letter-exchange leads to it`,
      hint: 'bind another exchange to it, name it as an alternate or dead-letter exchange, or make it non-internal',
      path: [...(x.path ?? []), 'internal'],
    })
  }
}

/** ae/missing, ae/type-may-drop, ae/cycle (rabbit_exchange:process_alternate/2, route1/4's seen-set). */
function checkAlternates(ctx: VhostContext, report: Report, reach: (x: string, key: string) => Reach, takesEverything: (x: string) => boolean): void {
  const reportedPolicies = new Set<string>()
  const mayDropReported = new Set<string>()
  for (const x of ctx.vhost.exchanges.values()) {
    const ae = ctx.alternateOf(x)
    if (!ae) continue
    const where = ae.source === 'policy' ? `policy-set alternate exchange` : 'alternate exchange'
    if (ae.source === 'policy') {
      const id = ae.path.join('\u0000')
      if (reportedPolicies.has(id)) continue
      reportedPolicies.add(id)
    }
    if (ae.name === '') {
      report({ rule: 'ae/missing', message: `exchange ${q(x.name)}: the ${where} is the default exchange '', which as an alternate exchange delivers nothing`, hint: 'name a declared exchange (e.g. a fanout bound to an "unrouted" queue)', path: ae.path })
      continue
    }
    const target = ctx.exchange(ae.name)
    if (!target) {
      report({
        rule: 'ae/missing',
        message: `exchange ${q(x.name)}: ${where} ${q(ae.name)} does not exist, so messages it cannot route are dropped silently`,
        hint: ctx.omitsInternalExchanges ? RABBITMQCTL_HINT : `declare ${q(ae.name)} (a fanout exchange bound to an "unrouted" queue is the usual choice)`,
        // as dlx/missing-exchange: messages are certainly lost, unless the export only left the exchange out
        severity: ctx.omitsInternalExchanges ? 'warning' : 'error',
        path: ae.path,
      })
      continue
    }
    if (mayDropReported.has(ae.name) || ae.name === x.name || takesEverything(x.name)) continue
    const aeExchange = target.exchange
    if (aeExchange && (ctx.bindingsBySource.get(ae.name)?.length ?? 0) === 0 && !ctx.alternateOf(aeExchange)) continue // exchange/no-bindings says it
    const r = reach(ae.name, PROBE_KEY)
    if (r.queues.length === 0 && !(r.uncertain && target.type !== 'headers')) {
      mayDropReported.add(ae.name)
      const unbound = (ctx.bindingsBySource.get(ae.name)?.length ?? 0) === 0
      report({
        rule: 'ae/type-may-drop',
        message: unbound
          ? `alternate exchange ${q(ae.name)} of ${q(x.name)} has no bindings: the messages ${q(x.name)} cannot route are dropped there`
          : `alternate exchange ${q(ae.name)} (${target.type}) of ${q(x.name)} receives every key ${q(x.name)} cannot route, but routes only the keys its own bindings match${target.type === 'headers' ? ' (and headers they match)' : ''}: other messages are still dropped`,
        hint: unbound ? `bind a queue to ${q(ae.name)}` : target.type === 'topic' ? "add a binding with key '#' to catch everything" : 'make the alternate exchange a fanout exchange bound to an "unrouted" queue',
        path: ae.path,
      })
    }
  }
  for (const p of ctx.vhost.policies) {
    const v = p.definition.get('alternate-exchange')
    const id = [...(p.path ?? []), 'definition', 'alternate-exchange'].join('\u0000')
    if (typeof v !== 'string' || v === '' || ctx.exchange(v) || reportedPolicies.has(id)) continue
    report({ rule: 'ae/missing', message: `policy ${q(p.name)}: alternate exchange ${q(v)} does not exist`, hint: ctx.omitsInternalExchanges ? RABBITMQCTL_HINT : `declare ${q(v)}`, severity: ctx.omitsInternalExchanges ? 'warning' : 'error', path: [...(p.path ?? []), 'definition', 'alternate-exchange'] })
  }
  checkAlternateCycles(ctx, report)
}

function checkAlternateCycles(ctx: VhostContext, report: Report): void {
  const state = new Map<string, 'active' | 'done'>()
  for (const start of ctx.vhost.exchanges.values()) {
    const chain: Exchange[] = []
    let x: Exchange | undefined = start
    while (x && !state.has(x.name)) {
      state.set(x.name, 'active')
      chain.push(x)
      const ae = ctx.alternateOf(x)
      x = ae ? ctx.vhost.exchanges.get(ae.name) : undefined
    }
    if (x && state.get(x.name) === 'active') {
      const loop = chain.slice(chain.indexOf(x))
      const names = [...loop.map((e) => e.name), x.name].map(q).join(' → ')
      const first = loop[0]!
      report({
        rule: 'ae/cycle',
        message: `alternate exchanges form a cycle ${names}: RabbitMQ stops at an exchange it has already visited, so messages none of them routes are dropped`,
        path: ctx.alternateOf(first)?.path ?? first.path ?? [],
      })
    }
    for (const e of chain) state.set(e.name, 'done')
  }
}

/** The routing keys a queue's messages may carry: from the bindings into it (one level up through fanout/headers). */
function candidateKeys(ctx: VhostContext, queue: Queue): { keys: string[]; any: boolean } {
  const keys = new Set<string>()
  let any = false
  const bindings = ctx.bindingsToQueue.get(queue.name) ?? []
  if (bindings.length === 0) keys.add(queue.name)
  for (const b of bindings) {
    const type = ctx.exchange(b.source)?.type
    if (type === 'direct') keys.add(b.routingKey)
    else if (type === 'topic') keys.add(instantiateTopic(b.routingKey))
    else {
      const upstream = ctx.bindingsToExchange.get(b.source) ?? []
      if (upstream.length === 0) any = true
      for (const u of upstream) {
        const t = ctx.exchange(u.source)?.type
        if (t === 'direct') keys.add(u.routingKey)
        else if (t === 'topic') keys.add(instantiateTopic(u.routingKey))
        else any = true
      }
    }
    if (keys.size >= MAX_CANDIDATE_KEYS) break
  }
  return { keys: [...keys].slice(0, MAX_CANDIDATE_KEYS), any }
}

/** A routing key a topic binding key matches: `*` → a word, `#` → no words. */
export function instantiateTopic(pattern: string): string {
  if (pattern === '') return ''
  return pattern.split('.').filter((w) => w !== '#').map((w) => (w === '*' ? 'x' : w)).join('.')
}

/** dlx/missing-exchange, dlx/unroutable, dlx/cycle-without-reject (rabbit_dead_letter.erl, mc:is_death_cycle/2). */
function checkDeadLetters(ctx: VhostContext, report: Report, reach: (x: string, key: string) => Reach): void {
  const edges = new Map<string, Set<string>>()
  const reportedPolicies = new Set<string>()
  for (const queue of ctx.vhost.queues.values()) {
    const dl = ctx.deadLetterOf(queue)
    if (!dl || queue.type === 'stream') continue
    if (dl.exchange !== '' && !ctx.exchange(dl.exchange)) {
      const id = dl.path.join('\u0000')
      if (dl.source === 'policy' && reportedPolicies.has(id)) continue
      reportedPolicies.add(id)
      report({
        rule: 'dlx/missing-exchange',
        severity: ctx.omitsInternalExchanges ? 'warning' : 'error',
        message: `queue ${q(queue.name)}: dead-letter exchange ${q(dl.exchange)}${dl.source === 'policy' ? ' (set by a policy)' : ''} does not exist, so dead-lettered messages are dropped silently`,
        hint: ctx.omitsInternalExchanges ? RABBITMQCTL_HINT : `declare ${q(dl.exchange)} and bind the dead-letter queue to it`,
        path: dl.path,
      })
      continue
    }
    const { keys, any } = dl.routingKey !== undefined ? { keys: [dl.routingKey], any: false } : candidateKeys(ctx, queue)
    if (any) keys.push(PROBE_KEY)
    const targets = new Set<string>()
    let uncertain = false
    for (const k of keys) {
      const r = reach(dl.exchange, k)
      if (r.uncertain) uncertain = true
      for (const t of r.queues) targets.add(t)
    }
    edges.set(queue.name, targets)
    if (targets.size === 0 && !uncertain) {
      const shown = keys.slice(0, 3).map(q).join(', ')
      report({
        rule: 'dlx/unroutable',
        message: dl.routingKey !== undefined
          ? `queue ${q(queue.name)}: dead-letter exchange ${q(dl.exchange)} routes nothing with dead-letter routing key ${q(dl.routingKey)}: dead letters are dropped`
          : `queue ${q(queue.name)}: dead-letter exchange ${q(dl.exchange)} routes none of the keys its messages carry (${shown}${keys.length > 3 ? ', …' : ''}): dead letters keep their original routing keys and are dropped`,
        hint: dl.routingKey !== undefined
          ? `bind the dead-letter queue to ${q(dl.exchange)} with key ${q(dl.routingKey)}`
          : dl.exchange === '' ? 'with the default exchange as DLX, set x-dead-letter-routing-key to the dead-letter queue\'s name' : `set x-dead-letter-routing-key, or bind the dead-letter queue to ${q(dl.exchange)} with these keys (or use a fanout DLX)`,
        path: dl.path,
      })
    }
  }
  checkDeadLetterCycles(ctx, report, edges)
  checkSharedDeadLetterExchanges(ctx, report, edges)
  checkHeadOfLineTtl(ctx, report, edges, (queue) => diesByItself(ctx, queue))
}

/**
 * How the queue's messages die with no consumer involved: by expiry (message TTL, argument or policy), or by
 * max-length overflow (x-max-length / x-max-length-bytes or the policy keys) with overflow drop-head (the default)
 * or reject-publish-dlx, which dead-letter with reason maxlen (rabbit_amqqueue_process / rabbit_fifo). Both are
 * deaths that are not `rejected`, which is what mc:is_death_cycle/2 checks. undefined: only consumers kill them.
 */
export function autoDeath(ctx: VhostContext, queue: Queue): 'expiry' | 'max-length' | undefined {
  const policy = ctx.policyFor('queue', queue.name, queue.type)?.definition
  if (queue.arguments.has('x-message-ttl')) {
    if ((numberArg(queue.arguments, 'x-message-ttl') ?? -1) >= 0) return 'expiry'
  } else {
    const ttl = policy?.get('message-ttl')
    if (typeof ttl === 'number' && ttl >= 0) return 'expiry'
  }
  const limited = queue.arguments.has('x-max-length') || queue.arguments.has('x-max-length-bytes')
    || typeof policy?.get('max-length') === 'number' || typeof policy?.get('max-length-bytes') === 'number'
  if (!limited) return undefined
  const overflowArg = queue.arguments.get('x-overflow')
  const overflow = overflowArg?.type === 'longstr' ? overflowArg.value : typeof policy?.get('overflow') === 'string' ? policy.get('overflow') as string : 'drop-head'
  return overflow === 'drop-head' || overflow === 'reject-publish-dlx' ? 'max-length' : undefined
}

const diesByItself = (ctx: VhostContext, queue: Queue): boolean => autoDeath(ctx, queue) !== undefined

/**
 * A loop of queues that dead-letter into each other by expiry or max-length: RabbitMQ drops a dead letter for a
 * queue it already died in unless a `rejected` death lies in between (mc:is_death_cycle/2), so such a loop loses
 * messages silently. Loops through a queue whose messages die only when a consumer rejects them are fine (retry).
 */
function checkDeadLetterCycles(ctx: VhostContext, report: Report, edges: ReadonlyMap<string, ReadonlySet<string>>): void {
  const auto = new Set([...edges.keys()].filter((n) => diesByItself(ctx, ctx.vhost.queues.get(n)!)))
  const next = (n: string): string[] => [...(edges.get(n) ?? [])].filter((m) => auto.has(m))
  // Tarjan's strongly connected components, iterative
  let index = 0
  const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>()
  const stack: string[] = []
  const sccs: string[][] = []
  for (const root of auto) {
    if (idx.has(root)) continue
    const work: { node: string; it: string[]; i: number }[] = [{ node: root, it: next(root), i: 0 }]
    idx.set(root, index); low.set(root, index); index++; stack.push(root); onStack.add(root)
    while (work.length > 0) {
      const top = work[work.length - 1]!
      if (top.i < top.it.length) {
        const m = top.it[top.i++]!
        if (!idx.has(m)) {
          idx.set(m, index); low.set(m, index); index++; stack.push(m); onStack.add(m)
          work.push({ node: m, it: next(m), i: 0 })
        } else if (onStack.has(m)) low.set(top.node, Math.min(low.get(top.node)!, idx.get(m)!))
      } else {
        work.pop()
        const parent = work[work.length - 1]
        if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!))
        if (low.get(top.node) === idx.get(top.node)) {
          const comp: string[] = []
          let m: string
          do { m = stack.pop()!; onStack.delete(m); comp.push(m) } while (m !== top.node)
          sccs.push(comp)
        }
      }
    }
  }
  const order = new Map([...ctx.vhost.queues.keys()].map((n, i) => [n, i]))
  for (const comp of sccs) {
    if (comp.length === 1 && !edges.get(comp[0]!)?.has(comp[0]!)) continue
    comp.sort((a, b) => order.get(a)! - order.get(b)!)
    const first = ctx.vhost.queues.get(comp[0]!)!
    // two queues (or one) make an unambiguous loop; larger components are listed, not drawn
    const loop = comp.length === 1 ? `${q(first.name)} → ${q(first.name)}` : comp.length === 2 ? [...comp, comp[0]!].map(q).join(' → ') : `between ${comp.map(q).join(', ')}`
    const causes = new Set(comp.map((n) => autoDeath(ctx, ctx.vhost.queues.get(n)!)))
    const how = causes.has('expiry') && causes.has('max-length') ? 'expiry or max-length overflow' : causes.has('max-length') ? 'max-length overflow' : 'expiry'
    report({
      rule: 'dlx/cycle-without-reject',
      message: `dead-letter loop ${loop} where messages die by ${how} alone: RabbitMQ drops a message when it would re-enter a queue it already died in without a rejection in between`,
      hint: 'break the loop (e.g. a parking-lot queue with no TTL), or let a consumer reject messages somewhere in it',
      path: ctx.deadLetterOf(first)?.path ?? argPath(first.path, 'x-dead-letter-exchange'),
    })
  }
}
