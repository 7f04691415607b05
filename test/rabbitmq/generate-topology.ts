import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Policy, PolicyApplyTo, Queue, VhostTopology } from '../../src/core/model.js'
import type { Publish } from '../../src/core/route-types.js'
import type { Rng } from './prng.js'

/**
 * Seeded generator of routing conformance cases: one vhost topology (rmq-sim model objects) plus probes.
 * It aims at the places a simulator goes wrong (../../docs/reference/rabbitmq-3.10-observed.md, "Where a
 * simulator is most likely to be wrong"): empty words, `#` runs, glued wildcards, unicode, typed header values,
 * `x-` arguments, E2E cycles and diamonds, alternate exchanges (argument and policy), CC/BCC, policy priority
 * and unanchored byte patterns, internal and missing exchanges. Everything it declares is valid on a 3.10
 * broker: bind-time errors are not what this suite tests.
 */
export interface Probe {
  /** The message-id: how the drained messages are matched back to their probe. */
  readonly id: string
  readonly publish: Publish
  /**
   * The publish may close the channel (missing or internal exchange, CC/BCC that is not an array), decided
   * from the generated topology alone (not from the core): it is published on a channel of its own.
   */
  readonly isolated: boolean
}

export interface ConformanceCase {
  readonly index: number
  readonly seed: number
  readonly vhost: VhostTopology
  readonly probes: readonly Probe[]
}

export interface GenerateOptions {
  /** Probes per topology. Default: 110 */
  readonly probes?: number
  /** Vhost name prefix on the broker. Default: 'rmqsim' */
  readonly vhostPrefix?: string
}

/** The predeclared exchanges a binding may use (amq.rabbitmq.trace is internal: only a publish target). */
export const PREDECLARED_TYPES: ReadonlyMap<string, string> = new Map([
  ['amq.direct', 'direct'], ['amq.fanout', 'fanout'], ['amq.topic', 'topic'], ['amq.headers', 'headers'], ['amq.match', 'headers'],
])

const EXCHANGE_NAMES = [
  'orders', 'reorder', 'audit.orders.v2', 'Orders', 'ae', 'orders-ae', 'é', 'ü', 'axb', 'ab', 'ev.日本', 'logs.💥',
  'a b', '__proto__', 'constructor', 'fan', 'hdr', 'top', 'dir', 'e.1', 'E.2', 'x',
]
const QUEUE_NAMES = [
  'q1', 'q2', 'q3', 'q4', 'Q1', 'q.é', 'q 日本', '__proto__', 'constructor', 'orders', 'a.b', 'q*', '#', 'a', 'hasOwnProperty',
]
/** Routing-key words: `*` and `#` are ordinary words in a routing key. */
const KEY_WORDS = ['a', 'b', 'c', '', 'order', 'Order', 'eu', 'é', '日本', '💥', 'a b', '$', 'x*', '#a', 'a#', '**', '*', '#', 'created']
export const SPECIAL_TOPIC_PATTERNS = [
  '', '#', '*', '.', '#.#', '*.#', '#.*', 'a.#.b', '#.a.#', 'a.#.#', '*.*', '#.#.#', 'a.*', '*.a', 'a..b', '.a', 'a.',
  '#.', '.#', '*.#.*', 'a*', '#a', 'é.#', '*.*.*', '#.b', 'order.*', 'order.#', 'Order.#', '**', '*.', '.*', '..',
]
const SPECIAL_DIRECT_KEYS = ['', 'a', 'A', 'a.b', 'k.*', '#', '*', 'é', 'order.created', ' a', 'a ', '日本']
const HEADER_NAMES = ['h1', 'h2', 'format', 'H1', 'x-h', 'x-match2', 'CC', 'BCC', '__proto__', 'constructor', 'é', 'cc']
const X_MATCH = ['all', 'any', 'all-with-x', 'any-with-x'] as const

const long = (value: number): AmqpValue => ({ type: 'long', value })
const dbl = (value: number): AmqpValue => ({ type: 'double', value })
const flt = (value: number): AmqpValue => ({ type: 'float', value })
const str = (value: string): AmqpValue => ({ type: 'longstr', value })
const arr = (...value: AmqpValue[]): AmqpValue => ({ type: 'array', value })

/** Header values whose comparisons differ by type (3.10 compares with Erlang `==`, arrays keep their tags). */
export const HEADER_VALUES: readonly AmqpValue[] = [
  long(1), { type: 'signedint', value: 1 }, { type: 'byte', value: 1 }, { type: 'short', value: 1 },
  { type: 'unsignedbyte', value: 1 }, { type: 'unsignedshort', value: 1 }, { type: 'unsignedint', value: 1 },
  { type: 'timestamp', value: 1 }, dbl(1), dbl(1.5), flt(1.5), flt(0.1), dbl(0.1), long(0), dbl(0), long(2), dbl(2),
  { type: 'byte', value: -1 }, long(-1), dbl(-1), long(2 ** 40), dbl(2 ** 40),
  { type: 'bool', value: true }, { type: 'bool', value: false }, str('1'), str(''), str('a'), str('A'), str('true'),
  arr(str('a')), arr(long(1)), arr(dbl(1)), arr(), arr(str('a'), long(1)),
]

const SIGNED_INT_TYPES = ['byte', 'short', 'signedint', 'long'] as const
const UNSIGNED_INT_TYPES = ['unsignedbyte', 'unsignedshort', 'unsignedint', 'timestamp'] as const

/** The same number under other AMQP types (what `==` ignores and `=:=` would not). */
function numericVariants(v: AmqpValue): AmqpValue[] {
  if (!('value' in v) || typeof v.value !== 'number') return []
  const n = v.value
  const out: AmqpValue[] = [dbl(n), flt(n), str(String(n))]
  if (Number.isInteger(n)) {
    for (const t of SIGNED_INT_TYPES) if (fitsSigned(t, n)) out.push({ type: t, value: n })
    if (n >= 0) for (const t of UNSIGNED_INT_TYPES) if (fitsUnsigned(t, n)) out.push({ type: t, value: n })
    if (n === 1 || n === 0) out.push({ type: 'bool', value: n === 1 })
  }
  return out
}

function fitsSigned(t: (typeof SIGNED_INT_TYPES)[number], n: number): boolean {
  const bits = t === 'byte' ? 8 : t === 'short' ? 16 : t === 'signedint' ? 32 : 53
  return n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1)
}
function fitsUnsigned(t: (typeof UNSIGNED_INT_TYPES)[number], n: number): boolean {
  const bits = t === 'unsignedbyte' ? 8 : t === 'unsignedshort' ? 16 : t === 'unsignedint' ? 32 : 53
  return n >= 0 && n < 2 ** bits
}

/** Escapes a name for a PCRE pattern (the UTF-8 of non-ASCII characters stays literal). */
function pcreEscape(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`)
}

function topicPattern(rng: Rng): string {
  if (rng.chance(0.25)) return rng.pick(SPECIAL_TOPIC_PATTERNS)
  const n = rng.int(0, 4)
  const words: string[] = []
  for (let i = 0; i < n; i++) {
    const r = rng.next()
    words.push(r < 0.15 ? '#' : r < 0.35 ? '*' : rng.pick(KEY_WORDS.filter((w) => w !== '*' && w !== '#')))
  }
  // A run of `#` (RabbitMQ 3.10 has no limit on them).
  if (rng.chance(0.05)) words.splice(rng.int(0, words.length), 0, '#', '#')
  return words.join('.')
}

function randomKey(rng: Rng): string {
  const n = rng.int(0, 4)
  const words: string[] = []
  for (let i = 0; i < n; i++) words.push(rng.pick(KEY_WORDS))
  return words.join('.')
}

/** A routing key a topic pattern is likely to match, sometimes perturbed into a near miss. */
function instantiateTopic(rng: Rng, pattern: string): string {
  const words: string[] = []
  for (const w of pattern === '' ? [] : pattern.split('.')) {
    if (w === '*') words.push(rng.pick(KEY_WORDS))
    else if (w === '#') for (let i = rng.int(0, 2); i > 0; i--) words.push(rng.pick(KEY_WORDS))
    else words.push(w)
  }
  if (rng.chance(0.25)) {
    const r = rng.int(0, 3)
    if (r === 0) words.push(rng.pick(KEY_WORDS))
    else if (r === 1) words.pop()
    else if (r === 2 && words.length > 0) {
      const i = rng.int(0, words.length - 1)
      const w = words[i] ?? ''
      words[i] = w === w.toUpperCase() ? w.toLowerCase() : w.toUpperCase()
    } else words.unshift('')
  }
  return words.join('.')
}

function headerBindingArgs(rng: Rng): AmqpTable {
  const args = new Map<string, AmqpValue>()
  if (!rng.chance(0.2)) args.set('x-match', str(rng.pick(X_MATCH)))
  for (let i = rng.int(0, 3); i > 0; i--) {
    const name = rng.pick(HEADER_NAMES)
    args.set(name, rng.chance(0.12) ? { type: 'void' } : rng.pick(HEADER_VALUES))
  }
  if (rng.chance(0.15)) args.set('x-foo', rng.chance(0.2) ? { type: 'void' } : str('bar'))
  return args
}

/** Arguments on a direct/topic/fanout binding: part of its identity, ignored by routing. */
function otherBindingArgs(rng: Rng): AmqpTable {
  if (!rng.chance(0.12)) return new Map()
  return rng.chance(0.5) ? new Map([['x-match', str('foo')]]) : new Map([['k', rng.pick(HEADER_VALUES)]])
}

interface Draft {
  exchanges: Map<string, Exchange>
  queues: Map<string, Queue>
  bindings: Binding[]
  policies: Policy[]
}

/** Generates case `index` of a run: the same (seed, index) always gives the same case. */
export function generateCase(rng: Rng, index: number, seed: number, options: GenerateOptions = {}): ConformanceCase {
  const vhostName = `${options.vhostPrefix ?? 'rmqsim'}-${seed}-${index}`
  const draft: Draft = { exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }

  // Exchanges
  const exchangeNames = rng.sample(EXCHANGE_NAMES, rng.int(3, 8))
  for (const name of exchangeNames) {
    const r = rng.next()
    const type = r < 0.35 ? 'topic' : r < 0.55 ? 'direct' : r < 0.7 ? 'fanout' : 'headers'
    draft.exchanges.set(name, {
      vhost: vhostName, name, type, durable: false, autoDelete: false, internal: rng.chance(0.2), arguments: new Map(),
    })
  }
  // Alternate exchanges by argument: another exchange, itself, a missing one, "", a predeclared or internal one.
  for (const [name, x] of draft.exchanges) {
    if (!rng.chance(0.35)) continue
    const r = rng.next()
    const ae = r < 0.55 ? rng.pick(exchangeNames) : r < 0.65 ? name : r < 0.77 ? 'no-such-ae' : r < 0.83 ? '' : rng.pick([...PREDECLARED_TYPES.keys()])
    const key = rng.chance(0.05) ? 'x-alternate-exchange' : 'alternate-exchange'
    draft.exchanges.set(name, { ...x, arguments: new Map([[key, str(ae)]]) })
  }

  // Queues
  const queueNames = rng.sample(QUEUE_NAMES, rng.int(3, 7))
  for (const name of queueNames) {
    draft.queues.set(name, { vhost: vhostName, name, type: 'classic', durable: false, exclusive: false, autoDelete: false, arguments: new Map() })
  }

  // Bindings from the declared exchanges and a few predeclared ones.
  const sources: { name: string; type: string }[] = [...draft.exchanges.values()].map((x) => ({ name: x.name, type: x.type }))
  for (const name of rng.sample([...PREDECLARED_TYPES.keys()], rng.int(0, 2))) sources.push({ name, type: PREDECLARED_TYPES.get(name) ?? 'direct' })
  const exchangeTargets = [...exchangeNames, ...PREDECLARED_TYPES.keys()]
  const addBinding = (source: { name: string; type: string }, destination: string, destinationType: 'queue' | 'exchange'): void => {
    const routingKey = source.type === 'topic' ? topicPattern(rng)
      : source.type === 'direct' ? (rng.chance(0.5) ? rng.pick(SPECIAL_DIRECT_KEYS) : randomKey(rng))
      : rng.chance(0.6) ? '' : randomKey(rng)
    const args = source.type === 'headers' ? headerBindingArgs(rng) : otherBindingArgs(rng)
    draft.bindings.push({ vhost: vhostName, source: source.name, destination, destinationType, routingKey, arguments: args })
  }
  for (const source of sources) {
    for (let i = rng.int(1, source.type === 'fanout' ? 2 : 5); i > 0; i--) {
      const r = rng.next()
      if (r < 0.75) addBinding(source, rng.pick(queueNames), 'queue')
      else if (r < 0.8) addBinding(source, source.name, 'exchange') // self-binding: allowed, no effect
      else addBinding(source, rng.pick(exchangeTargets), 'exchange')
    }
  }
  // Deliberate shapes: an E2E cycle A<->B, and a diamond A->{B,C}->q.
  if (exchangeNames.length >= 2 && rng.chance(0.5)) {
    const [a, b] = rng.sample(sources.filter((s) => !PREDECLARED_TYPES.has(s.name)), 2)
    if (a && b) { addBinding(a, b.name, 'exchange'); addBinding(b, a.name, 'exchange') }
  }
  if (exchangeNames.length >= 3 && rng.chance(0.5)) {
    const [a, b, c] = rng.sample(sources.filter((s) => !PREDECLARED_TYPES.has(s.name)), 3)
    const q = rng.pick(queueNames)
    if (a && b && c) { addBinding(a, b.name, 'exchange'); addBinding(a, c.name, 'exchange'); addBinding(b, q, 'queue'); addBinding(c, q, 'queue') }
  }

  // Policies: distinct priorities (equal priorities are unspecified in RabbitMQ), unanchored byte patterns.
  const priorities = rng.shuffle([-10, -1, 0, 1, 1.5, 2, 3, 5, 10, 100])
  const patternFor = (): string => {
    const name = rng.pick([...exchangeNames, ...PREDECLARED_TYPES.keys()])
    const r = rng.next()
    if (r < 0.3) return pcreEscape(name.slice(0, rng.int(1, Math.max(1, name.length))))
    if (r < 0.5) return `^${pcreEscape(name)}$`
    if (r < 0.57) return `(?i)${pcreEscape(name.toUpperCase())}`
    if (r < 0.62) return `\\A${pcreEscape(name.slice(0, 2))}`
    return rng.pick(['^.$', '^..$', '', '.', 'ae$', '^amq\\.', 'orders', '^a.b$', 'e\\.', '^[^.]*$'])
  }
  for (let i = rng.int(0, 3); i > 0; i--) {
    const definition = new Map<string, unknown>()
    const r = rng.next()
    const ae = rng.next() < 0.7 ? rng.pick(exchangeNames) : rng.pick(['no-such-ae', 'amq.fanout', ''])
    // Queue keys that cannot change what the queues hold during a run (max-length would drop probes): with
    // apply-to all/exchanges they still make the policy win over a lower-priority AE policy.
    if (r < 0.7) definition.set('alternate-exchange', ae)
    else if (r < 0.88) definition.set(rng.pick(['message-ttl', 'expires']), 3_600_000)
    else { definition.set('alternate-exchange', ae); definition.set('queue-mode', 'lazy') }
    const ar = rng.next()
    const applyTo: PolicyApplyTo = ar < 0.4 ? 'all' : ar < 0.85 ? 'exchanges' : 'queues'
    draft.policies.push({ vhost: vhostName, name: `p${i}`, pattern: patternFor(), applyTo, priority: priorities[i] ?? i, definition })
  }

  const vhost: VhostTopology = {
    name: vhostName, exchanges: draft.exchanges, queues: draft.queues, bindings: draft.bindings, policies: draft.policies,
  }
  const probes: Probe[] = []
  const count = options.probes ?? 110
  for (let j = 0; j < count; j++) probes.push(generateProbe(rng, vhost, `t${index}-p${j}`))
  return { index, seed, vhost, probes }
}

function generateProbe(rng: Rng, vhost: VhostTopology, id: string): Probe {
  const declared = [...vhost.exchanges.values()]
  const publicOnes = declared.filter((x) => !x.internal)
  const internalOnes = declared.filter((x) => x.internal)
  const queueNames = [...vhost.queues.keys()]
  let exchange: string
  const r = rng.next()
  if (r < 0.72 && publicOnes.length > 0) exchange = rng.pick(publicOnes).name
  else if (r < 0.82) exchange = rng.pick([...PREDECLARED_TYPES.keys()])
  else if (r < 0.9) exchange = ''
  else if (r < 0.95 && internalOnes.length > 0) exchange = rng.pick(internalOnes).name
  else if (r < 0.97) exchange = rng.pick(['no-such-exchange', 'amq.default', 'amq.rabbitmq.trace'])
  else {
    const x = rng.pick(declared).name
    exchange = rng.chance(0.5) ? `${x} ` : x.toUpperCase() === x ? x.toLowerCase() : x.toUpperCase()
  }

  const type = vhost.exchanges.get(exchange)?.type ?? PREDECLARED_TYPES.get(exchange) ?? (exchange === '' ? 'default' : 'missing')
  const from = (t: string): string[] => vhost.bindings.filter((b) => (vhost.exchanges.get(b.source)?.type ?? PREDECLARED_TYPES.get(b.source)) === t).map((b) => b.routingKey)
  const ownKeys = vhost.bindings.filter((b) => b.source === exchange).map((b) => b.routingKey)
  const topicPatterns = from('topic')
  const directKeys = from('direct')
  // Keys likely to matter anywhere along the walk (E2E and AE hops route the same keys).
  const usefulKey = (): string => {
    const k = rng.next()
    if (k < 0.35 && topicPatterns.length > 0) return instantiateTopic(rng, rng.pick(topicPatterns))
    if (k < 0.55 && directKeys.length > 0) return rng.pick(directKeys)
    if (k < 0.7) return rng.pick(queueNames)
    return randomKey(rng)
  }
  let routingKey: string
  if (type === 'default') routingKey = rng.chance(0.75) ? rng.pick(queueNames) : rng.pick(['', 'no-such-queue', 'Q2', `${rng.pick(queueNames)} `])
  else if (type === 'topic' && ownKeys.length > 0 && rng.chance(0.6)) routingKey = instantiateTopic(rng, rng.pick(ownKeys))
  else if (type === 'direct' && ownKeys.length > 0 && rng.chance(0.6)) routingKey = rng.pick(ownKeys)
  else routingKey = usefulKey()

  const headers = new Map<string, AmqpValue>()
  const headerBindings = vhost.bindings.filter((b) => (vhost.exchanges.get(b.source)?.type ?? PREDECLARED_TYPES.get(b.source)) === 'headers')
  if (headerBindings.length > 0 && rng.chance(0.6)) {
    // Start from a headers binding's conditions, then perturb types/values and drop some.
    for (const [k, v] of rng.pick(headerBindings).arguments) {
      if (k === 'x-match' && !rng.chance(0.1)) continue
      if (k === 'CC' || k === 'BCC') continue
      if (rng.chance(0.15)) continue
      let value = v
      const p = rng.next()
      if (v.type === 'void' || p < 0.2) value = rng.pick(HEADER_VALUES)
      else if (p < 0.45) value = rng.pick([v, ...numericVariants(v)])
      if (rng.chance(0.05)) value = { type: 'void' }
      headers.set(k, value)
    }
  }
  if (rng.chance(0.25)) headers.set(rng.pick(HEADER_NAMES.filter((h) => h !== 'CC' && h !== 'BCC')), rng.pick(HEADER_VALUES))

  let isolated = type === 'missing' || vhost.exchanges.get(exchange)?.internal === true || exchange === 'amq.rabbitmq.trace'
  const routingHeader = (name: 'CC' | 'BCC'): void => {
    if (rng.chance(0.03)) { headers.set(name, str(usefulKey())); isolated = true; return } // not an array: 406
    const keys: AmqpValue[] = []
    for (let i = rng.int(1, 2); i > 0; i--) keys.push(str(usefulKey()))
    if (rng.chance(0.1)) keys.push(long(1)) // non-longstr elements are ignored
    headers.set(name, arr(...keys))
  }
  if (rng.chance(0.2)) routingHeader('CC')
  if (rng.chance(0.15)) routingHeader('BCC')

  return { id, isolated, publish: { exchange, routingKey, headers, mandatory: true } }
}
