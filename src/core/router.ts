import { sortCodePoints } from './code-point-order.js'
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
import { messageRoutingKeys, routingKeysOf } from './routing-headers.js'
import { RouteOutcome } from './route-outcome.js'
import { BindingDedup } from './binding-dedup.js'

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
  /**
   * rabbit_exchange:route/3 for one basic.publish. Computes the queues, `routed`, `returned`, `unsupported` and
   * `error`; `hops` and `routes` are worked out by {@link Router.trace} when first read (same answer), so a caller
   * that wants only queue names never pays for them. With `{ explain: true }` this is `trace()`.
   */
  route(publish: Publish, opts?: RouteOptions): RouteResult
  /** {@link Router.route} with every hop and route built at once: what `trace` and `explain` show. */
  trace(publish: Publish, opts?: RouteOptions): RouteResult
  /** A declared or predeclared exchange. */
  exchange(name: string): Exchange | undefined
  queue(name: string): Queue | undefined
  queueExists(name: string): boolean
  /** Declared and predeclared exchanges, predeclared first. */
  exchanges(): readonly Exchange[]
  /** Bindings whose source is this exchange (none for the default exchange `""`). */
  bindingsFrom(name: string): readonly Binding[]
  /** Bindings from this exchange whose destination the topology does not declare: never on a broker, never routed. */
  undeclaredBindingsFrom(name: string): readonly Binding[]
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
  /** Per binding: the destination queue's slot, -1 for a queue that does not exist, -2 for an exchange. */
  slots: Int32Array | undefined
}

const NO_BINDINGS: readonly Binding[] = []
const NO_MATCHES: readonly BindingMatch[] = []
const NO_NAMES: readonly string[] = []
const PUBLISHED: HopCause = { kind: 'publish' }

type Via = QueueRoute['via'][number]
type MutableHop = { -readonly [K in keyof Hop]: Hop[K] } & {
  droppedQueues?: string[]; skippedSeen?: string[]; skippedMissing?: string[]
}

class VhostRouter implements Router {
  readonly vhost: string
  private readonly byName = new Map<string, Compiled>()
  private readonly queues: ReadonlyMap<string, Queue>
  private readonly policies: PolicyIndex
  private readonly ordered: Exchange[] = []
  private readonly undeclared = new Map<string, Binding[]>()
  // Queues by slot, so a walk dedups and collects them with typed arrays instead of string-keyed Maps.
  private readonly queueNames: string[]
  private readonly queueSlot = new Map<string, number>()
  private readonly queueEpoch: Uint32Array
  private readonly queueVia: (Via[] | undefined)[]
  private epoch = 0
  private lastSource: Compiled | undefined
  // Per-walk scratch of the queue-names walk (synchronous, not re-entrant).
  private readonly idx: number[] = []
  private readonly work: Compiled[] = []
  private readonly reached: number[] = []

  constructor(topology: VhostTopology, readonly rules: VersionRules) {
    this.vhost = topology.name
    this.queues = topology.queues
    // Slots in name order (by code point, as RabbitMQ sorts them), so sorting reached slots as numbers sorts the queue names.
    this.queueNames = sortCodePoints(Array.from(topology.queues.keys()))
    this.queueNames.forEach((name, i) => this.queueSlot.set(name, i))
    this.queueEpoch = new Uint32Array(this.queueNames.length)
    this.queueVia = new Array(this.queueNames.length)
    this.policies = new PolicyIndex(topology.policies)
    const bindingsBySource = new Map<string, Binding[]>()
    const predeclared = predeclaredExchanges(topology.name)
    // Destinations as numbers (for the dedup): queues by slot, then the declared and predeclared exchanges.
    const queueCount = this.queueNames.length
    const exchangeDestination = new Map<string, number>()
    for (const x of predeclared) if (!exchangeDestination.has(x.name)) exchangeDestination.set(x.name, queueCount + exchangeDestination.size)
    for (const name of topology.exchanges.keys()) if (!exchangeDestination.has(name)) exchangeDestination.set(name, queueCount + exchangeDestination.size)
    // indexed: a for-of over 10k bindings allocates an iterator result per binding in V8's interpreter
    const all = topology.bindings
    const dedup = new BindingDedup(all, queueCount + exchangeDestination.size)
    for (let i = 0; i < all.length; i++) {
      const b = all[i]!
      // Bindings from the default exchange cannot exist on a broker (403); they never route.
      if (b.source === '') continue
      // A definitions import skips a binding whose destination does not exist (rabbit_definitions add_binding →
      // rabbit_binding:add returns {error, {resources_missing, _}} and the import goes on): it never matches, so
      // the source's alternate exchange still fires. Kept aside for the explanation.
      const destination = b.destinationType === 'queue' ? this.queueSlot.get(b.destination) : exchangeDestination.get(b.destination)
      if (destination === undefined) {
        const list = this.undeclared.get(b.source)
        if (list === undefined) this.undeclared.set(b.source, [b])
        else list.push(b)
        continue
      }
      // A broker stores identical bindings (source, destination, key, arguments) once.
      if (dedup.repeats(i, destination)) continue
      const list = bindingsBySource.get(b.source)
      if (list === undefined) bindingsBySource.set(b.source, [b])
      else list.push(b)
    }
    const add = (x: Exchange): void => {
      const bindings = bindingsBySource.get(x.name) ?? NO_BINDINGS
      const previous = this.byName.get(x.name)
      if (previous !== undefined) this.ordered.splice(this.ordered.indexOf(previous.exchange), 1)
      this.byName.set(x.name, { exchange: x, bindings, simulated: isSimulatedExchangeType(x.type), matcher: undefined, ae: undefined, slots: undefined })
      this.ordered.push(x)
    }
    for (const x of predeclared) add(x)
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
  undeclaredBindingsFrom(name: string): readonly Binding[] {
    return this.undeclared.get(name) ?? NO_BINDINGS
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

  private slotsOf(c: Compiled): Int32Array {
    if (c.slots === undefined) {
      const slots = new Int32Array(c.bindings.length)
      c.bindings.forEach((b, i) => { slots[i] = b.destinationType === 'exchange' ? -2 : this.queueSlot.get(b.destination) ?? -1 })
      c.slots = slots
    }
    return c.slots
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
    if (opts?.explain === true) return this.trace(publish, opts)
    return this.routeQueues(publish, opts) ?? this.trace(publish, opts)
  }

  /**
   * The walk of {@link trace} reduced to what `route()` answers: binding positions from the matchers' fast path,
   * destinations from the per-exchange slot tables, queues deduplicated by slot; no hop, match or via objects.
   * undefined when the publish fails or an exchange's matcher has no fast path (then `trace` answers).
   */
  private routeQueues(publish: Publish, opts: RouteOptions | undefined): RouteResult | undefined {
    // the last exchange route() looked up, kept: callers mostly publish to the same few exchanges
    let source = this.lastSource
    if (source === undefined || source.exchange.name !== publish.exchange) {
      source = this.byName.get(publish.exchange)
      if (source !== undefined) this.lastSource = source
    }
    if (source === undefined || (source.exchange.internal && opts?.internal !== true)) return undefined
    const headers = publish.headers ?? EMPTY_TABLE
    const routingKey = publish.routingKey
    // undefined: the routing key alone (the result builds its routingKeys array only when read)
    let keys: readonly string[] | undefined
    if (headers.size > 0) {
      const k = messageRoutingKeys(routingKey, headers)
      if (!Array.isArray(k)) return undefined
      if (k.length > 1) keys = k as readonly string[]
    }
    const mandatory = publish.mandatory === true
    if (publish.exchange === '') {
      // the default exchange: each key names a queue (lists:usort), never an AE
      let queues: string[]
      if (keys === undefined) queues = this.queueSlot.has(routingKey) ? [routingKey] : []
      else queues = sortCodePoints([...new Set(keys)].filter((k) => this.queueSlot.has(k)))
      return new RouteOutcome(queues, mandatory && queues.length === 0, NO_NAMES, keys, this, publish, opts)
    }
    if (++this.epoch === 0xffffffff) {
      this.queueEpoch.fill(0)
      this.epoch = 1
    }
    const epoch = this.epoch
    const queueEpoch = this.queueEpoch
    // Scratch arrays are reused and written by index with counts, never truncated per call (setting an array's
    // length is a runtime call, a few percent of a short route).
    const reached = this.reached
    let reachedN = 0
    const idx = this.idx
    if (idx.length > 4096) idx.length = 0
    const work = this.work
    let unsupported: string[] | undefined
    let seen: Set<string> | undefined
    // the same stack discipline as trace (rabbit_exchange:route1/4), so `unsupported` comes out in the same order
    let c: Compiled | undefined = source
    while (c !== undefined) {
      if (!c.simulated) (unsupported ??= []).push(c.exchange.name)
      else {
        const matcher = this.compiled(c)
        if (matcher.matchIndices === undefined) {
          work.length = 0
          return undefined
        }
        // the matcher pushes binding positions after what earlier calls left in `idx`
        const from = idx.length
        if (keys === undefined || matcher.ignoresRoutingKey === true) matcher.matchIndices(routingKey, headers, idx)
        else for (let k = 0; k < keys.length; k++) matcher.matchIndices(keys[k]!, headers, idx)
        const to = idx.length
        if (to === from) {
          // process_alternate/2: the AE only when this exchange's own bindings matched nothing
          const ae = c.ae === undefined ? this.aeOf(c) : c.ae
          if (ae !== null) {
            const target = this.byName.get(ae.name)
            if (target !== undefined) {
              seen ??= new Set([source.exchange.name])
              if (!seen.has(ae.name)) {
                seen.add(ae.name)
                work.push(target)
              }
            }
          }
        } else {
          const slots = this.slotsOf(c)
          for (let i = from; i < to; i++) {
            const slot = slots[idx[i]!]!
            if (slot >= 0) {
              if (queueEpoch[slot] !== epoch) {
                queueEpoch[slot] = epoch
                reached[reachedN++] = slot
              }
            } else if (slot === -2) {
              const name = c.bindings[idx[i]!]!.destination
              seen ??= new Set([source.exchange.name])
              if (seen.has(name)) continue
              seen.add(name)
              const target = this.byName.get(name)
              if (target !== undefined) work.push(target)
            }
          }
        }
      }
      c = work.pop()
    }
    const n = reachedN
    const queues: string[] = new Array(n)
    if (n > 0) {
      sortSlots(reached, n)
      const names = this.queueNames
      for (let i = 0; i < n; i++) queues[i] = names[reached[i]!]!
    }
    return new RouteOutcome(queues, mandatory && n === 0, unsupported ?? NO_NAMES, keys, this, publish, opts)
  }

  trace(publish: Publish, opts?: RouteOptions): RouteResult {
    const explain = opts?.explain === true
    const source = this.byName.get(publish.exchange)
    const headers = publish.headers ?? EMPTY_TABLE
    // rabbit_channel basic.publish: lookup_or_die (404), check_internal_exchange (403), then the message (406).
    if (source === undefined) {
      return failed({ code: 404, name: 'NOT_FOUND', message: `NOT_FOUND - no exchange '${publish.exchange}' in vhost '${this.vhost}'` }, [publish.routingKey])
    }
    if (source.exchange.internal && opts?.internal !== true) {
      return failed({ code: 403, name: 'ACCESS_REFUSED', message: `ACCESS_REFUSED - cannot publish to internal exchange '${publish.exchange}' in vhost '${this.vhost}'` }, [publish.routingKey])
    }
    const rk = routingKeysOf(publish.routingKey, headers)
    if ('error' in rk) return failed(rk.error, [publish.routingKey])
    const routingKeys = rk.keys
    if (publish.exchange === '') return this.routeDefault(routingKeys, publish.mandatory === true)

    const msg: RoutableMessage = { routingKeys, headers: rk.headersWithoutBcc }
    const single = routingKeys.length === 1 ? routingKeys[0]! : undefined
    if (++this.epoch === 0xffffffff) {
      this.queueEpoch.fill(0)
      this.epoch = 1
    }
    const epoch = this.epoch
    const reachedSlots: number[] = []
    const hops: Hop[] = []
    let unsupported: string[] | undefined
    let seen: Set<string> | undefined
    // rabbit_exchange:route1/4: a stack (cons_if_present puts each new exchange in front); the result is a set.
    // SeenXs starts with the publish exchange: a binding back to it is skipped.
    const work: Compiled[] = [source]
    const causes: HopCause[] = [PUBLISHED]
    const idx: number[] = []
    while (work.length > 0) {
      const c = work.pop()!
      const cause = causes.pop()!
      const x = c.exchange
      let matches: readonly BindingMatch[] = NO_MATCHES
      let slots: Int32Array | undefined
      if (c.simulated) {
        const matcher = this.compiled(c)
        if (single !== undefined && matcher.matchIndices !== undefined) {
          // fast path: binding positions, destinations from the precomputed slot table
          idx.length = 0
          matcher.matchIndices(single, msg.headers, idx)
          if (idx.length > 0) {
            const ks = [single]
            const ms: BindingMatch[] = new Array(idx.length)
            // each match doubles as the queue's Via entry (same fields plus the exchange): half the allocations
            for (let i = 0; i < idx.length; i++) ms[i] = { exchange: x.name, binding: c.bindings[idx[i]!]!, keys: ks } as BindingMatch
            matches = ms
            slots = this.slotsOf(c)
          }
        } else matches = matcher.match(msg)
      }
      const hop: MutableHop = { exchange: x.name, type: x.type, cause, matches }
      if (explain) {
        hop.misses = this.compiled(c).explain(msg).misses
        const skipped = this.undeclared.get(x.name)
        if (skipped !== undefined) hop.undeclared = skipped
      }
      if (!c.simulated) {
        hop.unsupported = true
        ;(unsupported ??= []).push(x.name)
      }

      const ae = c.ae === undefined ? this.aeOf(c) : c.ae
      if (ae !== null) {
        // process_alternate/2: only when this exchange's own type result is empty (exchange destinations count).
        const used = c.simulated && matches.length === 0
        const target = this.byName.get(ae.name)
        hop.alternate = ae.policy !== undefined
          ? { name: ae.name, source: ae.source, policy: ae.policy, used, missing: target === undefined }
          : { name: ae.name, source: ae.source, used, missing: target === undefined }
        // a missing AE is silently skipped (cons_if_present: lookup not_found)
        if (used && target !== undefined) {
          seen ??= new Set([source.exchange.name])
          if (seen.has(ae.name)) hop.skippedSeen = [ae.name]
          else {
            seen.add(ae.name)
            work.push(target)
            causes.push(ae.policy !== undefined
              ? { kind: 'alternate-exchange', from: x.name, source: ae.source, policy: ae.policy }
              : { kind: 'alternate-exchange', from: x.name, source: ae.source })
          }
        }
      }
      for (let i = 0; i < matches.length; i++) {
        const m = matches[i]!
        let slot: number
        if (slots !== undefined) slot = slots[idx[i]!]!
        else {
          const b = m.binding
          slot = b.destinationType === 'exchange' ? -2 : this.queueSlot.get(b.destination) ?? -1
        }
        if (slot >= 0) {
          const entry: Via = slots !== undefined ? (m as BindingMatch & Via) : { exchange: x.name, binding: m.binding, keys: m.keys }
          if (this.queueEpoch[slot] !== epoch) {
            this.queueEpoch[slot] = epoch
            reachedSlots.push(slot)
            this.queueVia[slot] = [entry]
          } else this.queueVia[slot]!.push(entry)
          continue
        }
        const name = m.binding.destination
        if (slot === -1) {
          // a queue destination naming no declared queue: dropped
          const dropped = (hop.droppedQueues ??= [])
          if (!dropped.includes(name)) dropped.push(name)
          continue
        }
        seen ??= new Set([source.exchange.name])
        if (seen.has(name)) {
          // the source itself, a cycle, or a diamond: each exchange is visited once
          const skipped = (hop.skippedSeen ??= [])
          if (!skipped.includes(name)) skipped.push(name)
          continue
        }
        seen.add(name)
        const target = this.byName.get(name)
        if (target === undefined) {
          ;(hop.skippedMissing ??= []).push(name)
          continue
        }
        work.push(target)
        causes.push({ kind: 'binding', from: x.name, binding: m.binding, keys: m.keys })
      }
      hops.push(hop)
    }
    // collect the reached queues (sorted by name) and release the per-walk scratch
    const n = reachedSlots.length
    const names = this.queueNames
    sortSlots(reachedSlots, n)
    const queues: string[] = new Array(n)
    const routes: QueueRoute[] = new Array(n)
    for (let i = 0; i < n; i++) {
      const slot = reachedSlots[i]!
      queues[i] = names[slot]!
      routes[i] = { queue: names[slot]!, via: this.queueVia[slot]! }
      this.queueVia[slot] = undefined
    }
    const mandatory = publish.mandatory === true
    return { queues, routes, routed: n > 0, returned: mandatory && n === 0, hops, unsupported: unsupported ?? NO_NAMES, routingKeys }
  }

  /** The default exchange: each routing key (deduplicated, lists:usort) names a queue; never an AE. */
  private routeDefault(routingKeys: readonly string[], mandatory: boolean): RouteResult {
    const reached = new Map<string, Via[]>()
    const missing: string[] = []
    for (const k of sortCodePoints([...new Set(routingKeys)])) {
      if (this.queueSlot.has(k)) reached.set(k, [{ exchange: '', keys: [k] }])
      else missing.push(k)
    }
    const hop: Hop = {
      exchange: '',
      type: 'direct',
      cause: { kind: 'publish' },
      matches: [],
      defaultExchange: { queues: [...reached.keys()], missingQueues: missing },
    }
    return result(reached, [hop], NO_NAMES, routingKeys, mandatory)
  }
}

function result(
  reached: Map<string, Via[]>, hops: Hop[], unsupported: readonly string[], routingKeys: readonly string[], mandatory: boolean,
): RouteResult {
  const queues = sortCodePoints(Array.from(reached.keys()))
  const routes: QueueRoute[] = new Array(queues.length)
  for (let i = 0; i < queues.length; i++) routes[i] = { queue: queues[i]!, via: reached.get(queues[i]!)! }
  const routed = queues.length > 0
  return { queues, routes, routed, returned: mandatory && !routed, hops, unsupported, routingKeys }
}

/**
 * Sorts the first `n` queue slots ascending: slots are in name order, so this sorts the queue names. An
 * insertion sort for the usual short lists.
 */
function sortSlots(xs: number[], n: number): void {
  if (n > 24) {
    const head = xs.slice(0, n).sort((a, b) => a - b)
    for (let i = 0; i < n; i++) xs[i] = head[i]!
    return
  }
  for (let i = 1; i < n; i++) {
    const v = xs[i]!
    let j = i - 1
    while (j >= 0 && xs[j]! > v) {
      xs[j + 1] = xs[j]!
      j--
    }
    xs[j + 1] = v
  }
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

