import type { Policy } from '../../core/model.js'
import type { VhostContext } from '../context.js'
import { patternMatches } from '../../core/policy-pattern.js'
import { inapplicableKey } from '../../core/policies.js'
import type { Report } from '../types.js'
import { didYouMean, q } from '../did-you-mean.js'

const HA_KEYS = ['ha-mode', 'ha-params', 'ha-sync-mode', 'ha-sync-batch-size', 'ha-promote-on-shutdown', 'ha-promote-on-failure']
const EXCHANGE_KEYS = new Set(['alternate-exchange', 'federation-upstream', 'federation-upstream-set'])
const QUEUE_KEYS = new Set(['dead-letter-exchange', 'dead-letter-routing-key', 'dead-letter-strategy', 'message-ttl', 'expires',
  'max-length', 'max-length-bytes', 'max-in-memory-length', 'max-in-memory-bytes', 'delivery-limit', 'overflow', 'queue-mode',
  'queue-version', 'queue-master-locator', 'queue-leader-locator', 'max-age', 'stream-max-segment-size-bytes',
  'initial-cluster-size', 'target-group-size', 'max-priority', 'consumer-timeout', 'stream-filter-size-bytes',
  'federation-upstream', 'federation-upstream-set', ...HA_KEYS])
const KNOWN_KEYS = new Set([...EXCHANGE_KEYS, ...QUEUE_KEYS])

const TYPE_OF_APPLY_TO: ReadonlyMap<string, string> = new Map([['classic_queues', 'classic'], ['quorum_queues', 'quorum'], ['streams', 'stream']])
const defPath = (p: Policy, key: string) => [...(p.path ?? []), 'definition', key]

/** Policies as rabbit_policy validates and applies them: one per object, by priority, unanchored PCRE patterns. */
export function checkPolicies(ctx: VhostContext, report: Report): void {
  for (const p of ctx.vhost.policies) checkPolicy(ctx, report, p)
  checkEqualPriorityOverlap(ctx, report)
}

function checkPolicy(ctx: VhostContext, report: Report, p: Policy): void {
  const compiled = ctx.policies.pattern(p)
  const test = (name: string): boolean => compiled.ok && patternMatches(compiled, name)
  if (!compiled.ok) {
    const invalid = /invalid regular expression/.test(compiled.message)
    report({
      rule: 'policy/invalid-pattern',
      severity: invalid ? 'error' : 'warning',
      message: invalid
        ? `policy ${q(p.name)}: pattern ${q(p.pattern)} is not a valid regular expression (${compiled.message.split(': ').pop()}): RabbitMQ refuses the policy`
        : `${compiled.message}: the simulator ignores policy ${q(p.name)}`,
      path: [...(p.path ?? []), 'pattern'],
    })
  } else {
    const body = p.pattern.replace(/^\(\?[a-zA-Z]+\)/, '')
    if (!body.startsWith('^') && !body.startsWith('\\A') && !['', '.*', '.+', '.*?'].includes(body)) {
      const examples = [...ctx.vhost.queues.keys(), ...ctx.vhost.exchanges.keys()].filter((n) => n !== body && test(n)).slice(0, 3)
      report({
        rule: 'policy/unanchored-pattern',
        message: `policy ${q(p.name)}: pattern ${q(p.pattern)} is unanchored, so it matches every name containing it${examples.length ? ` (here also ${examples.map(q).join(', ')})` : ''}`,
        hint: `anchor it: '^${body}$' for one name, '^${body}' for a prefix`,
        path: [...(p.path ?? []), 'pattern'],
      })
    }
  }
  if (TYPE_OF_APPLY_TO.has(p.applyTo) && !ctx.rules.policyApplyToQueueTypes) {
    report({ rule: 'policy/apply-to-unsupported', message: `policy ${q(p.name)}: apply-to ${p.applyTo} exists from RabbitMQ 3.12 (rules: ${ctx.rules.label})`, hint: "use apply-to: queues", path: [...(p.path ?? []), 'apply-to'] })
  }
  const onlyType = TYPE_OF_APPLY_TO.get(p.applyTo)
  for (const key of p.definition.keys()) {
    if (!KNOWN_KEYS.has(key)) {
      const guess = didYouMean(key, KNOWN_KEYS)
      report({ rule: 'policy/unknown-key', severity: 'warning', message: `policy ${q(p.name)}: unknown key ${q(key)}${guess ? ` (did you mean '${guess}'?)` : ''}: RabbitMQ refuses it unless a plugin defines it`, path: defPath(p, key) })
      continue
    }
    if (HA_KEYS.includes(key) && !ctx.rules.classicMirroring) {
      report({ rule: 'policy/unsupported-key-for-type', severity: 'error', message: `policy ${q(p.name)}: ${key} belongs to classic queue mirroring, removed in RabbitMQ 4.0`, hint: 'use quorum queues for replication', path: defPath(p, key) })
      continue
    }
    if (p.applyTo === 'exchanges' && !EXCHANGE_KEYS.has(key)) {
      report({ rule: 'policy/unsupported-key-for-type', message: `policy ${q(p.name)}: ${key} is a queue key, but the policy applies to exchanges only: it is never used`, hint: 'move it to a policy with apply-to: queues', path: defPath(p, key) })
    } else if (p.applyTo !== 'exchanges' && p.applyTo !== 'all' && !QUEUE_KEYS.has(key)) {
      report({ rule: 'policy/unsupported-key-for-type', message: `policy ${q(p.name)}: ${key} is an exchange key, but the policy applies to ${p.applyTo} only: it is never used`, hint: 'move it to a policy with apply-to: exchanges', path: defPath(p, key) })
    }
  }
  const typeKey = onlyType ? inapplicableKey(p, onlyType) : undefined
  if (onlyType && typeKey !== undefined && !(HA_KEYS.includes(typeKey) && !ctx.rules.classicMirroring)) {
    report({ rule: 'policy/unsupported-key-for-type', message: `policy ${q(p.name)}: ${onlyType} queues cannot use ${typeKey}, so RabbitMQ skips this whole policy for them`, path: defPath(p, typeKey) })
  }
  // apply-to all/queues: a queue whose type cannot use a key skips the whole policy (rabbit_policy match, is_applicable)
  if (compiled.ok && !onlyType && p.applyTo !== 'exchanges') {
    const reported = new Set<string>()
    for (const queue of ctx.vhost.queues.values()) {
      if (reported.has(queue.type)) continue
      const key = inapplicableKey(p, queue.type)
      if (key === undefined || (HA_KEYS.includes(key) && !ctx.rules.classicMirroring) || !test(queue.name)) continue
      reported.add(queue.type)
      report({
        rule: 'policy/unsupported-key-for-type',
        message: `policy ${q(p.name)}: ${queue.type} queue ${q(queue.name)} matches, but ${queue.type} queues do not support ${key}, so RabbitMQ skips this whole policy for it (and applies the next matching one)`,
        hint: `split the policy, or use apply-to: ${queue.type === 'classic' ? 'classic_queues' : queue.type === 'quorum' ? 'quorum_queues' : 'streams'} for type-specific keys`,
        path: defPath(p, key),
      })
    }
  }
}

/**
 * policy/equal-priority-overlap: rabbit_policy sorts by priority with `>=`, so among policies of equal priority that
 * match the same object either may win. Reported once per pair, with one object both match.
 */
function checkEqualPriorityOverlap(ctx: VhostContext, report: Report): void {
  const priorities = ctx.vhost.policies.map((p) => p.priority)
  if (new Set(priorities).size === priorities.length) return
  const pairs = new Set<string>()
  const visit = (kind: 'exchange' | 'queue', name: string, type?: string): void => {
    const eff = ctx.policies.effective(kind, name, type)
    if (!eff.policy) return
    for (const other of eff.tiedWith) {
      const a = eff.policy, b = other
      const pair = `${a.name}\u0000${b.name}`
      if (pairs.has(pair)) continue
      pairs.add(pair)
      report({
        rule: 'policy/equal-priority-overlap',
        message: `policies ${q(a.name)} and ${q(b.name)} both have priority ${a.priority} and both match ${kind} ${q(name)}: RabbitMQ applies either one (definitions are never merged)`,
        hint: 'give one of them a higher priority, or make the patterns disjoint',
        path: [...(b.path ?? []), 'priority'],
      })
    }
  }
  for (const x of ctx.vhost.exchanges.keys()) visit('exchange', x)
  for (const qu of ctx.vhost.queues.values()) visit('queue', qu.name, qu.type)
}
