import type { ArgKind, CommandSpec } from './command-spec.js'
import { COMMAND_SPECS, findCommand } from './command-table.js'
import { quoteWord, tokenize, type Token } from './tokenize.js'

/** The names the completer can offer, read from the live broker each time (so new queues complete at once). */
export interface CompletionSource {
  exchanges(): readonly string[]
  queues(): readonly string[]
  consumers(): readonly string[]
  channels(): readonly string[]
  connections(): readonly string[]
  deliveryTags(): readonly string[]
  /** Routing keys worth offering for an exchange: its literal binding keys (queue names for the default exchange). */
  routingKeys(exchange: string): readonly string[]
  /** Entries of a directory for file arguments: names, with a trailing `/` for directories. */
  files(partial: string): readonly string[]
}

const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers']

/** Argument names RabbitMQ reads (queues, exchanges, headers bindings), offered after `--arg`. */
const ARGUMENT_NAMES = [
  'x-message-ttl=', 'x-expires=', 'x-max-length=', 'x-max-length-bytes=', 'x-overflow=', 'x-dead-letter-exchange=',
  'x-dead-letter-routing-key=', 'x-queue-type=', 'x-max-priority=', 'x-single-active-consumer=', 'x-delivery-limit=',
  'alternate-exchange=', 'x-match=',
]

/**
 * node:readline's completer: `[candidates, the text being completed]`. Commands first, then the
 * names each position of that command takes (exchanges, queues, consumer tags, ...), and option names after `-`.
 */
export function complete(line: string, source: CompletionSource): [string[], string] {
  const t = tokenize(line)
  if (!t.ok) return [[], line]
  const tokens = t.tokens
  const completingNew = tokens.length === 0 || t.trailingSpace
  const current: Token | undefined = completingNew ? undefined : tokens[tokens.length - 1]
  const partialRaw = current ? line.slice(current.start, current.end) : ''
  const before = completingNew ? tokens : tokens.slice(0, -1)
  if (before.length === 0) return [filter(COMMAND_SPECS.map((c) => c.name), partialRaw), partialRaw]
  const spec = findCommand(before[0]!.value)
  if (!spec) return [[], partialRaw]
  const args = before.slice(1)
  if (partialRaw.startsWith('-')) {
    const names = spec.options.flatMap((o) => [`--${o.name}`, ...(o.negatable ? [`--no-${o.name}`] : [])])
    return [filter(names, partialRaw), partialRaw]
  }
  const last = args[args.length - 1]
  const pendingOption = last && !last.quoted ? optionTakingValue(spec, last.value) : undefined
  let kind: ArgKind | undefined
  if (pendingOption !== undefined) kind = pendingOption
  else {
    const index = positionalIndex(spec, args)
    const pos = spec.positionals[index]
    if (pos?.choices) return [filterNames(pos.choices, current?.value ?? ''), partialRaw]
    kind = pos?.kind
    if (kind === 'destination') kind = spec.name === 'delete' ? (args[0]?.value === 'exchange' ? 'exchange' : 'queue') : 'destination'
  }
  if (kind === undefined) return [[], partialRaw]
  const value = current?.value ?? ''
  if (kind === 'routing-key' && pendingOption === undefined) {
    // The key after an exchange: the keys its bindings can match (`bind x q <key>`: none to suggest).
    const exchange = positionalValues(spec, args)[0]
    if (spec.name === 'bind' || spec.name === 'unbind' || exchange === undefined) return [[], partialRaw]
    return [filterNames(source.routingKeys(exchange), value), partialRaw]
  }
  return [filterNames(candidatesFor(kind, source, value), value), partialRaw]
}

/** Raw names (unquoted) for a kind of argument. */
function candidatesFor(kind: ArgKind, source: CompletionSource, partial: string): readonly string[] {
  switch (kind) {
    case 'exchange': return source.exchanges()
    case 'queue': return source.queues()
    case 'destination': return [...source.queues(), ...source.exchanges().filter((e) => e !== '')]
    case 'consumer': return source.consumers()
    case 'channel': return source.channels()
    case 'connection': return source.connections()
    case 'delivery-tag': return source.deliveryTags()
    case 'command': return COMMAND_SPECS.map((c) => c.name)
    case 'exchange-type': return EXCHANGE_TYPES
    case 'argument': return ARGUMENT_NAMES
    case 'file': return source.files(partial)
    default: return []
  }
}

/** The kind of value the option word expects, when it is an option that takes one without `=`. */
function optionTakingValue(spec: CommandSpec, word: string): ArgKind | undefined {
  if (!word.startsWith('-') || word.includes('=')) return undefined
  const opt = word.startsWith('--') ? spec.options.find((o) => `--${o.name}` === word) : spec.options.find((o) => `-${o.alias}` === word)
  if (!opt || (opt.takes ?? 'flag') === 'flag') return undefined
  return opt.kind ?? 'text'
}

/** How many positionals precede the cursor, skipping options and their values. */
function positionalIndex(spec: CommandSpec, args: readonly Token[]): number {
  return positionalValues(spec, args).length
}

/** The positional words typed so far, options and their values skipped. */
function positionalValues(spec: CommandSpec, args: readonly Token[]): string[] {
  const values: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (!a.quoted && a.value.startsWith('-') && a.value.length > 1) {
      if (optionTakingValue(spec, a.value) !== undefined) i++
      continue
    }
    values.push(a.value)
  }
  return values
}

/** Names that extend what was typed (compared unquoted), quoted for the line. */
function filterNames(names: readonly string[], typed: string): string[] {
  return [...new Set(names)].filter((n) => n.startsWith(typed)).sort().map(quoteWord)
}

function filter(candidates: readonly string[], partialRaw: string): string[] {
  const unique = [...new Set(candidates)]
  return unique.filter((c) => c.startsWith(partialRaw)).sort()
}
