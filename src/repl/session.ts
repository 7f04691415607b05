import { isAbsolute, relative } from 'node:path'
import type { ChalkInstance } from 'chalk'
import { Broker } from '../broker/broker.js'
import { PREDECLARED_EXCHANGES } from '../core/predeclared.js'
import type { BrokerError, BrokerEvent } from '../broker/types.js'
import { clockText, formatEvents, MessageLabels } from '../report/broker-events.js'
import type { CompletionSource } from './completer.js'
import { findCommand, commandWords } from './command-table.js'
import { didYouMean } from '../topology/did-you-mean.js'
import { parseArgs, type ParsedArgs } from './parse-args.js'
import type { Prompter, ReplServices, ReplTopology } from './services.js'
import { tokenize } from './tokenize.js'
import { COMMAND_HANDLERS } from './handlers.js'
import { listFiles } from './file-names.js'
import { channelOf, DEFAULT_CHANNEL, PUBLISH_CHANNEL, REPL_CONNECTION } from './defaults.js'

/** What a command did: `ok` false counts as a failed command (exit 1 in script mode); `exit` ends the shell. */
export interface CommandResult {
  readonly ok: boolean
  readonly exit?: boolean
}

/** Everything a session needs from outside, passed in (no globals). */
export interface SessionOptions {
  readonly start: ReplTopology
  readonly services: ReplServices
  readonly chalk: ChalkInstance
  readonly cwd: string
  /** Writes one line of output (a newline is added). */
  readonly write: (line: string) => void
  /** A prompter when a person is at a terminal (TTY, not CI); undefined in script mode. */
  readonly prompter?: Prompter
}

/**
 * One REPL session: the loaded topology, a Broker over it, and how its results are shown. Both the
 * interactive shell and script mode drive `execute(line)`; the broker state lives in the Broker, not here.
 */
export class ReplSession {
  readonly c: ChalkInstance
  readonly services: ReplServices
  readonly cwd: string
  readonly prompter: Prompter | undefined
  private readonly writeLine: (line: string) => void
  private current: ReplTopology
  private brokerInstance: Broker
  private labelsInstance = new MessageLabels()
  /** The connection new channels open on (`connect`, `use`). */
  private connectionName: string = REPL_CONNECTION
  /** Consumers started with --verbose: their deliveries show the whole message. */
  private readonly verboseConsumers = new Set<string>()

  constructor(opts: SessionOptions) {
    this.c = opts.chalk
    this.services = opts.services
    this.cwd = opts.cwd
    this.prompter = opts.prompter
    this.writeLine = opts.write
    this.current = opts.start
    this.brokerInstance = this.newBroker(opts.start)
  }

  get broker(): Broker { return this.brokerInstance }
  get labels(): MessageLabels { return this.labelsInstance }
  get source(): ReplTopology { return this.current }

  /** The banner printed when the shell starts or a topology is loaded. */
  banner(): string {
    const t = this.current
    const where = t.demo ? 'the bundled demo topology' : t.file !== undefined ? shortPath(t.file, this.cwd) : t.name ?? 'an empty topology'
    const vh = t.topology.vhosts.get(t.vhost)
    const counts = vh ? `${count(vh.exchanges.size, 'exchange')}, ${count(vh.queues.size, 'queue')}, ${count(vh.bindings.length, 'binding')}` : 'empty'
    const line = `${this.c.bold('rmq-sim repl')}: ${where}, vhost ${JSON.stringify(t.vhost)}, RabbitMQ ${t.rules.label} rules (${counts}). Type ${this.c.cyan('help')}.`
    const partial = this.broker.queueStats().filter((q) => q.notSimulated.length > 0).map((q) => q.name)
    if (partial.length === 0) return line
    return `${line}\n${this.c.yellow('note')}: ${partial.length === 1 ? `queue ${partial[0]} has settings` : `${partial.length} queues have settings`} ` +
      'the simulation ignores (unknown queue types behave as classic; stream retention is not modelled); see `queues`.'
  }

  /** The prompt: vhost, and the simulated clock once it has moved. */
  prompt(): string {
    const now = this.broker.now
    const conn = this.connectionName === REPL_CONNECTION ? '' : ` ${this.c.magenta(`[${this.connectionName}]`)}`
    return `${this.c.bold('rmq-sim')} ${this.c.cyan(this.current.vhost)}${conn}${now ? ` ${this.c.dim(clockText(now))}` : ''}> `
  }

  /** Runs one line. Never throws: anything unexpected becomes one `error:` line. */
  async execute(line: string): Promise<CommandResult> {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return { ok: true }
    const t = tokenize(line)
    if (!t.ok) return { ok: this.fail(t.message) }
    const [first, ...rest] = t.tokens
    if (!first) return { ok: true }
    const spec = findCommand(first.value)
    if (!spec) {
      const guess = didYouMean(first.value, commandWords(), { prefix: true })
      return { ok: this.fail(`unknown command "${first.value}"${guess ? ` (did you mean ${guess}?)` : ''}; type help for the list`) }
    }
    if (spec.name === 'exit') return { ok: true, exit: true }
    const parsed = parseArgs(spec, rest)
    if (!parsed.ok) return { ok: this.fail(parsed.message) }
    const handler = COMMAND_HANDLERS.get(spec.name)
    if (!handler) return { ok: this.fail(`${spec.name}: not available`) }
    try {
      return { ok: await handler(this, parsed.args) }
    } catch (e) {
      // Header parsing and loading report bad input by throwing; anything else is a bug, shown without a stack.
      return { ok: this.fail(`${spec.name}: ${e instanceof Error ? e.message : String(e)}`) }
    }
  }

  /** Prints a line. */
  print(line = ''): void {
    this.writeLine(line)
  }

  /** Prints an error line and returns false (the command failed). */
  fail(message: string): false {
    this.writeLine(`${this.c.red('error:')} ${message}`)
    return false
  }

  /**
   * Prints a broker error (RabbitMQ's text) and returns false. A channel error also closes its channel, as
   * RabbitMQ does: that is said on a second line, with what it did to the channel's unacked messages.
   */
  brokerFail(error: BrokerError, events: readonly BrokerEvent[] = [], hint?: string): false {
    this.fail(`${error.message}${hint ? ` (${hint})` : ''}`)
    for (const e of events) {
      if (e.kind === 'channel-closed' && e.error?.message === error.message) {
        this.writeLine(this.c.yellow(`channel ${e.channel} closed by this error${e.requeued ? `; ${e.requeued} unacked requeued` : ''} (the next use opens it again)`))
      } else {
        this.printEvents([e])
      }
    }
    return false
  }

  /** Prints broker events, one line each. */
  printEvents(events: readonly BrokerEvent[]): void {
    const verbose = this.verboseConsumers
    const lines = formatEvents(events, this.c, this.labelsInstance, {
      defaultChannel: this.defaultChannel(), now: this.broker.now,
      ...(verbose.size > 0 ? { verboseDeliveries: (d: { consumerTag?: string }) => d.consumerTag !== undefined && verbose.has(d.consumerTag) } : {}),
    })
    for (const line of lines) this.writeLine(line)
  }

  /**
   * Opens `name` on the broker if it is not open, on the current connection (channels close on channel errors;
   * the next use reopens). An open channel of another connection is used as it is.
   */
  channel(name: string = this.defaultChannel()): string {
    if (!this.broker.channels().some((ch) => ch.name === name)) this.broker.openChannel(name, { connection: this.connectionName })
    return name
  }

  /** The current connection: new channels open on it. */
  get connection(): string { return this.connectionName }

  /** Makes `name` the current connection (the caller checks that it is open, or opens it). */
  useConnection(name: string): void {
    this.connectionName = name
  }

  /** The current connection's default channel for consume, get and acks (`ch1` on the default connection). */
  defaultChannel(): string { return channelOf(this.connectionName, DEFAULT_CHANNEL) }

  /** The current connection's default channel for publishes (`pub` on the default connection). */
  publishChannel(): string { return channelOf(this.connectionName, PUBLISH_CHANNEL) }

  /** Shows the whole message of this consumer's deliveries (`consume --verbose`). */
  setVerbose(consumerTag: string, on: boolean): void {
    if (on) this.verboseConsumers.add(consumerTag)
    else this.verboseConsumers.delete(consumerTag)
  }

  /** The queue names, for checks and completion. */
  queueNames(): string[] {
    return this.broker.queueStats().map((q) => q.name)
  }

  /** Exchange names of the live topology, the predeclared ones included ("" is the default exchange). */
  exchangeNames(): string[] {
    const vh = this.broker.topology().vhosts.get(this.current.vhost)
    const declared = vh ? [...vh.exchanges.keys()] : []
    return [...new Set([...PREDECLARED_EXCHANGES.filter((x) => !x.internal).map((x) => x.name), ...declared])]
  }

  /** Checks a queue exists before a call that RabbitMQ would answer with a channel-closing 404. */
  requireQueue(name: string): boolean {
    const names = this.queueNames()
    if (names.includes(name)) return true
    const guess = didYouMean(name, names)
    return this.fail(`no queue ${JSON.stringify(name)} in vhost ${JSON.stringify(this.current.vhost)}${guess ? ` (did you mean ${guess}?)` : ''}`)
  }

  /** Replaces the topology (load) or restarts from it (reset): a fresh broker, clock at 0. */
  replace(next: ReplTopology): void {
    this.current = next
    this.brokerInstance = this.newBroker(next)
    this.labelsInstance = new MessageLabels()
    this.connectionName = REPL_CONNECTION
    this.verboseConsumers.clear()
  }

  /** After `save` to a new file: later saves update that file. */
  savedTo(file: string): void {
    this.current = { ...this.current, file, format: 'yaml', demo: false }
  }

  /** Names the completer offers, read from the live broker. */
  completionSource(): CompletionSource {
    return {
      exchanges: () => this.exchangeNames(),
      queues: () => this.queueNames(),
      consumers: () => this.broker.consumers().map((k) => k.consumerTag),
      channels: () => this.broker.channels().map((ch) => ch.name),
      connections: () => this.broker.connections().map((c) => c.name),
      deliveryTags: () => [...new Set(this.broker.unacked().map((d) => String(d.deliveryTag)))],
      routingKeys: (exchange) => this.routingKeysFor(exchange),
      files: (partial) => listFiles(this.cwd, partial),
    }
  }

  /**
   * Keys a message could be published with to reach something: queue names for the default exchange, the
   * binding keys of a direct exchange, the wildcard-free binding keys of a topic exchange; none for fanout/headers.
   */
  private routingKeysFor(exchange: string): string[] {
    if (exchange === '') return this.queueNames()
    const vh = this.broker.topology().vhosts.get(this.current.vhost)
    const type = vh?.exchanges.get(exchange)?.type ?? PREDECLARED_EXCHANGES.find((x) => x.name === exchange)?.type
    if (type !== 'direct' && type !== 'topic') return []
    const keys = (vh?.bindings ?? []).filter((b) => b.source === exchange).map((b) => b.routingKey)
    return [...new Set(type === 'topic' ? keys.filter((k) => !k.split('.').some((w) => w === '*' || w === '#')) : keys)]
  }

  private newBroker(t: ReplTopology): Broker {
    return new Broker({ topology: t.topology, vhost: t.vhost, rules: t.rules, now: 0 })
  }
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** A path relative to cwd when it is inside it, else as given. */
function shortPath(file: string, cwd: string): string {
  const rel = relative(cwd, file)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file
}

/** A command's behaviour: prints its output through the session and says whether it succeeded. */
export type CommandHandler = (session: ReplSession, args: ParsedArgs) => boolean | Promise<boolean>
