import type { Binding, DocPath, Exchange, Policy, Queue, VhostTopology } from '../core/model.js'
import type { VersionRules } from '../core/versions.js'
import { stringArg } from '../core/amqp-value.js'
import { PREDECLARED_EXCHANGES, isPredeclaredExchange } from '../core/predeclared.js'
import { PolicyIndex } from '../core/policies.js'
import type { LintInput } from './types.js'

/** What the linter knows about an exchange name: declared, predeclared, or neither (undefined). */
export interface ExchangeInfo {
  readonly name: string
  readonly type: string
  readonly internal: boolean
  readonly predeclared: boolean
  /** The declaration, when the file declares it. */
  readonly exchange?: Exchange
}

const PREDECLARED: ReadonlyMap<string, { readonly type: string; readonly internal: boolean }> =
  new Map(PREDECLARED_EXCHANGES.map((x) => [x.name, x]))

export { isPredeclaredExchange }

/** An exchange's alternate exchange and where it is set. */
export interface AlternateRef { readonly name: string; readonly path: DocPath; readonly source: 'argument' | 'policy' }
/** A queue's dead-letter exchange (and routing key) and where it is set. */
export interface DeadLetterRef { readonly exchange: string; readonly routingKey?: string; readonly path: DocPath; readonly source: 'argument' | 'policy' }

/** Per-vhost indexes every rule family shares: built once, in O(entities). */
export interface VhostContext {
  readonly input: LintInput
  readonly rules: VersionRules
  readonly vhost: VhostTopology
  /** Declared or predeclared exchange, or undefined when the name exists nowhere. */
  exchange(name: string): ExchangeInfo | undefined
  queue(name: string): Queue | undefined
  readonly bindingsBySource: ReadonlyMap<string, readonly Binding[]>
  readonly bindingsToQueue: ReadonlyMap<string, readonly Binding[]>
  readonly bindingsToExchange: ReadonlyMap<string, readonly Binding[]>
  /** The policy RabbitMQ applies to an object (highest priority among matching ones), memoised. */
  policyFor(kind: 'exchange' | 'queue', name: string, queueType?: string): Policy | undefined
  /** The vhost's policies, patterns compiled once (core/policies.ts). */
  readonly policies: PolicyIndex
  /** The alternate exchange of an exchange: argument first, then policy (rabbit_exchange:process_alternate/2). */
  alternateOf(x: Exchange): AlternateRef | undefined
  /** The dead-letter exchange of a queue: argument first, then policy (rabbit_dead_letter / process_args_policy). */
  deadLetterOf(q: Queue): DeadLetterRef | undefined
  /** true when the file is a rabbitmqctl export, which leaves out internal exchanges. */
  readonly omitsInternalExchanges: boolean
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

/** `path` + ['arguments', key]: where an argument sits in the source document. */
export const argPath = (path: DocPath | undefined, key: string): DocPath => [...(path ?? []), 'arguments', key]

export function createVhostContext(input: LintInput, vhost: VhostTopology, rules: VersionRules): VhostContext {
  const bySource = new Map<string, Binding[]>()
  const toQueue = new Map<string, Binding[]>()
  const toExchange = new Map<string, Binding[]>()
  for (const b of vhost.bindings) {
    push(bySource, b.source, b)
    push(b.destinationType === 'queue' ? toQueue : toExchange, b.destination, b)
  }
  const policies = new PolicyIndex(vhost.policies)
  const exchangeInfo = new Map<string, ExchangeInfo | undefined>()
  const alternates = new Map<Exchange, AlternateRef | undefined>()
  const deadLetters = new Map<Queue, DeadLetterRef | undefined>()
  const policyMemo = new Map<string, Policy | undefined>()
  const policyFor = (kind: 'exchange' | 'queue', name: string, queueType?: string): Policy | undefined => {
    if (vhost.policies.length === 0) return undefined
    const key = `${kind}\u0000${queueType ?? ''}\u0000${name}`
    if (policyMemo.has(key)) return policyMemo.get(key)
    const p = policies.effective(kind, name, queueType).policy
    policyMemo.set(key, p)
    return p
  }
  return {
    input,
    rules,
    vhost,
    exchange(name) {
      if (exchangeInfo.has(name)) return exchangeInfo.get(name)
      const x = vhost.exchanges.get(name)
      const p = PREDECLARED.get(name)
      const info = x ? { name, type: x.type, internal: x.internal, predeclared: x.predeclared ?? p !== undefined, exchange: x }
        : p ? { name, type: p.type, internal: p.internal, predeclared: true } : undefined
      exchangeInfo.set(name, info)
      return info
    },
    queue: (name) => vhost.queues.get(name),
    bindingsBySource: bySource,
    bindingsToQueue: toQueue,
    bindingsToExchange: toExchange,
    policyFor,
    policies,
    alternateOf(x) {
      if (alternates.has(x)) return alternates.get(x)
      const ae = alternateOf(x)
      alternates.set(x, ae)
      return ae
    },
    deadLetterOf(q) {
      if (deadLetters.has(q)) return deadLetters.get(q)
      const dl = deadLetterOf(q)
      deadLetters.set(q, dl)
      return dl
    },
    omitsInternalExchanges: input.omitsInternalExchanges ?? input.definitionsShape === 'rabbitmqctl',
  }

  function alternateOf(x: Exchange): AlternateRef | undefined {
    if (x.arguments.has('alternate-exchange')) {
      const name = stringArg(x.arguments, 'alternate-exchange')
      return name === undefined ? undefined : { name, path: argPath(x.path, 'alternate-exchange'), source: 'argument' }
    }
    const p = policyFor('exchange', x.name)
    const ae = p?.definition.get('alternate-exchange')
    return typeof ae === 'string' ? { name: ae, path: [...(p?.path ?? []), 'definition', 'alternate-exchange'], source: 'policy' } : undefined
  }

  function deadLetterOf(q: Queue): DeadLetterRef | undefined {
    if (q.arguments.has('x-dead-letter-exchange')) {
      const exchange = stringArg(q.arguments, 'x-dead-letter-exchange')
      if (exchange === undefined) return undefined
      const routingKey = stringArg(q.arguments, 'x-dead-letter-routing-key')
      return { exchange, ...(routingKey !== undefined ? { routingKey } : {}), path: argPath(q.path, 'x-dead-letter-exchange'), source: 'argument' }
    }
    const p = policyFor('queue', q.name, q.type)
    const dlx = p?.definition.get('dead-letter-exchange')
    if (typeof dlx !== 'string') return undefined
    const rkArg = stringArg(q.arguments, 'x-dead-letter-routing-key')
    const rkPolicy = p?.definition.get('dead-letter-routing-key')
    const routingKey = rkArg ?? (typeof rkPolicy === 'string' ? rkPolicy : undefined)
    return { exchange: dlx, ...(routingKey !== undefined ? { routingKey } : {}), path: [...(p?.path ?? []), 'definition', 'dead-letter-exchange'], source: 'policy' }
  }
}
