import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Topology, VhostTopology } from '../core/model.js'

/**
 * Writes a topology model as a RabbitMQ definitions file that `rabbitmqctl import_definitions` and
 * `POST /api/definitions` (shape `broker`) or `POST /api/definitions/{vhost}` (shape `vhost`) accept.
 *
 * RabbitMQ's import reads JSON numbers as long (integers) or double (with a fraction or an exponent), strings as
 * longstr, objects as tables (rabbit_definitions -> rabbit_misc:to_amqp_table), so an integral double is written
 * `1.0`, never `1`. What JSON cannot say (void, NaN, a signedint inside an array, ...) is left out or widened, and
 * each such loss is a note.
 */

export type DefinitionsShapeOut = 'broker' | 'vhost'

export interface DefinitionsOut {
  /** The JSON text, ending with a newline. */
  readonly text: string
  /** What could not be written exactly, one sentence each. */
  readonly notes: readonly string[]
}

export interface WriteDefinitionsOptions {
  /** `broker`: every vhost, entities with `vhost` fields and a `vhosts` list; `vhost`: one vhost, no vhost fields. Default: broker */
  readonly shape?: DefinitionsShapeOut
}

/** A JSON value whose numbers are already text (so `1.0` survives). */
type Json = { readonly raw: string } | string | boolean | null | readonly Json[] | ReadonlyMap<string, Json>

const INTEGER_TYPES = new Set(['byte', 'unsignedbyte', 'short', 'unsignedshort', 'signedint', 'unsignedint', 'long', 'timestamp'])

/** The definitions file for `topology` (all vhosts for shape broker; exactly one vhost for shape vhost). */
export function topologyToDefinitions(topology: Topology, options: WriteDefinitionsOptions = {}): DefinitionsOut {
  const shape = options.shape ?? 'broker'
  const notes: string[] = []
  const vhosts = [...topology.vhosts.values()]
  if (shape === 'vhost' && vhosts.length !== 1) throw new Error(`the vhost shape holds exactly one vhost, not ${vhosts.length}`)
  const withVhost = shape === 'broker'
  const root = new Map<string, Json>()
  if (topology.rabbitmqVersion !== undefined) root.set('rabbitmq_version', topology.rabbitmqVersion)
  if (shape === 'vhost') {
    // What GET /api/definitions/{vhost} writes from 3.11 on; older brokers ignore unknown top-level keys.
    root.set('rabbitmq_definition_format', 'single_virtual_host')
    root.set('original_vhost_name', vhosts[0]!.name)
  } else {
    root.set('vhosts', vhosts.map((v) => new Map<string, Json>([['name', v.name]])))
  }
  const exchanges: Json[] = []
  const queues: Json[] = []
  const bindings: Json[] = []
  const policies: Json[] = []
  for (const v of vhosts) writeVhost(v, withVhost, { exchanges, queues, bindings, policies }, notes)
  root.set('exchanges', exchanges)
  root.set('queues', queues)
  root.set('bindings', bindings)
  root.set('policies', policies)
  return { text: `${stringify(root, '')}\n`, notes }
}

function writeVhost(v: VhostTopology, withVhost: boolean, out: Record<'exchanges' | 'queues' | 'bindings' | 'policies', Json[]>, notes: string[]): void {
  const where = (kind: string, name: string) => `${kind} ${JSON.stringify(name)} (vhost ${JSON.stringify(v.name)})`
  const head = (name: string): [string, Json][] => (withVhost ? [['name', name], ['vhost', v.name]] : [['name', name]])
  for (const x of v.exchanges.values()) {
    // rabbit_definitions skips the default exchange and amq.* names on import (they are predeclared)
    if (x.name === '' || x.name.startsWith('amq.')) { notes.push(`${where('exchange', x.name)} left out: RabbitMQ predeclares it and its import skips the name`); continue }
    out.exchanges.push(new Map<string, Json>([
      ...head(x.name), ['type', x.type], ['durable', x.durable], ['auto_delete', x.autoDelete], ['internal', x.internal],
      ['arguments', table(x.arguments, where('exchange', x.name), notes)],
    ]))
  }
  for (const q of v.queues.values()) {
    const args = new Map(q.arguments)
    // the import declares from the arguments only (the `type` field is ignored), so the type goes in x-queue-type
    if (q.type !== 'classic' && !args.has('x-queue-type')) args.set('x-queue-type', { type: 'longstr', value: q.type })
    if (q.exclusive) notes.push(`${where('queue', q.name)} is exclusive: a definitions import declares it as an ordinary queue`)
    out.queues.push(new Map<string, Json>([
      ...head(q.name), ['durable', q.durable], ['auto_delete', q.autoDelete], ['arguments', table(args, where('queue', q.name), notes)],
    ]))
  }
  for (const b of v.bindings) {
    out.bindings.push(new Map<string, Json>([
      ['source', b.source], ...(withVhost ? [['vhost', v.name] as [string, Json]] : []), ['destination', b.destination],
      ['destination_type', b.destinationType], ['routing_key', b.routingKey],
      ['arguments', table(b.arguments, `binding ${JSON.stringify(b.source)} -> ${JSON.stringify(b.destination)} (vhost ${JSON.stringify(v.name)})`, notes)],
    ]))
  }
  for (const p of v.policies) {
    const def = new Map<string, Json>()
    for (const [k, value] of p.definition) def.set(k, plain(value))
    out.policies.push(new Map<string, Json>([
      ...(withVhost ? [['vhost', v.name] as [string, Json]] : []), ['name', p.name], ['pattern', p.pattern], ['apply-to', p.applyTo],
      ['definition', def], ['priority', { raw: String(p.priority) }],
    ]))
  }
}

/** Policy definitions are plain JSON already (numbers as JSON.parse/yaml read them). */
function plain(v: unknown): Json {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return { raw: Number.isFinite(v) ? String(v) : 'null' }
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.map(plain)
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [String(k), plain(x)]))
  if (typeof v === 'object') return new Map(Object.keys(v).map((k) => [k, plain((v as Record<string, unknown>)[k])]))
  return String(v)
}

function table(t: AmqpTable, subject: string, notes: string[]): Json {
  const out = new Map<string, Json>()
  for (const [k, v] of t) {
    const j = value(v, `${subject} argument ${JSON.stringify(k)}`, notes, false)
    if (j !== undefined) out.set(k, j)
  }
  return out
}

/**
 * One AMQP value as definitions JSON, or undefined when JSON cannot hold it. `nested`: inside an array or
 * table, where RabbitMQ's headers exchange compares type tags too, so a widened integer type is a note.
 */
function value(v: AmqpValue, subject: string, notes: string[], nested: boolean): Json | undefined {
  switch (v.type) {
    case 'longstr': case 'bool': return v.value
    case 'void':
      notes.push(`${subject} is void: RabbitMQ's definitions import refuses null (null_not_allowed), so it is left out`)
      return undefined
    case 'double': case 'float': {
      if (!Number.isFinite(v.value)) { notes.push(`${subject} is ${v.value}: JSON cannot hold it, so it is left out`); return undefined }
      if (v.type === 'float') notes.push(`${subject} is a float (32-bit): written as a double`)
      const s = String(v.value)
      return { raw: /[.eE]/.test(s) ? s : `${s}.0` }
    }
    case 'array': {
      const items: Json[] = []
      for (const item of v.value) {
        const j = value(item, `${subject} (an element)`, notes, true)
        if (j !== undefined) items.push(j)
      }
      return items
    }
    case 'table': {
      const out = new Map<string, Json>()
      for (const [k, item] of v.value) {
        const j = value(item, `${subject}.${k}`, notes, true)
        if (j !== undefined) out.set(k, j)
      }
      return out
    }
    default:
      if (INTEGER_TYPES.has(v.type)) {
        if (v.type !== 'long' && (nested || v.type === 'timestamp')) notes.push(`${subject} is a ${v.type}: written as an integer, which the import reads as a long`)
        return { raw: String(v.value) }
      }
      notes.push(`${subject} has type ${(v as { type: string }).type}, which a definitions file cannot hold: left out`)
      return undefined
  }
}

function stringify(v: Json, indent: string): string {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v)
  if (v instanceof Map) {
    if (v.size === 0) return '{}'
    const inner = `${indent}  `
    return `{\n${[...v].map(([k, x]) => `${inner}${JSON.stringify(k)}: ${stringify(x, inner)}`).join(',\n')}\n${indent}}`
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]'
    const inner = `${indent}  `
    return `[\n${v.map((x: Json) => `${inner}${stringify(x, inner)}`).join(',\n')}\n${indent}]`
  }
  return (v as { raw: string }).raw
}
