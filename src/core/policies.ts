import type { AmqpTable } from './amqp-value.js'
import type { Policy, PolicyApplyTo, QueueType } from './model.js'
import { compilePolicyPattern, patternMatches, type CompiledPattern } from './policy-pattern.js'

export type PolicyTarget = 'exchange' | 'queue'

/** Whether a policy's apply-to covers an object of this kind (and queue type). */
export function appliesTo(applyTo: PolicyApplyTo, kind: PolicyTarget, queueType?: QueueType): boolean {
  switch (applyTo) {
    case 'all': return true
    case 'exchanges': return kind === 'exchange'
    case 'queues': return kind === 'queue'
    case 'classic_queues': return kind === 'queue' && (queueType ?? 'classic') === 'classic'
    case 'quorum_queues': return kind === 'queue' && queueType === 'quorum'
    case 'streams': return kind === 'queue' && queueType === 'stream'
  }
}

/**
 * Policy keys a queue type cannot use: a policy containing one is SKIPPED for that queue and the next
 * matching policy applies (rabbit_policy match with is_policy_applicable per queue type; observed on 3.10.8:
 * quorum queues skip queue-mode, ha-* and queue-master-locator, classic queues skip delivery-limit;
 * message-ttl and alternate-exchange never disqualify). The stream list is inferred from the arguments streams
 * reject (§3.7 of the reference notes), not observed.
 */
const NOT_APPLICABLE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['quorum', new Set(['max-priority', 'queue-mode', 'single-active-consumer', 'ha-mode', 'ha-params', 'ha-sync-mode',
    'ha-sync-batch-size', 'ha-promote-on-shutdown', 'ha-promote-on-failure', 'queue-master-locator', 'queue-version'])],
  ['classic', new Set(['delivery-limit', 'dead-letter-strategy', 'max-in-memory-length', 'max-in-memory-bytes', 'target-group-size'])],
  ['stream', new Set(['message-ttl', 'expires', 'max-length', 'overflow', 'dead-letter-exchange', 'dead-letter-routing-key',
    'delivery-limit', 'dead-letter-strategy', 'max-priority', 'queue-mode', 'single-active-consumer', 'ha-mode', 'ha-params',
    'ha-sync-mode', 'ha-sync-batch-size', 'ha-promote-on-shutdown', 'ha-promote-on-failure', 'queue-master-locator', 'queue-version'])],
])

/** The first policy key this queue type cannot use, or undefined. */
export function inapplicableKey(policy: Policy, queueType: QueueType): string | undefined {
  const bad = NOT_APPLICABLE.get(queueType)
  if (bad === undefined) return undefined
  for (const k of policy.definition.keys()) if (bad.has(k)) return k
  return undefined
}

/** A pattern that could not be translated to a faithful matcher (reported, the policy is left out). */
export interface PolicyPatternError { readonly policy: Policy; readonly message: string }

export interface EffectivePolicy {
  /** The policy RabbitMQ applies, if any. */
  readonly policy?: Policy
  /** Other matching policies with the same (highest) priority: RabbitMQ's choice among them is unspecified. */
  readonly tiedWith: readonly Policy[]
  /** Matching policies skipped because they contain a key this queue type cannot use. */
  readonly skipped: readonly { readonly policy: Policy; readonly key: string }[]
  /** Patterns that could not be evaluated faithfully. */
  readonly errors: readonly PolicyPatternError[]
}

/** Compiled policy patterns of one vhost, compiled once. */
export class PolicyIndex {
  private readonly compiled = new Map<Policy, CompiledPattern>()
  constructor(readonly policies: readonly Policy[]) {
    for (const p of policies) this.compiled.set(p, compilePolicyPattern(p.pattern))
  }

  /** The policy pattern's compiled form. */
  pattern(p: Policy): CompiledPattern {
    return this.compiled.get(p) ?? compilePolicyPattern(p.pattern)
  }

  /**
   * One policy per object: among the policies whose apply-to covers the object and whose pattern matches
   * the name (unanchored, on UTF-8 bytes), the highest priority wins; definitions are never merged. Ties
   * are reported (RabbitMQ's pick is unspecified) and resolved deterministically: the first in file order.
   */
  effective(kind: PolicyTarget, name: string, queueType?: QueueType): EffectivePolicy {
    let best: Policy | undefined
    let tied: Policy[] = []
    const skipped: { policy: Policy; key: string }[] = []
    const errors: PolicyPatternError[] = []
    for (const p of this.policies) {
      if (!appliesTo(p.applyTo, kind, queueType)) continue
      const c = this.pattern(p)
      if (!c.ok) {
        errors.push({ policy: p, message: c.message })
        continue
      }
      if (!patternMatches(c, name)) continue
      if (kind === 'queue') {
        const key = inapplicableKey(p, queueType ?? 'classic')
        if (key !== undefined) {
          skipped.push({ policy: p, key })
          continue
        }
      }
      if (best === undefined || p.priority > best.priority) {
        best = p
        tied = []
      } else if (p.priority === best.priority) tied.push(p)
    }
    return best === undefined ? { tiedWith: [], skipped, errors } : { policy: best, tiedWith: tied, skipped, errors }
  }
}

/** {@link PolicyIndex.effective} for a one-off question (compiles the patterns each call). */
export function effectivePolicy(policies: readonly Policy[], kind: PolicyTarget, name: string, queueType?: QueueType): EffectivePolicy {
  return new PolicyIndex(policies).effective(kind, name, queueType)
}

/** Where an effective queue setting came from. */
export type SettingSource = 'argument' | 'policy' | 'both'

export interface EffectiveSetting<T> { readonly value: T; readonly source: SettingSource }

/** The queue settings that shape delivery, resolved from arguments and the effective policy. */
export interface EffectiveQueueArgs {
  readonly messageTtl?: EffectiveSetting<number>
  readonly expires?: EffectiveSetting<number>
  readonly maxLength?: EffectiveSetting<number>
  readonly maxLengthBytes?: EffectiveSetting<number>
  readonly overflow?: EffectiveSetting<string>
  readonly deadLetterExchange?: EffectiveSetting<string>
  readonly deadLetterRoutingKey?: EffectiveSetting<string>
  readonly deliveryLimit?: EffectiveSetting<number>
}

const argNumber = (args: AmqpTable, key: string): number | undefined => {
  const v = args.get(key)
  if (v === undefined) return undefined
  if (v.type === 'longstr' || v.type === 'bool' || v.type === 'void' || v.type === 'array' || v.type === 'table') return undefined
  return v.value
}
const argString = (args: AmqpTable, key: string): string | undefined => {
  const v = args.get(key)
  return v?.type === 'longstr' ? v.value : undefined
}
const polNumber = (p: Policy | undefined, key: string): number | undefined => {
  const v = p?.definition.get(key)
  return typeof v === 'number' ? v : undefined
}
const polString = (p: Policy | undefined, key: string): string | undefined => {
  const v = p?.definition.get(key)
  return typeof v === 'string' ? v : undefined
}

function minOf(a: number | undefined, p: number | undefined): EffectiveSetting<number> | undefined {
  if (a === undefined && p === undefined) return undefined
  if (a === undefined) return { value: p!, source: 'policy' }
  if (p === undefined) return { value: a, source: 'argument' }
  return a === p ? { value: a, source: 'both' } : a < p ? { value: a, source: 'argument' } : { value: p, source: 'policy' }
}
function argWins<T>(a: T | undefined, p: T | undefined): EffectiveSetting<T> | undefined {
  if (a !== undefined) return { value: a, source: 'argument' }
  if (p !== undefined) return { value: p, source: 'policy' }
  return undefined
}
function policyWins<T>(a: T | undefined, p: T | undefined): EffectiveSetting<T> | undefined {
  if (p !== undefined) return { value: p, source: 'policy' }
  if (a !== undefined) return { value: a, source: 'argument' }
  return undefined
}

/**
 * Effective queue settings. Classic queues (rabbit_amqqueue_process:process_args_policy/1): expires,
 * message-ttl, max-length, max-length-bytes = min(policy, argument); dead-letter-exchange,
 * dead-letter-routing-key and overflow = the argument when set. Quorum queues
 * (rabbit_quorum_queue:gather_policy_config/2): the same minimums, but overflow follows the policy;
 * delivery-limit = min. Other types: arguments first.
 */
export function effectiveQueueArgs(queueType: QueueType, args: AmqpTable, policy: Policy | undefined): EffectiveQueueArgs {
  const quorum = queueType === 'quorum'
  const out: { -readonly [K in keyof EffectiveQueueArgs]: EffectiveQueueArgs[K] } = {}
  const set = <K extends keyof EffectiveQueueArgs>(k: K, v: EffectiveQueueArgs[K]): void => { if (v !== undefined) out[k] = v }
  set('messageTtl', minOf(argNumber(args, 'x-message-ttl'), polNumber(policy, 'message-ttl')))
  set('expires', minOf(argNumber(args, 'x-expires'), polNumber(policy, 'expires')))
  set('maxLength', minOf(argNumber(args, 'x-max-length'), polNumber(policy, 'max-length')))
  set('maxLengthBytes', minOf(argNumber(args, 'x-max-length-bytes'), polNumber(policy, 'max-length-bytes')))
  const ovA = argString(args, 'x-overflow')
  const ovP = polString(policy, 'overflow')
  set('overflow', quorum ? policyWins(ovA, ovP) : argWins(ovA, ovP))
  set('deadLetterExchange', argWins(argString(args, 'x-dead-letter-exchange'), polString(policy, 'dead-letter-exchange')))
  set('deadLetterRoutingKey', argWins(argString(args, 'x-dead-letter-routing-key'), polString(policy, 'dead-letter-routing-key')))
  if (quorum) set('deliveryLimit', minOf(argNumber(args, 'x-delivery-limit'), polNumber(policy, 'delivery-limit')))
  return out
}
