import type { Severity } from '../topology/diagnostic.js'

/** One lint rule as SARIF and the docs describe it. */
export interface RuleInfo {
  /** The severity the rule reports with unless a finding says otherwise (version-dependent rules do). */
  readonly severity: Severity
  readonly description: string
}

const rule = (severity: Severity, description: string): RuleInfo => ({ severity, description })

/**
 * Every rule the linter reports, keyed by its stable id. The loader's own ids (yaml/*, schema/*, io/*, defs/*)
 * are listed too so that SARIF can describe every result. Sources: docs/reference/rabbitmq-semantics.md §2–3.
 */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map<string, RuleInfo>([
  // references
  ['ref/unknown-exchange', rule('error', 'A binding names an exchange that is not declared (and is not predeclared): RabbitMQ refuses the binding (404), and a definitions import silently skips it.')],
  ['ref/unknown-queue', rule('error', 'A binding names a queue that is not declared: RabbitMQ refuses the binding (404), and a definitions import silently skips it.')],
  ['duplicate/exchange', rule('warning', 'The same exchange is declared twice; the second declaration must be equivalent or RabbitMQ refuses it (406).')],
  ['duplicate/queue', rule('warning', 'The same queue is declared twice; the second declaration must be equivalent or RabbitMQ refuses it (406).')],
  ['duplicate/policy', rule('warning', 'The same policy is defined twice; the later definition replaces the earlier one.')],
  ['duplicate/vhost', rule('warning', 'The same vhost is described twice.')],
  ['duplicate/binding', rule('warning', 'The same binding (source, destination, key and arguments) is listed twice; RabbitMQ stores it once.')],
  // names
  ['name/reserved-amq-prefix', rule('error', 'Names starting with "amq." are reserved: declaring one is refused (403), and a definitions import silently creates nothing.')],
  ['name/too-long', rule('error', 'Names, routing keys and header names are AMQP short strings: at most 255 UTF-8 bytes (251 for quorum and stream queue names on vhost "/").')],
  // topic
  ['topic/literal-wildcard-char', rule('warning', '`*` and `#` are wildcards only as whole words; glued to text (`order*`) they are literal characters.')],
  ['topic/empty-word', rule('warning', 'A binding key with `..`, a leading or a trailing dot has empty words, which match only empty words of the routing key.')],
  ['topic/empty-binding-key', rule('warning', 'An empty binding key on a topic exchange matches only the empty routing key; `#` matches everything.')],
  ['topic/too-many-hash', rule('error', 'RabbitMQ 4.3.5 and later reject topic binding keys with more than two `#` words.')],
  // bindings
  ['binding/default-exchange', rule('error', 'Binding to or from the default exchange "" is not permitted (403).')],
  ['binding/wildcard-on-direct', rule('warning', 'A direct exchange compares keys byte for byte: `*` and `#` in its binding keys are not wildcards.')],
  ['binding/key-ignored-by-type', rule('warning', 'Fanout and headers exchanges ignore the routing key of their bindings.')],
  // headers
  ['headers/missing-x-match', rule('info', 'A headers binding without x-match uses x-match "all".')],
  ['headers/invalid-x-match', rule('error', 'x-match must be the string all, any, all-with-x or any-with-x: RabbitMQ refuses the binding (406).')],
  ['headers/any-never-matches', rule('warning', 'An x-match any binding with no condition left (only x- arguments, which are skipped) never matches.')],
  ['headers/all-matches-everything', rule('warning', 'An x-match all binding with no condition left matches every message.')],
  ['headers/x-arg-ignored', rule('warning', 'Binding arguments starting with x- are ignored unless x-match is all-with-x or any-with-x.')],
  // exchanges
  ['exchange/x-alternate-exchange', rule('warning', 'RabbitMQ reads the exchange argument `alternate-exchange` (no x- prefix): `x-alternate-exchange` is ignored.')],
  ['exchange/unsupported-type', rule('info', 'An exchange type the simulator cannot route (a plugin type): trace answers are partial there.')],
  ['exchange/invalid-arg-value', rule('error', 'An exchange argument with a value RabbitMQ refuses (406), e.g. a non-string alternate-exchange.')],
  ['exchange/no-bindings', rule('warning', 'An exchange without bindings and without an alternate exchange drops every message published to it.')],
  ['exchange/routes-nowhere', rule('warning', 'An exchange whose bindings lead only to exchanges that reach no queue, with no alternate exchange: every message is dropped.')],
  ['exchange/internal-unreachable', rule('warning', 'An internal exchange that no binding, alternate-exchange or dead-letter-exchange reaches: nothing can ever arrive there.')],
  ['ae/on-default-exchange', rule('error', 'The default exchange never uses an alternate exchange.')],
  ['ae/missing', rule('error', 'The alternate exchange does not exist: RabbitMQ accepts this and drops the unroutable messages.')],
  ['ae/type-may-drop', rule('warning', 'The alternate exchange cannot route every key it may receive, so some unroutable messages are still dropped.')],
  ['ae/cycle', rule('info', 'Alternate exchanges form a cycle: RabbitMQ stops at an exchange it has seen, so the cycle is safe but pointless.')],
  // queues
  ['queue/arg-unsupported-for-type', rule('error', 'A queue argument this queue type does not support: RabbitMQ refuses the declaration (406 invalid arg).')],
  ['queue/invalid-arg-value', rule('error', 'A queue argument with a type or value RabbitMQ refuses (rabbit_amqqueue declare_args).')],
  ['queue/dlrk-without-dlx', rule('error', 'x-dead-letter-routing-key without x-dead-letter-exchange is refused (routing_key_but_no_dlx_defined).')],
  ['queue/unknown-argument', rule('warning', 'A queue argument RabbitMQ does not know: it is accepted and silently ignored (often a typo).')],
  ['queue/transient-nonexclusive', rule('error', 'Transient (non-durable) non-exclusive queues are denied by default from RabbitMQ 4.3 (deprecated before).')],
  ['queue/unbound', rule('warning', 'A queue no exchange routes to: only the default exchange (publishing to the queue name) can reach it.')],
  ['qq/not-durable-exclusive-or-autodelete', rule('error', 'Quorum queues and streams must be durable, non-exclusive and not auto-delete.')],
  ['qq/delivery-limit-default', rule('warning', 'From RabbitMQ 4.0 a quorum queue without a delivery limit gets 20: a message returned 20 times is dropped (or dead-lettered), unlike 3.x.')],
  ['qq/reject-publish-dlx', rule('warning', 'Quorum queues do not support overflow reject-publish-dlx: they behave as drop-head.')],
  // dead-lettering
  ['dlx/missing-exchange', rule('error', 'The dead-letter exchange does not exist: dead-lettered messages are silently dropped.')],
  ['dlx/unroutable', rule('warning', 'The dead-letter exchange routes none of the routing keys the queue\'s dead letters carry: they are dropped.')],
  ['dlx/shared-without-rk', rule('info', 'Several queues dead-letter to one exchange with no x-dead-letter-routing-key, and their dead letters mix in one queue.')],
  ['ttl/head-of-line', rule('info', 'A delay queue with no x-message-ttl relies on per-message TTL, which a classic queue expires only at its head: a long delay in front holds back shorter ones.')],
  ['dlx/cycle-without-reject', rule('warning', 'A dead-letter loop made only of expiry or max-length deaths: RabbitMQ drops the message when it comes back to a queue (no rejection in between).')],
  // policies
  ['policy/equal-priority-overlap', rule('warning', 'Two policies with the same priority match the same object: RabbitMQ applies either one.')],
  ['policy/unanchored-pattern', rule('warning', 'A policy pattern is an unanchored regular expression: it matches every name that contains it.')],
  ['policy/unsupported-key-for-type', rule('warning', 'A policy key the objects it applies to cannot use.')],
  ['policy/invalid-pattern', rule('error', 'A policy pattern that is not a valid regular expression: RabbitMQ refuses the policy.')],
  ['policy/unknown-key', rule('warning', 'A policy definition key RabbitMQ does not know: it refuses the policy unless a plugin defines the key.')],
  ['policy/apply-to-unsupported', rule('error', 'apply-to classic_queues, quorum_queues and streams exist from RabbitMQ 3.12.')],
  ['lint/rabbitmq-version', rule('warning', 'The file names a RabbitMQ version rmq-sim does not implement; the default version\'s rules apply.')],
  ['lint/unused-disable-directive', rule('error', 'A `# rmq-sim-disable…` comment that suppresses nothing (reported with --report-unused-disable-directives).')],
  ['lint/unknown-directive-rule', rule('error', 'A `# rmq-sim-disable…` comment names a rule that does not exist.')],
  ['lint/internal-error', rule('error', 'A rule failed on this file (a bug in rmq-sim: please report it); the other files are still linted.')],
  // loader (described here so every result has a rule entry)
  ['yaml/syntax', rule('error', 'The file is not valid YAML.')],
  ['yaml/duplicate-key', rule('error', 'A key appears twice in the same mapping.')],
  ['yaml/alias-limit', rule('error', 'Too many YAML alias expansions (a "billion laughs" document).')],
  ['yaml/not-a-mapping', rule('error', 'The document is not a mapping.')],
  ['yaml/empty', rule('error', 'The file is empty.')],
  ['yaml/too-deep', rule('error', 'The document nests deeper than rmq-sim reads (a hostile or generated file).')],
  ['yaml/non-string-key', rule('warning', 'A mapping key that is not a string (a number, null, a boolean): it is read as its text.')],
  ['yaml/warning', rule('warning', 'A warning from the YAML parser (e.g. an unresolved tag).')],
  ['json', rule('error', 'The file is not valid JSON.')],
  ['schema', rule('error', 'The file does not follow the topology schema (schemas/topology.schema.json).')],
  ['io', rule('error', 'The file cannot be read.')],
  ['defs', rule('error', 'A problem in a RabbitMQ definitions export.')],
  ['defs/queue-type-field-ignored', rule('warning', 'A definitions export queue has a `type` field but no x-queue-type argument.')],
  ['schema/unsupported-version', rule('warning', 'The file names a RabbitMQ version rmq-sim does not implement; the default (or --rabbitmq) rules apply.')],
  ['defs/null-argument', rule('error', 'A null argument value: RabbitMQ\'s definitions import refuses null (null_not_allowed).')],
  ['defs/unsupported-version', rule('warning', 'The export names a RabbitMQ version rmq-sim does not implement; the default version\'s rules apply.')],
])

/** The catalogue entry of a rule id, falling back to its family (`schema/type` → `schema`). */
export function ruleInfo(id: string): RuleInfo | undefined {
  const own = RULES.get(id)
  if (own) return own
  const slash = id.indexOf('/')
  return slash > 0 ? RULES.get(id.slice(0, slash)) : undefined
}

/** Where a rule is documented, relative to the package root: `docs/lint-rules.md#<anchor>` (one anchor per rule). */
export function ruleDocPath(id: string): string {
  return `docs/lint-rules.md#${id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`
}
