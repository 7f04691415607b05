import { EMPTY_TABLE, type AmqpTable } from '../core/amqp-value.js'
import { parseVersion } from '../core/versions.js'
import { addBinding, addDeadLetterPair, addExchange, addQueue, EMPTY_DRAFT, exchangeType, exchangeNames, QUEUE_TYPES, queueNames, type Draft, type DraftQueueType } from './draft.js'
import { parseHeaderArgs } from './header-values.js'
import { starterDraft } from './starter.js'

/** The entity flags of `rmq-sim init` (declared in program.ts). */
export interface InitFlags {
  /** `--exchange name:type`, repeatable. Default: [] */
  readonly exchange?: readonly string[]
  /** `--queue name[:type]`, repeatable (type classic, quorum or stream). Default: [] */
  readonly queue?: readonly string[]
  /** `--bind source:destination[:key]`, repeatable; for a headers exchange the key is `x-match=any,name=value,...`. Default: [] */
  readonly bind?: readonly string[]
  /** `--dlx`: a dead-letter exchange and queue for every queue (streams excepted). Default: false */
  readonly dlx?: boolean
  /** `--rabbitmq VERSION`, written as `rabbitmq:`. Default: none */
  readonly rabbitmq?: string
}

export type FlagsResult =
  | { readonly ok: true; readonly draft: Draft; readonly notes: readonly string[]; readonly starter: boolean }
  | { readonly ok: false; readonly message: string }

/** true when the flags describe entities (so init writes them instead of the starter, and never prompts). */
export function hasEntityFlags(f: InitFlags): boolean {
  return (f.exchange?.length ?? 0) + (f.queue?.length ?? 0) + (f.bind?.length ?? 0) > 0 || f.dlx === true
}

const bad = (message: string): FlagsResult => ({ ok: false, message })

/**
 * The draft the flags describe: exchanges, then queues, then (`--dlx`) a dead-letter pair per queue, then bindings
 * (which may use the dead-letter names). No exchange, queue or binding flag: the starter topology.
 * Every problem is a message naming the flag, for exit 2.
 */
export function draftFromFlags(f: InitFlags): FlagsResult {
  const notes: string[] = []
  let draft: Draft = EMPTY_DRAFT
  const starter = (f.exchange?.length ?? 0) + (f.queue?.length ?? 0) + (f.bind?.length ?? 0) === 0
  if (starter) draft = starterDraft()
  if (f.rabbitmq !== undefined) {
    const v = parseVersion(f.rabbitmq)
    if (!v.ok) return bad(`--rabbitmq: ${v.message}`)
    draft = { ...draft, rabbitmq: f.rabbitmq.trim().replace(/^v/, '') }
  }
  for (const spec of f.exchange ?? []) {
    const colon = spec.lastIndexOf(':')
    if (colon < 0) return bad(`--exchange '${spec}': give a type, e.g. --exchange ${spec || 'events'}:topic`)
    const r = addExchange(draft, spec.slice(0, colon), spec.slice(colon + 1))
    if (!r.ok) return bad(`--exchange '${spec}': ${r.message}`)
    draft = r.draft
  }
  for (const spec of f.queue ?? []) {
    const colon = spec.lastIndexOf(':')
    const name = colon < 0 ? spec : spec.slice(0, colon)
    const type = colon < 0 ? 'classic' : spec.slice(colon + 1)
    if (!(QUEUE_TYPES as readonly string[]).includes(type)) return bad(`--queue '${spec}': unknown queue type '${type}' (classic, quorum or stream; a name with ':' needs the type, e.g. '${spec}:classic')`)
    const r = addQueue(draft, name, type as DraftQueueType)
    if (!r.ok) return bad(`--queue '${spec}': ${r.message}`)
    draft = r.draft
  }
  if (f.dlx === true && !starter) {
    for (const q of draft.queues.slice()) {
      if (q.type === 'stream') { notes.push(`--dlx: '${q.name}' is a stream; streams do not dead-letter, so it gets no dead-letter exchange`); continue }
      const r = addDeadLetterPair(draft, q.name)
      if (!r.ok) return bad(`--dlx: ${r.message}`)
      draft = r.draft
    }
  }
  for (const spec of f.bind ?? []) {
    const r = bindFromSpec(draft, spec)
    if (!r.ok) return bad(`--bind '${spec}': ${r.message}`)
    draft = r.draft
  }
  return { ok: true, draft, notes, starter }
}

function bindFromSpec(draft: Draft, spec: string): { ok: true; draft: Draft } | { ok: false; message: string } {
  const first = spec.indexOf(':')
  if (first < 0) return { ok: false, message: 'expected source:destination[:key]' }
  const second = spec.indexOf(':', first + 1)
  const source = spec.slice(0, first)
  const destination = second < 0 ? spec.slice(first + 1) : spec.slice(first + 1, second)
  const key = second < 0 ? '' : spec.slice(second + 1)
  const sourceType = exchangeType(draft, source)
  if (source !== '' && sourceType === undefined) return { ok: false, message: `no exchange named '${source}' (declare it with --exchange ${source}:<type>)` }
  const isQueue = queueNames(draft).has(destination)
  const isExchange = exchangeNames(draft).has(destination) || (destination !== '' && exchangeType(draft, destination) !== undefined)
  if (isQueue && isExchange) return { ok: false, message: `'${destination}' is both a queue and an exchange: rename one, or write the binding in the file (destination_type)` }
  if (!isQueue && !isExchange) return { ok: false, message: `no queue or exchange named '${destination}' (declare it with --queue ${destination || '<name>'})` }
  let routingKey = key
  let args: AmqpTable = EMPTY_TABLE
  if (sourceType === 'headers') {
    // a headers exchange ignores the key: the third part holds the header conditions instead
    const parsed = parseHeaderArgs(key)
    if (!parsed.ok) return { ok: false, message: parsed.message }
    args = parsed.value
    routingKey = ''
  }
  return addBinding(draft, { source, destination, destinationType: isQueue ? 'queue' : 'exchange', routingKey, arguments: args })
}
