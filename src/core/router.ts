import { EMPTY_TABLE } from './amqp-value.js'
import type { Binding, Exchange, Queue, QueueType, VhostTopology } from './model.js'
import type { BindingMatch, BindingMiss, Matcher, RoutableMessage } from './exchange-type.js'
import type {
  AlternateExchangeInfo, Hop, HopCause, Publish, PublishError, QueueRoute, RouteOptions, RouteResult,
} from './route-types.js'
import type { VersionRules } from './versions.js'
import { exchangeTypeFor, isSimulatedExchangeType } from './exchange-types.js'
import { predeclaredExchanges } from './predeclared.js'
import { PolicyIndex, type EffectivePolicy, type PolicyTarget } from './policies.js'
import { routingKeysOf } from './routing-headers.js'

/** Where an exchange's alternate exchange comes from: the `alternate-exchange` argument beats the policy. */
export interface AlternateExchangeRef {
  readonly name: string
  readonly source: 'argument' | 'policy'
  readonly policy?: string
}

/** A vhost's topology compiled for routing: compile once, route many. */
export interface Router {
  readonly vhost: string
  readonly rules: VersionRules
  /** rabbit_exchange:route/3 for one basic.publish. */
  route(publish: Publish, opts?: RouteOptions): RouteResult
  /** A declared or predeclared exchange. */
  exchange(name: string): Exchange | undefined
  queue(name: string): Queue | undefined
  queueExists(name: string): boolean
  /** Declared and predeclared exchanges, predeclared first. */
  exchanges(): readonly Exchange[]
  /** Bindings whose source is this exchange (none for the default exchange `""`). */
  bindingsFrom(name: string): readonly Binding[]
  /** The compiled matcher of an exchange (for explain), or undefined when there is no such exchange. */
  matcher(name: string): Matcher | undefined
  /** false when the exchange's type is a plugin or state-dependent type the core does not simulate. */
  isSimulated(name: string): boolean
  /** The exchange's alternate exchange: argument first, then the effective policy. */
  alternateExchange(name: string): AlternateExchangeRef | undefined
  /** The effective policy of an exchange or queue of this vhost. */
  effectivePolicy(kind: PolicyTarget, name: string, queueType?: QueueType): EffectivePolicy
}

interface Compiled {
  readonly exchange: Exchange
  readonly bindings: readonly Binding[]
  readonly simulated: boolean
  matcher: Matcher | undefined
  ae: AlternateExchangeRef | null | undefined
}

const NO_BINDINGS: readonly Binding[] = []

class VhostRouter implements Router {
  readonly vhost: string
  private readonly byName = new Map<string, Compiled>()
  private readonly queues: ReadonlyMap<string, Queue>
  private readonly policies: PolicyIndex
  private readonly ordered: Exchange[] = []

  constructor(topology: VhostTopology, readonly rules: VersionRules) {
    this.vhost = topology.name
    this.queues = topology.queues
    this.policies = new PolicyIndex(topology.policies)
    const bindingsBySource = new Map<string, Binding[]>()
    for (const b of topology.bindings) {
      // Bindings from the default exchange cannot exist on a broker (403); they never route.
      if (b.source === '') continue
      const list = bindingsBySource.get(b.source)
      if (list === undefined) bindingsBySource.set(b.source, [b])
      else list.push(b)
    }
    const add = (x: Exchange): void => {
      const bindings = bindingsBySource.get(x.name) ?? NO_BINDINGS
      const previous = this.byName.get(x.name)
      if (previous !== undefined) this.ordered.splice(this.ordered.indexOf(previous.exchange), 1)
      this.byName.set(x.name, { exchange: x, bindings, simulated: isSimulatedExchangeType(x.type), matcher: undefined, ae: undefined })
      this.ordered.push(x)
    }
    for (const x of predeclaredExchanges(topology.name)) add(x)
    // A declared amq.* exchange with the same name replaces the built-in record (its arguments may differ).
    for (const x of topology.exchanges.values()) add(x)
  }

  exchange(name: string): Exchange | undefined {
    return this.byName.get(name)?.exchange
  }
  queue(name: string): Queue | undefined {
    return this.queues.get(name)
  }
  queueExists(name: string): boolean {
    return this.queues.has(name)
  }
  exchanges(): readonly Exchange[] {
    return this.ordered
  }
  bindingsFrom(name: string): readonly Binding[] {
    return this.byName.get(name)?.bindings ?? NO_BINDINGS
  }
  matcher(name: string): Matcher | undefined {
    const c = this.byName.get(name)
    return c === undefined ? undefined : this.compiled(c)
  }
  isSimulated(name: string): boolean {
    return this.byName.get(name)?.simulated ?? false
  }
  alternateExchange(name: string): AlternateExchangeRef | undefined {
    const c = this.byName.get(name)
    return c === undefined ? undefined : this.aeOf(c) ?? undefined
  }
  effectivePolicy(kind: PolicyTarget, name: string, queueType?: QueueType): EffectivePolicy {
    return this.policies.effective(kind, name, queueType)
  }

  private compiled(c: Compiled): Matcher {
    if (c.matcher === undefined) c.matcher = exchangeTypeFor(c.exchange.type).compile(c.bindings, this.rules)
    return c.matcher
  }

  /** rabbit_policy:get_arg(<<"alternate-exchange">>, <<"alternate-exchange">>, X): argument, else policy. */
  private aeOf(c: Compiled): AlternateExchangeRef | null {
    if (c.ae !== undefined) return c.ae
    let ae: AlternateExchangeRef | null = null
    const arg = c.exchange.arguments.get('alternate-exchange')
    if (arg !== undefined) {
      // The argument wins even when it is "" or names a missing exchange (no fallback to the policy).
      if (arg.type === 'longstr') ae = { name: arg.value, source: 'argument' }
    } else {
      const policy = this.policies.effective('exchange', c.exchange.name).policy
      const v = policy?.definition.get('alternate-exchange')
      if (policy !== undefined && typeof v === 'string') ae = { name: v, source: 'policy', policy: policy.name }
    }
    c.ae = ae
    return ae
  }

  route(publish: Publish, opts?: RouteOptions): RouteResult {
    const explain = opts?.explain === true
    const source = this.byName.get(publish.exchange)
    const headers = publish.headers ?? EMPTY_TABLE
    // rabbit_channel basic.publish: lookup_or_die (404), check_internal_exchange (403), then the message (406).
    if (source === undefined) {
      return failed({ code: 404, name: 'NOT_FOUND', message: `NOT_FOUND - no exchange '${publish.exchange}' in vhost '${this.vhost}'` }, [publish.routingKey])
    }
    if (source.exchange.internal) {
      return failed({ code: 403, name: 'ACCESS_REFUSED', message: `ACCESS_REFUSED - cannot publish to internal exchange '${publish.exchange}' in vhost '${this.vhost}'` }, [publish.routingKey])
    }
    const rk = routingKeysOf(publish.routingKey, headers)
    if ('error' in rk) return failed(rk.error, [publish.routingKey])
    const routingKeys = rk.keys
    const mandatory = publish.mandatory === true

    if (publish.exchange === '') return this.routeDefault(routingKeys, mandatory)

    const msg: RoutableMessage = { routingKeys, headers: rk.headersWithoutBcc }
    const reached = new Map<string, { exchange: string; binding?: Binding; keys: readonly string[] }[]>()
    const hops: Hop[] = []
    const unsupported: string[] = []
    const seen = new Set<string>([source.exchange.name])
    // rabbit_exchange:route1/4: a stack (cons_if_present puts each new exchange in front); the result is a set.
    const work: { c: Compiled; cause: HopCause }[] = [{ c: source, cause: { kind: 'publish' } }]
    while (work.length > 0) {
      const { c, cause } = work.pop()!
      const x = c.exchange
      const matches: readonly BindingMatch[] = c.simulated ? this.compiled(c).match(msg) : []
      let misses: readonly BindingMiss[] | undefined
      if (explain) misses = this.compiled(c).explain(msg).misses
      let alternate: AlternateExchangeInfo | undefined
      let skippedSeen: string[] | undefined
      let skippedMissing: string[] | undefined
      let droppedQueues: string[] | undefined

      const ae = this.aeOf(c)
      let aeTarget: Compiled | undefined
      if (ae !== null) {
        // process_alternate/2: only when this exchange's own type result is empty (exchange destinations count).
        const used = c.simulated && matches.length === 0
        const target = this.byName.get(ae.name)
        alternate = { name: ae.name, source: ae.source, ...(ae.policy !== undefined ? { policy: ae.policy } : {}), used, missing: target === undefined }
        if (used) {
          if (target === undefined) {
            // silently skipped (cons_if_present: lookup not_found)
          } else if (seen.has(ae.name)) {
            (skippedSeen ??= []).push(ae.name)
          } else {
            seen.add(ae.name)
            aeTarget = target
          }
        }
      }
      if (aeTarget !== undefined) {
        work.push({ c: aeTarget, cause: { kind: 'alternate-exchange', from: x.name, source: ae!.source, ...(ae!.policy !== undefined ? { policy: ae!.policy } : {}) } })
      }
      for (const m of matches) {
        const b = m.binding
        if (b.destinationType === 'queue') {
          if (!this.queues.has(b.destination)) {
            ;(droppedQueues ??= []).includes(b.destination) || droppedQueues.push(b.destination)
            continue
          }
          const via = reached.get(b.destination)
          const entry = { exchange: x.name, binding: b, keys: m.keys }
          if (via === undefined) reached.set(b.destination, [entry])
          else via.push(entry)
        } else {
          const name = b.destination
          if (seen.has(name)) {
            // the source itself, a cycle, or a diamond: each exchange is visited once
            if (skippedSeen === undefined) skippedSeen = [name]
            else if (!skippedSeen.includes(name)) skippedSeen.push(name)
            continue
          }
          seen.add(name)
          const target = this.byName.get(name)
          if (target === undefined) {
            ;(skippedMissing ??= []).push(name)
            continue
          }
          work.push({ c: target, cause: { kind: 'binding', from: x.name, binding: b, keys: m.keys } })
        }
      }
      if (!c.simulated) unsupported.push(x.name)
      const hop: Hop = {
        exchange: x.name,
        type: x.type,
        cause,
        matches,
        ...(misses !== undefined ? { misses } : {}),
        ...(alternate !== undefined ? { alternate } : {}),
        ...(!c.simulated ? { unsupported: true } : {}),
        ...(skippedSeen !== undefined ? { skippedSeen } : {}),
        ...(skippedMissing !== undefined ? { skippedMissing } : {}),
        ...(droppedQueues !== undefined ? { droppedQueues } : {}),
      }
      hops.push(hop)
    }
    return result(reached, hops, unsupported, routingKeys, mandatory)
  }

  /** The default exchange: each routing key (deduplicated, lists:usort) names a queue; never an AE. */
  private routeDefault(routingKeys: readonly string[], mandatory: boolean): RouteResult {
    const reached = new Map<string, { exchange: string; keys: readonly string[] }[]>()
    const missing: string[] = []
    for (const k of [...new Set(routingKeys)].sort()) {
      if (this.queues.has(k)) reached.set(k, [{ exchange: '', keys: [k] }])
      else missing.push(k)
    }
    const hop: Hop = {
      exchange: '',
      type: 'direct',
      cause: { kind: 'publish' },
      matches: [],
      defaultExchange: { queues: [...reached.keys()], missingQueues: missing },
    }
    return result(reached, [hop], [], routingKeys, mandatory)
  }
}

function result(
  reached: Map<string, QueueRoute['via'][number][]>, hops: Hop[], unsupported: string[], routingKeys: readonly string[], mandatory: boolean,
): RouteResult {
  const queues = [...reached.keys()].sort()
  const routes: QueueRoute[] = queues.map((queue) => ({ queue, via: reached.get(queue)! }))
  const routed = queues.length > 0
  return { queues, routes, routed, returned: mandatory && !routed, hops, unsupported, routingKeys }
}

function failed(error: PublishError, routingKeys: readonly string[]): RouteResult {
  return { error, queues: [], routes: [], routed: false, returned: false, hops: [], unsupported: [], routingKeys }
}

/**
 * Compiles one vhost for routing (matchers are built on first use and kept). The predeclared exchanges
 * (`""`, amq.direct, amq.fanout, amq.topic, amq.headers, amq.match, amq.rabbitmq.trace) are added.
 */
export function createRouter(vhost: VhostTopology, rules: VersionRules): Router {
  return new VhostRouter(vhost, rules)
}

