import { isPredeclaredExchange } from '../core/predeclared.js'

/** AMQP 0-9-1 short strings (names, routing keys, field names) hold at most 255 bytes of UTF-8. */
export const SHORTSTR_MAX = 255

export type NameKind = 'exchange' | 'queue'

/** UTF-8 length in bytes (what AMQP's short-string limit counts). */
export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).byteLength
}

/** What a new name is checked against. */
export interface NameContext {
  /** Names already taken by this kind of entity (exchanges and queues have separate namespaces). */
  readonly taken: ReadonlySet<string>
  /** Queue type when known: quorum queues and streams have a tighter limit. Default: classic */
  readonly queueType?: string
  /** The vhost the entity lives in (the quorum/stream limit depends on it). Default: "/" */
  readonly vhost?: string
}

/** The longest name RabbitMQ accepts for this kind of entity (and queue type) on this vhost. */
export function maxNameBytes(kind: NameKind, queueType = 'classic', vhost = '/'): number {
  // Quorum queues and streams name their Ra cluster "<vhost>_<name>" (vhost "/" written %2F) as an atom,
  // which is limited to 255 bytes too (rabbit_queue_type_util:qname_to_internal_name/1): 251 on "/".
  if (kind === 'queue' && (queueType === 'quorum' || queueType === 'stream')) return SHORTSTR_MAX - utf8Bytes(vhost.replaceAll('/', '%2F')) - 1
  return SHORTSTR_MAX
}

/**
 * Why RabbitMQ would refuse to declare an exchange or queue with this name, or undefined when it is fine:
 * empty (the default exchange / a server-named queue, which a topology file cannot declare), the reserved
 * `amq.` prefix (403 ACCESS_REFUSED, rabbit_channel:check_name/2), longer than a short string, or taken.
 */
export function nameProblem(kind: NameKind, name: string, ctx: NameContext): string | undefined {
  if (name === '') {
    return kind === 'exchange'
      ? 'an exchange needs a name ("" is the default exchange, which every vhost already has)'
      : 'a queue needs a name (an empty name asks the broker to make one up, at declare time only)'
  }
  if (name.startsWith('amq.')) {
    const builtin = kind === 'exchange' && isPredeclaredExchange(name) ? ` (${name} exists already: bind to it instead)` : ''
    return `names starting with "amq." are reserved: RabbitMQ refuses to declare '${name}' (403 ACCESS_REFUSED)${builtin}`
  }
  const bytes = utf8Bytes(name)
  const max = maxNameBytes(kind, ctx.queueType, ctx.vhost)
  if (bytes > max) {
    return max < SHORTSTR_MAX && bytes <= SHORTSTR_MAX
      ? `${ctx.queueType} queue names may be at most ${max} bytes on vhost "${ctx.vhost ?? '/'}" (this one is ${bytes})`
      : `names are at most ${SHORTSTR_MAX} bytes of UTF-8 (this one is ${bytes})`
  }
  if (ctx.taken.has(name)) return `there is already ${kind === 'exchange' ? 'an exchange' : 'a queue'} named '${name}'`
  return undefined
}
