import type { Binding, Exchange, Policy, Queue, Topology, VhostTopology } from '../core/model.js'
import { effectiveQueueArgs, PolicyIndex } from '../core/policies.js'
import { predeclaredExchanges } from '../core/predeclared.js'
import type { VersionRules } from '../core/versions.js'
import { utf8Length } from './broker-support.js'
import { Deque } from './deque.js'
import { brokerQueueArgs } from './queue-args.js'
import { queueBehaviourFor } from './queue-behaviour.js'
import { RouteTable } from './route-table.js'
import type { ChannelState, ConnectionState, QueueState, StoredMessage } from './state.js'
import type { BrokerEvent, BrokerOptions, QueueStats } from './types.js'

/** Events of one call; undefined when the broker does not record events (bulk mode). */
export type Ev = BrokerEvent[] | undefined

export const NO_EVENTS: readonly BrokerEvent[] = Object.freeze([])
export const NO_KEYS: readonly string[] = Object.freeze([])

/** The connection used when a call names none (and that owns the exclusive queues of a loaded topology). */
export const DEFAULT_CONNECTION = 'default'

/**
 * Everything one simulated vhost holds: topology, queues, channels, the dead letters in flight and the clock.
 * The operations live in files of their own (channels, consumers, dispatch, settlement, dead-lettering, expiry,
 * clock) and work on this one object; `Broker` is the public face over it.
 */
export class SimState {
  readonly vhost: string
  readonly rules: VersionRules
  readonly base: Topology
  readonly record: boolean
  readonly policies: readonly Policy[]
  readonly policyIndex: PolicyIndex
  readonly exchanges = new Map<string, Exchange>()
  /** `""` and the amq.* exchanges every vhost has (a declared one of the same name wins). */
  readonly predeclared: ReadonlyMap<string, Exchange>
  readonly queues = new Map<string, QueueState>()
  bindings: Binding[] = []
  readonly channels = new Map<string, ChannelState>()
  /** Connections by name; a closed one is replaced by a new object when it is opened again. */
  readonly connections = new Map<string, ConnectionState>()
  readonly routes: RouteTable
  /**
   * Dead letters routed but not yet delivered. RabbitMQ's source queue sends them to the target queue processes,
   * which receive them after whatever is already in their mailbox (e.g. the rest of the publish that caused them),
   * so they are delivered at the end of the current step, in the order they died.
   */
  readonly outbox = new Deque<{ readonly copy: StoredMessage; readonly targets: readonly string[] }>()
  /** The simulated clock, ms. */
  now: number
  /** Counters: publish sequence, consumer tags, generated queue names, generated channel names. */
  seq = 0
  ctag = 0
  gen = 0
  chan = 0
  conn = 0
  #lastBody: string | undefined
  #lastBodySize = 0

  constructor(options: BrokerOptions) {
    this.vhost = options.vhost
    this.rules = options.rules
    this.base = options.topology
    this.record = options.recordEvents !== false
    this.now = options.now ?? 0
    this.predeclared = new Map(predeclaredExchanges(options.vhost).map((x) => [x.name, x]))
    this.routes = new RouteTable(() => this.vhostTopology(), options.rules, options.routers)
    this.connections.set(DEFAULT_CONNECTION, { name: DEFAULT_CONNECTION, open: true })
    const vt = options.topology.vhosts.get(options.vhost)
    this.policies = vt?.policies ?? []
    this.policyIndex = new PolicyIndex(this.policies)
    if (vt !== undefined) {
      for (const x of vt.exchanges.values()) this.exchanges.set(x.name, x)
      const owner = this.connections.get(DEFAULT_CONNECTION)
      for (const q of vt.queues.values()) this.queues.set(q.name, this.newQueueState(q, q.exclusive ? owner : undefined))
      this.bindings = [...vt.bindings]
    }
  }

  /** A new events list, or undefined in bulk mode. */
  ev(): Ev { return this.record ? [] : undefined }

  /** The topology changed. */
  invalidate(): void { this.routes.invalidate() }

  exchange(name: string): Exchange | undefined {
    return this.exchanges.get(name) ?? this.predeclared.get(name)
  }

  vhostTopology(): VhostTopology {
    const queues = new Map<string, Queue>()
    for (const [name, q] of this.queues) queues.set(name, q.def)
    return { name: this.vhost, exchanges: new Map(this.exchanges), queues, bindings: [...this.bindings], policies: this.policies }
  }

  /** UTF-8 size of a string body; bulk publishers repeat one body, so the last answer is kept. */
  stringSize(body: string): number {
    if (body !== this.#lastBody) {
      this.#lastBody = body
      this.#lastBodySize = utf8Length(body)
    }
    return this.#lastBodySize
  }

  /** The open connection of this name, opened (with an event) when it is not. */
  connection(name: string, ev: Ev): ConnectionState {
    let conn = this.connections.get(name)
    if (conn === undefined || !conn.open) {
      conn = { name, open: true }
      this.connections.set(name, conn)
      ev?.push({ kind: 'connection-opened', connection: name })
    }
    return conn
  }

  /**
   * The connection a call on `channel` comes from: the channel's, else `connection`, else the default one
   * (undefined when that connection is closed).
   */
  callerConnection(channel: string | undefined, connection?: string): ConnectionState | undefined {
    const name = (channel === undefined ? undefined : this.channels.get(channel)?.connection.name) ?? connection ?? DEFAULT_CONNECTION
    const conn = this.connections.get(name)
    return conn?.open === true ? conn : undefined
  }

  newQueueState(def: Queue, owner: ConnectionState | undefined): QueueState {
    const behaviour = queueBehaviourFor(def)
    const sac = def.arguments.get('x-single-active-consumer')
    return {
      def, behaviour, effective: this.effectiveArgs(def), ready: behaviour.createReady(def, this.rules),
      readyBytes: 0, log: [], rejecting: false,
      singleActive: behaviour.kind !== 'stream' && sac?.type === 'bool' && sac.value
        ? { active: undefined, quiescing: false, byPriority: behaviour.kind === 'quorum' && this.rules.quorumSingleActivePriority }
        : undefined,
      unacked: 0, nextSeq: 1, consumers: [], active: [], hasHadConsumers: false, owner, lastUsed: this.now, deleted: false,
    }
  }

  effectiveArgs(def: Queue): QueueStats['effective'] {
    const policy = this.policyIndex.effective('queue', def.name, def.type).policy
    const eff = effectiveQueueArgs(def.type, def.arguments, policy)
    if (def.type === 'stream') return { overflow: 'drop-head', ...(policy !== undefined ? { policy: policy.name } : {}) }
    if (def.type !== 'quorum') return brokerQueueArgs(eff, policy?.name)
    const ps = policy?.definition.get('dead-letter-strategy')
    return brokerQueueArgs(eff, policy?.name, {
      defaultDeliveryLimit: this.rules.quorumDefaultDeliveryLimit, args: def.arguments, ...(typeof ps === 'string' ? { policyStrategy: ps } : {}),
    })
  }

  /** Ready messages (a stream: every message in its log). */
  messageCount(q: QueueState): number {
    return q.behaviour.kind === 'stream' ? q.log.length : q.ready.length
  }
}
