import type { CommandSpec, OptionSpec } from './command-spec.js'
import { GRAPH_SPEC } from './commands/graph.js'

const channelOption: OptionSpec = {
  name: 'channel', takes: 'value', valueName: 'channel', kind: 'channel',
  description: 'channel to use (default: ch1, or <connection>/ch1 after connect; opened on first use)',
}
/** Publishes have a channel of their own, so that a 404/403 publish does not close the consumers' channel. */
const publishChannelOption: OptionSpec = {
  ...channelOption, description: 'channel to use (default: pub, or <connection>/pub after connect; opened on first use)',
}
const argOption: OptionSpec = {
  name: 'arg', alias: 'a', takes: 'repeat', valueName: 'name[:type]=value', kind: 'argument',
  description: 'argument; a whole number is a long, anything else a string, unless :type says (e.g. x-match=any, x-max-length=5, flag:bool=true)',
}

/** Message headers, typed as in `rmq-sim trace` (publish, trace, explain). */
const headerOptions: readonly OptionSpec[] = [
  { name: 'header', alias: 'H', takes: 'repeat', valueName: 'name[:type]=value', description: 'message header (repeatable)' },
  { name: 'headers', takes: 'value', valueName: 'json', description: 'headers as a JSON object in the typed encoding' },
]

/** Extra routing keys, sent as the CC and BCC headers (publish, trace). */
const routingKeyOptions: readonly OptionSpec[] = [
  { name: 'cc', takes: 'repeat', valueName: 'key', kind: 'routing-key', description: 'CC routing key (repeatable)' },
  { name: 'bcc', takes: 'repeat', valueName: 'key', kind: 'routing-key', description: 'BCC routing key (repeatable)' },
]

/**
 * Every REPL command's grammar and help, in the order `help` lists them. Names are short and
 * discoverable; what each does lives in commands.ts.
 */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'publish', aliases: ['pub'],
    summary: 'publish a message to an exchange and show where it went',
    usage: 'publish <exchange> [routing-key] [-H name[:type]=value]... [--body text] [--mandatory] [...]',
    details: [
      '"" is the default exchange (the key names a queue) and the empty key. Headers are typed as in `rmq-sim trace`:',
      'name=value is a string; name:int=1, :long, :signedint, :double=1.0, :float, :bool=true, :timestamp=..., :void, :array=["a",1].',
      'In a terminal, `publish` with no arguments asks for the exchange, then the key (or headers for a headers exchange).',
    ],
    examples: ['publish shop order.created.eu --body \'{"id":1}\'', 'publish docs "" -H format=pdf -H pages:int=3', 'publish billing payment --mandatory --expiration 5000', 'publish notify "" --count 3'],
    // The exchange is optional here only so that a bare `publish` can ask for it (publishCommand checks it).
    positionals: [
      { name: 'exchange', kind: 'exchange', required: false },
      { name: 'routing-key', kind: 'routing-key', required: false },
    ],
    options: [
      ...headerOptions,
      { name: 'body', alias: 'b', takes: 'value', valueName: 'text', description: 'message body (default: empty)' },
      { name: 'body-size', takes: 'value', valueName: 'bytes', description: 'a body of this many bytes ("x" repeated), for x-max-length-bytes' },
      { name: 'expiration', takes: 'value', valueName: 'ms', description: 'per-message TTL in milliseconds (the expiration property)' },
      { name: 'priority', takes: 'value', valueName: '0-255', description: 'priority property' },
      { name: 'mandatory', alias: 'm', description: 'return the message (basic.return 312 NO_ROUTE) when no queue gets it' },
      { name: 'message-id', takes: 'value', valueName: 'id', description: 'message-id property (default: none; shown as m<n>)' },
      { name: 'persistent', description: 'delivery-mode 2' },
      ...routingKeyOptions,
      { name: 'count', alias: 'n', takes: 'value', valueName: 'n', description: 'publish n identical messages (default: 1)' },
      publishChannelOption,
    ],
  },
  {
    name: 'consume', aliases: ['sub'],
    summary: 'start a consumer on a queue (deliveries are shown as they happen)',
    usage: 'consume <queue> [--tag name] [--prefetch n] [--auto-ack] [--verbose] [--channel ch] [--offset first|last|next|n|1h|@seconds]',
    details: [
      'Consumers of one queue share its messages round-robin among those with room under their prefetch.',
      'Streams need --prefetch; --offset (x-stream-offset) says where to start reading: first, last, next (default),',
      'an offset number, an age such as 1h, or @seconds for a timestamp.',
    ],
    examples: ['consume orders.all --tag c1 --prefetch 1', 'consume email --auto-ack', 'consume dead-letters --verbose', 'consume events --prefetch 10 --offset first'],
    positionals: [{ name: 'queue', kind: 'queue', required: true }],
    options: [
      { name: 'tag', alias: 't', takes: 'value', valueName: 'name', description: 'consumer tag (default: c1, c2, ...)' },
      { name: 'prefetch', alias: 'p', takes: 'value', valueName: 'n', description: 'most unacked deliveries at once (0 = unlimited; default 0)' },
      { name: 'auto-ack', description: 'no acks: messages count as delivered when sent' },
      { name: 'priority', takes: 'value', valueName: 'n', description: 'consumer priority (x-priority)' },
      { name: 'exclusive', description: 'exclusive consumer' },
      { name: 'offset', takes: 'value', valueName: 'spec', description: 'streams: where to start (x-stream-offset)' },
      { name: 'verbose', alias: 'v', description: 'show each delivery in full: body, properties, headers (x-delivery-count, x-death)' },
      channelOption,
    ],
  },
  {
    name: 'cancel', summary: 'cancel a consumer (its unacked deliveries stay on the channel until acked or closed)',
    usage: 'cancel <consumer-tag>', examples: ['cancel c1'],
    details: ['As in RabbitMQ, basic.cancel does not requeue: ack or nack the deliveries, or `close` the channel to requeue them.'],
    positionals: [{ name: 'consumer-tag', kind: 'consumer', required: true }], options: [],
  },
  {
    name: 'get', summary: 'fetch one message from a queue (basic.get)',
    usage: 'get <queue> [--auto-ack] [--channel ch]', examples: ['get payments', 'get dead-letters --auto-ack'],
    positionals: [{ name: 'queue', kind: 'queue', required: true }],
    options: [{ name: 'auto-ack', description: 'no ack needed (no-ack get)' }, channelOption],
  },
  {
    name: 'ack', summary: 'acknowledge a delivery',
    usage: 'ack <delivery-tag> [--multiple] [--channel ch]',
    details: ['--multiple acks every outstanding delivery up to the tag; `ack 0 --multiple` acks all of them.',
      'A tag the channel does not hold (a second ack of the same delivery) is what RabbitMQ answers with',
      '406 PRECONDITION_FAILED - unknown delivery tag: the channel closes and its other unacked messages are requeued.'],
    examples: ['ack 1', 'ack 3 --multiple'],
    positionals: [{ name: 'delivery-tag', kind: 'delivery-tag', required: true }],
    options: [{ name: 'multiple', description: 'also every earlier outstanding delivery on the channel' }, channelOption],
  },
  {
    name: 'nack', summary: 'negatively acknowledge: requeue (default) or dead-letter/drop',
    usage: 'nack <delivery-tag> [--multiple] [--no-requeue] [--channel ch]',
    details: ['Requeued messages go back to the head of the queue in publish order, marked redelivered.',
      'Without requeue they are dead-lettered (reason rejected) when the queue has a dead-letter exchange, else dropped.'],
    examples: ['nack 1', 'nack 2 --multiple --no-requeue'],
    positionals: [{ name: 'delivery-tag', kind: 'delivery-tag', required: true }],
    options: [
      { name: 'multiple', description: 'also every earlier outstanding delivery on the channel' },
      { name: 'requeue', negatable: true, description: 'put the message back in the queue (default; --no-requeue to dead-letter)' },
      channelOption,
    ],
  },
  {
    name: 'reject', summary: 'reject one delivery: requeue (default) or dead-letter/drop',
    usage: 'reject <delivery-tag> [--no-requeue] [--channel ch]', examples: ['reject 1 --no-requeue'],
    positionals: [{ name: 'delivery-tag', kind: 'delivery-tag', required: true }],
    options: [{ name: 'requeue', negatable: true, description: 'put the message back (default; --no-requeue to dead-letter)' }, channelOption],
  },
  {
    name: 'close', summary: 'close a channel (its consumers stop, its unacked messages are requeued) or a connection',
    usage: 'close [channel] | close --connection <name>', examples: ['close', 'close ch2', 'close --connection c2'],
    details: ['Closing a connection closes all its channels, then deletes the exclusive queues it declared.'],
    positionals: [{ name: 'channel', kind: 'channel', required: false }],
    options: [{ name: 'connection', alias: 'C', takes: 'value', valueName: 'name', kind: 'connection', description: 'close this connection instead' }],
  },
  {
    name: 'connect', summary: 'open another client connection and use it (new channels open on it)',
    usage: 'connect [name]', examples: ['connect c2', 'connect'],
    details: [
      'The shell starts on connection "default" (channels ch1 and pub). On another connection the default channels',
      'are <name>/ch1 and <name>/pub. An exclusive queue belongs to the connection that declared it: other',
      'connections get 405 RESOURCE_LOCKED on get, consume and declare; closing its connection deletes it.',
    ],
    positionals: [{ name: 'name', kind: 'text', required: false }], options: [],
  },
  {
    name: 'use', summary: 'switch to an open connection', usage: 'use <connection>', examples: ['use c2', 'use default'],
    positionals: [{ name: 'connection', kind: 'connection', required: true }], options: [],
  },
  {
    name: 'connections', summary: 'list connections with their channels and exclusive queues', usage: 'connections', examples: ['connections'],
    positionals: [], options: [],
  },
  {
    name: 'tick', summary: 'advance the simulated clock (message TTLs, queue expiry)',
    usage: 'tick <duration>', details: ['Durations: 500ms, 30s, 2m, 1h, 1m30s; a bare number is milliseconds.'],
    examples: ['tick 30s', 'tick 500ms', 'tick 2m'],
    positionals: [{ name: 'duration', kind: 'duration', required: true }], options: [],
  },
  {
    name: 'queues', aliases: ['q'], summary: 'list queues: messages, ready, unacked, consumers',
    usage: 'queues [--json]', examples: ['queues'], positionals: [],
    options: [{ name: 'json', description: 'one JSON object per queue' }],
  },
  {
    name: 'inspect', summary: 'show the messages waiting in a queue, headers and x-death included',
    usage: 'inspect <queue> [--limit n | --all]', examples: ['inspect dead-letters', 'inspect payments --limit 3'],
    positionals: [{ name: 'queue', kind: 'queue', required: true }],
    options: [
      { name: 'limit', alias: 'l', takes: 'value', valueName: 'n', description: 'show at most n ready and n unacked messages (default 20)' },
      { name: 'all', description: 'show every message' },
    ],
  },
  {
    name: 'consumers', summary: 'list consumers with their queue, channel, prefetch and unacked deliveries',
    usage: 'consumers', examples: ['consumers'], positionals: [], options: [],
  },
  {
    name: 'exchanges', summary: 'list exchanges (declared and predeclared)', usage: 'exchanges [--all]', examples: ['exchanges', 'exchanges --all'],
    positionals: [], options: [{ name: 'all', description: 'also list the predeclared amq.* exchanges' }],
  },
  {
    name: 'bindings', summary: 'list bindings, optionally of one exchange', usage: 'bindings [exchange]', examples: ['bindings', 'bindings shop'],
    positionals: [{ name: 'exchange', kind: 'exchange', required: false }], options: [],
  },
  {
    name: 'declare', summary: 'declare an exchange or a queue (redeclaring differently is 406 PRECONDITION_FAILED)',
    usage: 'declare exchange <name> <type> [--arg k=v]... | declare queue <name> [--arg k=v]...',
    examples: ['declare exchange audit fanout', 'declare queue retry --arg x-message-ttl=5000 --arg x-dead-letter-exchange=shop'],
    positionals: [
      { name: 'exchange|queue', kind: 'entity-kind', required: true, choices: ['exchange', 'queue'] },
      { name: 'name', kind: 'text', required: true },
      { name: 'type', kind: 'exchange-type', required: false },
    ],
    options: [
      argOption,
      { name: 'durable', negatable: true, description: 'survives a broker restart (default: durable; --no-durable)' },
      { name: 'auto-delete', description: 'deleted when its last consumer/binding goes' },
      { name: 'internal', description: 'exchange only: clients cannot publish to it' },
      { name: 'exclusive', description: 'queue only: exclusive to this connection' },
    ],
  },
  {
    name: 'delete', summary: 'delete an exchange or a queue',
    usage: 'delete exchange|queue <name> [--if-unused] [--if-empty]', examples: ['delete queue sms', 'delete exchange notify --if-unused'],
    positionals: [
      { name: 'exchange|queue', kind: 'entity-kind', required: true, choices: ['exchange', 'queue'] },
      { name: 'name', kind: 'destination', required: true },
    ],
    options: [{ name: 'if-unused', description: 'only when unused' }, { name: 'if-empty', description: 'queue only: only when empty' }],
  },
  {
    name: 'bind', summary: 'bind a queue (or an exchange) to an exchange',
    usage: 'bind <exchange> <queue|exchange> [binding-key] [--arg k=v]... [--to-exchange]',
    details: ['The destination is a queue unless only an exchange has that name, or --to-exchange is given.'],
    examples: ['bind shop orders.eu "order.*.de"', 'bind docs docs.pdf --arg x-match=any --arg format=pdf', 'bind shop notify "order.#" --to-exchange'],
    positionals: [
      { name: 'exchange', kind: 'exchange', required: true },
      { name: 'destination', kind: 'destination', required: true },
      { name: 'binding-key', kind: 'routing-key', required: false },
    ],
    options: [argOption, { name: 'to-exchange', description: 'the destination is an exchange' }],
  },
  {
    name: 'unbind', summary: 'remove a binding',
    usage: 'unbind <exchange> <queue|exchange> [binding-key] [--arg k=v]... [--to-exchange]',
    examples: ['unbind shop orders.eu "order.*.eu"'],
    positionals: [
      { name: 'exchange', kind: 'exchange', required: true },
      { name: 'destination', kind: 'destination', required: true },
      { name: 'binding-key', kind: 'routing-key', required: false },
    ],
    options: [argOption, { name: 'to-exchange', description: 'the destination is an exchange' }],
  },
  {
    name: 'purge', summary: 'remove every ready message from a queue', usage: 'purge <queue>', examples: ['purge dead-letters'],
    positionals: [{ name: 'queue', kind: 'queue', required: true }], options: [],
  },
  {
    name: 'trace', summary: 'show the route a message would take (no message is published)',
    usage: 'trace <exchange> [routing-key] [-H name[:type]=value]... [--cc key]... [--bcc key]... [--mandatory] [--verbose]',
    examples: ['trace shop order.created.eu', 'trace docs "" -H format=pdf --verbose'],
    positionals: [{ name: 'exchange', kind: 'exchange', required: true }, { name: 'routing-key', kind: 'routing-key', required: false }],
    options: [
      ...headerOptions,
      ...routingKeyOptions,
      { name: 'mandatory', description: 'show the basic.return verdict when unroutable' },
      { name: 'verbose', alias: 'v', description: 'also the bindings that did not match, and why' },
    ],
  },
  {
    name: 'explain', summary: 'explain a topic match word by word, or every binding of an exchange',
    usage: 'explain <pattern> <routing-key> | explain <exchange> [routing-key] [-H name=value]...',
    examples: ['explain "order.#.eu" order.eu', 'explain shop order.created.us'],
    positionals: [{ name: 'pattern|exchange', kind: 'exchange', required: true }, { name: 'routing-key', kind: 'routing-key', required: false }],
    options: [
      ...headerOptions,
      { name: 'pattern', description: 'read the first word as a topic pattern even if an exchange has that name' },
    ],
  },
  GRAPH_SPEC,
  {
    name: 'save', summary: 'write the current topology as YAML',
    usage: 'save [file] [--force]',
    details: ['Without a file, updates the YAML file it was loaded from, keeping its comments where it can.',
      'Never overwrites another existing file without --force. The write is atomic (temporary file + rename).'],
    examples: ['save', 'save my-topology.yaml', 'save my-topology.yaml --force'],
    positionals: [{ name: 'file', kind: 'file', required: false }],
    options: [{ name: 'force', alias: 'f', description: 'overwrite an existing file' }],
  },
  {
    name: 'load', summary: 'load another topology file (the broker starts empty)',
    usage: 'load <file> [--vhost v]', examples: ['load samples/orders-service.yaml'],
    positionals: [{ name: 'file', kind: 'file', required: true }],
    options: [{ name: 'vhost', takes: 'value', valueName: 'vhost', description: 'virtual host to simulate' }],
  },
  {
    name: 'reset', summary: 'reload the topology: every message, consumer and change is discarded', usage: 'reset', examples: ['reset'],
    positionals: [], options: [],
  },
  {
    name: 'help', aliases: ['?'], summary: 'list commands, or show one command\'s usage and examples',
    usage: 'help [command]', examples: ['help', 'help publish'],
    positionals: [{ name: 'command', kind: 'command', required: false }], options: [],
  },
  {
    name: 'exit', aliases: ['quit', '.exit'], summary: 'leave the REPL (also Ctrl-D)', usage: 'exit', examples: ['exit'],
    positionals: [], options: [],
  },
]

/** The spec for a command name or alias. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((c) => c.name === name || (c.aliases ?? []).includes(name))
}

/** Every name and alias a user can type first. */
export function commandWords(): string[] {
  return COMMAND_SPECS.flatMap((c) => [c.name, ...(c.aliases ?? [])])
}
