import { stringify } from 'yaml'
import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Topology } from '../core/model.js'

/**
 * Writes a topology as messaging-topology-operator manifests (rabbitmq.com/v1beta1 Exchange, Queue, Binding and
 * Policy), one YAML document each, every field spelled out (the CRDs' durable defaults to false, unlike a
 * definitions file's). What the CRDs cannot say is left out with a note: internal exchanges, exchange types and
 * applyTo values outside their enums, exclusive queues, predeclared exchanges; and Kubernetes keeps arguments as
 * JSON, where an integral double `1.0` may come back as the integer 1.
 */

export interface WriteOperatorOptions {
  /** spec.rabbitmqClusterReference.name of every resource. */
  readonly cluster: string
  /** metadata.namespace of every resource. Default: none (kubectl's current namespace) */
  readonly namespace?: string
}

const EXCHANGE_TYPES = new Set(['direct', 'fanout', 'headers', 'topic'])
const APPLY_TO = new Set(['queues', 'classic_queues', 'quorum_queues', 'exchanges', 'all'])

/** The manifests for `topology`, and notes on what they cannot hold. */
export function topologyToOperator(topology: Topology, options: WriteOperatorOptions): { text: string; notes: string[] } {
  const notes: string[] = []
  const docs: unknown[] = []
  const used = new Set<string>()
  const metadata = (kind: string, ...parts: string[]) => {
    const name = kubernetesName(`${kind}-${parts.join('-')}`, used)
    return { name, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) }
  }
  const ref = { name: options.cluster }
  const resource = (kind: string, meta: unknown, spec: Record<string, unknown>) => ({ apiVersion: 'rabbitmq.com/v1beta1', kind, metadata: meta, spec: { ...spec, rabbitmqClusterReference: ref } })
  for (const v of topology.vhosts.values()) {
    const where = (kind: string, name: string) => `${kind} ${JSON.stringify(name)} (vhost ${JSON.stringify(v.name)})`
    const args = (t: AmqpTable, subject: string) => (t.size === 0 ? {} : { arguments: plainTable(t, subject, notes) })
    for (const x of v.exchanges.values()) {
      if (x.name === '' || x.name.startsWith('amq.')) { notes.push(`${where('exchange', x.name)} left out: RabbitMQ predeclares it`); continue }
      if (!EXCHANGE_TYPES.has(x.type)) { notes.push(`${where('exchange', x.name)} left out: the Exchange CRD allows direct, fanout, headers and topic, not ${x.type}`); continue }
      if (x.internal) notes.push(`${where('exchange', x.name)} is internal: the Exchange CRD cannot say so, so it is written as an ordinary exchange`)
      docs.push(resource('Exchange', metadata('exchange', v.name === '/' ? '' : v.name, x.name), { name: x.name, vhost: v.name, type: x.type, durable: x.durable, autoDelete: x.autoDelete, ...args(x.arguments, where('exchange', x.name)) }))
    }
    for (const q of v.queues.values()) {
      if (q.exclusive) notes.push(`${where('queue', q.name)} is exclusive: the Queue CRD cannot say so, so it is written as an ordinary queue`)
      const a = new Map(q.arguments)
      a.delete('x-queue-type')
      docs.push(resource('Queue', metadata('queue', v.name === '/' ? '' : v.name, q.name), { name: q.name, vhost: v.name, ...(q.type !== 'classic' || q.arguments.has('x-queue-type') ? { type: q.type } : {}), durable: q.durable, autoDelete: q.autoDelete, ...args(a, where('queue', q.name)) }))
    }
    v.bindings.forEach((b) => {
      docs.push(resource('Binding', metadata('binding', v.name === '/' ? '' : v.name, b.source, b.destination), {
        vhost: v.name, source: b.source, destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey,
        ...args(b.arguments, `binding ${JSON.stringify(b.source)} -> ${JSON.stringify(b.destination)} (vhost ${JSON.stringify(v.name)})`),
      }))
    })
    for (const p of v.policies) {
      if (!APPLY_TO.has(p.applyTo)) { notes.push(`${where('policy', p.name)} left out: the Policy CRD's applyTo has no ${p.applyTo}`); continue }
      docs.push(resource('Policy', metadata('policy', v.name === '/' ? '' : v.name, p.name), { name: p.name, vhost: v.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: Object.fromEntries(p.definition) }))
    }
  }
  const text = docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n')
  return { text, notes }
}

function plainTable(t: AmqpTable, subject: string, notes: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  for (const [k, v] of t) {
    const p = plainValue(v, `${subject} argument ${JSON.stringify(k)}`, notes)
    if (p !== undefined) Object.defineProperty(o, k, { value: p, enumerable: true, writable: true, configurable: true })
  }
  return o
}

function plainValue(v: AmqpValue, subject: string, notes: string[]): unknown {
  switch (v.type) {
    case 'void': notes.push(`${subject} is void: left out (the operator sends arguments as JSON, and RabbitMQ refuses null)`); return undefined
    case 'array': return v.value.map((x) => plainValue(x, subject, notes)).filter((x) => x !== undefined)
    case 'table': return plainTable(v.value, subject, notes)
    case 'double': case 'float':
      if (!Number.isFinite(v.value)) { notes.push(`${subject} is ${v.value}: JSON cannot hold it, so it is left out`); return undefined }
      if (Number.isInteger(v.value)) notes.push(`${subject} is the double ${v.value}.0: Kubernetes stores arguments as JSON, where it may reach RabbitMQ as the integer ${v.value}`)
      return v.value
    case 'longstr': case 'bool': return v.value
    default:
      if (v.type !== 'long') notes.push(`${subject} is a ${v.type}: written as an integer, which RabbitMQ reads as a long`)
      return v.value
  }
}

/** A DNS-1123 subdomain name (lowercase alphanumerics, '-' and '.', at most 253), unique among `used`. */
function kubernetesName(wanted: string, used: Set<string>): string {
  const base = (wanted.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'resource').slice(0, 240)
  let name = base
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`
  used.add(name)
  return name
}
