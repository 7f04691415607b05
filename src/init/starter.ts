import { EMPTY_TABLE } from '../core/amqp-value.js'
import { exampleKeys } from './topic-check.js'
import { addBinding, addDeadLetterPair, addExchange, addQueue, EMPTY_DRAFT, type Draft, type DraftResult } from './draft.js'

/** The name of the exchange in the starter topology (the commands in its header use it). */
export const STARTER_EXCHANGE = 'events'

/**
 * The documented starter topology (docs/init.md): a topic exchange, two queues bound with `*` and `#`, and a
 * dead-letter exchange and queue for the first queue. It lints with no finding.
 */
export function starterDraft(): Draft {
  const steps: ((d: Draft) => DraftResult)[] = [
    (d) => addExchange(d, STARTER_EXCHANGE, 'topic',
      'topic: a binding key matches routing keys word by word (words are separated by dots);\n`*` is exactly one word, `#` is zero or more words'),
    (d) => addQueue(d, 'orders', 'quorum', undefined, 'a quorum queue: replicated, durable; rejected messages go to its dead-letter exchange'),
    (d) => addQueue(d, 'audit', 'classic', undefined, 'a classic queue that receives a copy of every event'),
    (d) => addBinding(d, { source: STARTER_EXCHANGE, destination: 'orders', destinationType: 'queue', routingKey: 'order.*', arguments: EMPTY_TABLE,
      comment: "order.created and order.paid, not order.created.eu (`*` takes exactly one word: 'order.#' would)" }),
    (d) => addBinding(d, { source: STARTER_EXCHANGE, destination: 'audit', destinationType: 'queue', routingKey: '#', arguments: EMPTY_TABLE,
      comment: '`#` alone matches every routing key, the empty one included' }),
    (d) => addDeadLetterPair(d, 'orders'),
  ]
  let draft = EMPTY_DRAFT
  for (const step of steps) {
    const r = step(draft)
    if (!r.ok) throw new Error(`starter topology: ${r.message}`) // a bug: the starter is fixed data
    draft = r.draft
  }
  return draft
}

/** A routing key that reaches something through the first binding of an exchange (for the `trace` example). */
function exampleKey(draft: Draft, exchange: string, type: string): string | undefined {
  const b = draft.bindings.find((x) => x.source === exchange)
  if (b === undefined) return undefined
  if (type === 'topic') return exampleKeys(b.routingKey)[0]
  return type === 'direct' ? b.routingKey : undefined
}

/** A word a POSIX shell reads back as `s`: bare when safe, '...' usually, $'...' when it holds control characters. */
export function shellWord(s: string): string {
  if (/^[\w./:@%+-]+$/.test(s)) return s
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) {
    return `$'${s.replace(/[\\']/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`
  }
  return `'${s.replaceAll("'", "'\\''")}'`
}

/** Comment lines under the modeline: what the file is and what to run next with it. */
export function fileHeader(file: string, draft: Draft): string[] {
  const f = shellWord(file)
  const lines = [
    '',
    'Written by `rmq-sim init`. Names follow RabbitMQ: at most 255 bytes, none starting with "amq.".',
    'Try it:',
    `  rmq-sim lint ${f}`,
  ]
  const first = draft.exchanges.find((x) => draft.bindings.some((b) => b.source === x.name))
  if (first !== undefined) {
    const key = exampleKey(draft, first.name, first.type)
    lines.push(`  rmq-sim trace ${f} --exchange ${shellWord(first.name)}${key !== undefined && key !== '' ? ` --key ${shellWord(key)}` : ''}`)
  }
  lines.push(`  rmq-sim repl ${f}`)
  if (draft.rabbitmq === undefined) lines.push('Pin the RabbitMQ version whose rules apply with a top-level line such as:  rabbitmq: "4.3"')
  return lines
}
