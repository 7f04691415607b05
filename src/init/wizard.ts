import { EMPTY_TABLE, type AmqpValue } from '../core/amqp-value.js'
import type { DestinationType } from '../core/model.js'
import { DEFAULT_VERSION, rulesFor, SUPPORTED_VERSIONS, type VersionRules } from '../core/versions.js'
import {
  addBinding, addDeadLetterPair, addExchange, addQueue, deadLetterNames, EMPTY_DRAFT, exchangeNames, queueNames,
  WIZARD_EXCHANGE_TYPES, type Draft, type DraftQueueType, type QueueDeadLettering,
} from './draft.js'
import { headerNameProblem, parseHeaderValue, X_MATCH_VALUES } from './header-values.js'
import { nameProblem, SHORTSTR_MAX, utf8Bytes } from './names.js'
import type { PromptChoice, WizardPrompter } from './prompter.js'
import { checkTopicPattern, topicCheckLines } from './topic-check.js'

export interface WizardOptions {
  /** `--rabbitmq`: the version is not asked. Default: asked */
  readonly rabbitmq?: string
}

const EXCHANGE_TYPE_HELP: Readonly<Record<(typeof WIZARD_EXCHANGE_TYPES)[number], string>> = {
  direct: 'routes to bindings whose key equals the routing key',
  fanout: 'routes to every binding, whatever the key',
  topic: 'binding keys with wildcards: * = one word, # = zero or more words',
  headers: 'matches message headers instead of the key (x-match all / any)',
}

const QUEUE_TYPE_HELP: Readonly<Record<DraftQueueType, string>> = {
  classic: 'the default single-node queue',
  quorum: 'replicated (Raft), durable; the choice for data safety',
  stream: 'an append-only log consumers read from an offset; no dead-lettering',
}

const X_MATCH_HELP: Readonly<Record<(typeof X_MATCH_VALUES)[number], string>> = {
  all: 'every header below must match (the default)',
  any: 'at least one header below must match',
  'all-with-x': 'as all, and x- headers count too',
  'any-with-x': 'as any, and x- headers count too',
}

/**
 * The interactive flow of `rmq-sim init`: the version, exchanges (name, type), queues (name, type, dead-lettering:
 * none, a new `<queue>.dlx` + `<queue>.dlq`, or an exchange already entered), then bindings chosen from what was
 * entered (the key checked live for topic exchanges, header conditions for headers exchanges). Every name and key is
 * checked as RabbitMQ checks it before it is accepted, so the result lints without error.
 */
export async function runWizard(p: WizardPrompter, options: WizardOptions = {}): Promise<Draft> {
  let draft: Draft = EMPTY_DRAFT
  let version = options.rabbitmq
  if (version === undefined) {
    const choices: PromptChoice[] = [...SUPPORTED_VERSIONS].reverse().map((v) => ({ name: v, value: v }))
    choices.push({ name: 'not pinned', value: '', description: `no rabbitmq: line; the default rules (${DEFAULT_VERSION}) apply` })
    version = await p.select('RabbitMQ version whose rules apply', choices, { default: SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1] })
  }
  if (version !== '') draft = { ...draft, rabbitmq: version }
  const rules = rulesFor(version === '' ? DEFAULT_VERSION : version)

  p.say('Exchanges receive published messages and route them to queues (or other exchanges) through bindings.')
  draft = await askExchanges(p, draft)
  p.say('Queues hold messages for consumers.')
  draft = await askQueues(p, draft)
  if (draft.exchanges.length === 0) {
    p.say('No exchanges, so no bindings: a publish to the default exchange "" with a queue\'s name as the key reaches that queue.')
    return draft
  }
  p.say('Bindings connect an exchange to a queue or to another exchange.')
  return askBindings(p, draft, rules)
}

async function askExchanges(p: WizardPrompter, start: Draft): Promise<Draft> {
  let draft = start
  for (;;) {
    const name = await p.input('Exchange name (Enter when done)', {
      validate: (v) => (v.trim() === '' ? true : nameProblem('exchange', v.trim(), { taken: exchangeNames(draft) }) ?? true),
    })
    if (name.trim() === '') return draft
    const type = await p.select(`Type of ${name.trim()}`, WIZARD_EXCHANGE_TYPES.map((t) => ({ name: t, value: t, description: EXCHANGE_TYPE_HELP[t] })))
    const r = addExchange(draft, name.trim(), type)
    if (r.ok) draft = r.draft
    else p.say(`✖ ${r.message}`)
  }
}

async function askQueues(p: WizardPrompter, start: Draft): Promise<Draft> {
  let draft = start
  for (;;) {
    const name = (await p.input('Queue name (Enter when done)', {
      // the type is not known yet: the quorum/stream length limit is checked after it is chosen
      validate: (v) => (v.trim() === '' ? true : nameProblem('queue', v.trim(), { taken: queueNames(draft) }) ?? true),
    })).trim()
    if (name === '') return draft
    const type = await p.select(`Type of ${name}`, (['classic', 'quorum', 'stream'] as const).map((t) => ({ name: t, value: t, description: QUEUE_TYPE_HELP[t] })))
    const tooLong = nameProblem('queue', name, { taken: new Set(), queueType: type })
    if (tooLong) { p.say(`✖ ${tooLong}`); continue }
    const dl = type === 'stream' ? 'none' : await askDeadLettering(p, draft, name)
    let r
    if (dl === 'new') {
      r = addQueue(draft, name, type)
      if (r.ok) r = addDeadLetterPair(r.draft, name)
      if (r.ok) { const n = deadLetterNames(name); p.say(`  added ${n.exchange} (fanout) → ${n.queue}`) }
    } else {
      r = addQueue(draft, name, type, dl === 'none' ? undefined : dl)
    }
    if (r.ok) draft = r.draft
    else p.say(`✖ ${r.message}`)
  }
}

async function askDeadLettering(p: WizardPrompter, draft: Draft, queue: string): Promise<'none' | 'new' | QueueDeadLettering> {
  const n = deadLetterNames(queue)
  const canCreate = !exchangeNames(draft).has(n.exchange) && !queueNames(draft).has(n.queue) && utf8Bytes(n.exchange) <= SHORTSTR_MAX
  const choices: PromptChoice[] = [{ name: 'none', value: 'none', description: 'rejected or expired messages are dropped' }]
  if (canCreate) choices.push({ name: `new: ${n.exchange} → ${n.queue}`, value: 'new', description: 'a fanout dead-letter exchange and a queue that keeps the dead letters' })
  for (const x of draft.exchanges) choices.push({ name: `${x.name} (${x.type})`, value: `x:${x.name}`, description: 'an exchange entered above' })
  const answer = await p.select(`Dead-lettering for ${queue}`, choices, { default: 'none' })
  if (answer === 'none' || answer === 'new') return answer
  const exchange = answer.slice(2)
  const type = draft.exchanges.find((x) => x.name === exchange)?.type
  if (type !== 'direct' && type !== 'topic') return { exchange }
  const routingKey = await p.input(`Dead-letter routing key (Enter: keep each message's own key)`, {
    validate: (v) => (utf8Bytes(v) <= SHORTSTR_MAX ? true : `routing keys are at most ${SHORTSTR_MAX} bytes`),
  })
  return { exchange, routingKey }
}

async function askBindings(p: WizardPrompter, start: Draft, rules: VersionRules): Promise<Draft> {
  let draft = start
  for (;;) {
    const sources: PromptChoice[] = draft.exchanges.map((x) => ({ name: `${x.name} (${x.type})`, value: `x:${x.name}` }))
    sources.push({ name: 'done', value: 'done', description: 'no more bindings' })
    const unbound = draft.queues.filter((q) => !draft.bindings.some((b) => b.destinationType === 'queue' && b.destination === q.name))
    const source = await p.select('Bind from exchange', sources, { default: unbound.length > 0 ? (sources[0]?.value ?? 'done') : 'done' })
    if (source === 'done') return draft
    const sourceName = source.slice(2)
    const sourceType = draft.exchanges.find((x) => x.name === sourceName)?.type ?? 'direct'
    const destinations: PromptChoice[] = [
      ...unbound.map((q) => ({ name: `queue ${q.name}`, value: `q:${q.name}` })),
      ...draft.queues.filter((q) => !unbound.includes(q)).map((q) => ({ name: `queue ${q.name}`, value: `q:${q.name}`, description: 'already bound' })),
      ...draft.exchanges.filter((x) => x.name !== sourceName).map((x) => ({ name: `exchange ${x.name} (${x.type})`, value: `x:${x.name}`, description: 'exchange-to-exchange binding' })),
    ]
    if (destinations.length === 0) { p.say('✖ nothing to bind to: add a queue or another exchange'); return draft }
    const dest = await p.select(`Bind ${sourceName} to`, destinations)
    const destinationType: DestinationType = dest.startsWith('q:') ? 'queue' : 'exchange'
    const destination = dest.slice(2)
    let routingKey = ''
    let args = EMPTY_TABLE
    if (sourceType === 'topic') {
      routingKey = await askTopicKey(p, `Binding key (${sourceName} → ${destination})`, rules)
    } else if (sourceType === 'headers') {
      args = await askHeaderConditions(p)
    } else if (sourceType !== 'fanout') {
      routingKey = await p.input(`Routing key (${sourceName} → ${destination})`, {
        default: destinationType === 'queue' ? destination : '',
        validate: (v) => (utf8Bytes(v) <= SHORTSTR_MAX ? true : `routing keys are at most ${SHORTSTR_MAX} bytes`),
      })
    }
    const r = addBinding(draft, { source: sourceName, destination, destinationType, routingKey, arguments: args })
    if (r.ok) draft = r.draft
    else p.say(`✖ ${r.message}`)
  }
}

/**
 * A topic binding key with the live check. A key RabbitMQ would refuse is asked again, starting from what was typed;
 * a key with a warning is kept only when confirmed, else asked again.
 */
async function askTopicKey(p: WizardPrompter, message: string, rules: VersionRules): Promise<string> {
  let initial: string | undefined
  for (;;) {
    const key = await p.liveKey(message, (k) => {
      const check = checkTopicPattern(k, rules)
      return { lines: topicCheckLines(check), ...(check.errors.length > 0 ? { error: check.errors[0]! } : {}) }
    }, { default: '#', ...(initial !== undefined ? { initial } : {}) })
    const { errors, warnings } = checkTopicPattern(key, rules)
    if (errors.length > 0) { p.say(`✖ ${errors.join('; ')}`); initial = key; continue }
    if (warnings.length === 0 || (await p.confirm(`Keep '${key}' despite: ${warnings.join('; ')}?`, false))) return key
    initial = key
  }
}

async function askHeaderConditions(p: WizardPrompter): Promise<ReadonlyMap<string, AmqpValue>> {
  const xMatch = await p.select('Match', X_MATCH_VALUES.map((v) => ({ name: v, value: v, description: X_MATCH_HELP[v] })), { default: 'all' })
  const args = new Map<string, AmqpValue>([['x-match', { type: 'longstr', value: xMatch }]])
  for (;;) {
    const name = await p.input('Header name (Enter when done)', {
      validate: (v) => (v === '' ? true : headerNameProblem(v, new Set(args.keys())) ?? true),
    })
    if (name === '') return args
    const text = await p.input(`Value of ${name} (text, 1, 1.0, true, {type: signedint, value: 5}; empty = header present)`, {
      validate: (v) => { const r = parseHeaderValue(v); return r.ok ? true : r.message },
    })
    const value = parseHeaderValue(text)
    if (value.ok) args.set(name, value.value)
  }
}
