/**
 * RabbitMQ version differences that change routing or delivery, as data (never scattered `if version`).
 * Sources: docs/reference/rabbitmq-semantics.md §3.10 and the files cited per field.
 */
export interface RabbitVersion { readonly major: number; readonly minor: number; readonly patch: number }

export interface VersionRules {
  readonly version: RabbitVersion
  /** The version as the user should read it, e.g. "3.10" or "4.3.5". */
  readonly label: string
  /**
   * Headers exchange value comparison. `erlang-eq`: `==`, 1 == 1.0 (3.10–3.12, sorted merge in
   * rabbit_exchange_type_headers.erl). `exact`: `=:=` after dropping the type tag (3.13+, message containers).
   */
  readonly headersEquality: 'erlang-eq' | 'exact'
  /** 3.13+: mc_amqpl:routing_value(timestamp, V) -> V*1000 for message headers (not binding args). */
  readonly headersTimestampToMs: boolean
  /** Max `#` words in a topic binding key (rabbit_exchange_type_topic validate_binding, 4.3.5+); null = no limit. */
  readonly maxTopicHashWords: number | null
  /** Exchange types built into the broker (rabbit_exchange_type_*.erl). */
  readonly builtinExchangeTypes: ReadonlySet<string>
  /** Quorum queue default x-delivery-limit (?DEFAULT_DELIVERY_LIMIT, 4.0+); null = unlimited. */
  readonly quorumDefaultDeliveryLimit: number | null
  /** Quorum queue message priorities: none (≤3.13), two buckets (4.0–4.2), strict 0–31 (4.3+). */
  readonly quorumPriorities: 'none' | 'two-levels' | 'strict-32'
  /**
   * Quorum basic.get carries x-delivery-count even on a first delivery (value 0) up to 3.11; from 3.12 only once the
   * message was returned (rabbit_fifo_client:add_delivery_count_header, `Count > 0` from 3.12).
   */
  readonly quorumGetDeliveryCountZero: boolean
  /** Quorum single active consumer follows consumer priorities (rabbit_fifo activate_next_consumer, 4.0+). */
  readonly quorumSingleActivePriority: boolean
  /** 4.3 denies transient non-exclusive queues by default (deprecation_phase denied_by_default). */
  readonly transientNonExclusiveQueuesDenied: boolean
  /** The dead-letter cycle check reads the client-visible x-death header (≤ 3.13) or only annotations (4.x). */
  readonly clientXDeathInterpreted: boolean
  /** Classic queue mirroring (ha-* policy keys) exists (≤ 3.13). */
  readonly classicMirroring: boolean
  /** apply-to classic_queues / quorum_queues / streams accepted by policies (3.12+). */
  readonly policyApplyToQueueTypes: boolean
  /** 3.10 writes no x-last-death-* headers; later versions do. */
  readonly xLastDeathHeaders: boolean
}

export const SUPPORTED_VERSIONS = ['3.10', '3.11', '3.12', '3.13', '4.0', '4.1', '4.2', '4.3'] as const

/** The newest version whose rules are implemented: the default when nothing else names one. */
export const DEFAULT_VERSION = '4.3.5'

export type VersionParse = { ok: true; version: RabbitVersion } | { ok: false; message: string }

/** Parses `major.minor[.patch]` (a leading `v` and a `-suffix` are tolerated: exports say "3.10.8"). */
export function parseVersion(text: string): VersionParse {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim())
  if (!m) return { ok: false, message: `invalid RabbitMQ version "${text}": expected major.minor[.patch], e.g. 3.13 or 4.3.5` }
  const version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) }
  if (compareVersions(version, { major: 3, minor: 10, patch: 0 }) < 0 || version.major > 4) {
    return { ok: false, message: `RabbitMQ ${text} is not supported: rmq-sim implements ${SUPPORTED_VERSIONS[0]} to ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]}.x` }
  }
  return { ok: true, version }
}

export function compareVersions(a: RabbitVersion, b: RabbitVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch
}

const atLeast = (v: RabbitVersion, major: number, minor: number, patch = 0): boolean =>
  compareVersions(v, { major, minor, patch }) >= 0

/** The rules of one RabbitMQ version. Throws on an unparsable version: callers parse user input first. */
export function rulesFor(text: string = DEFAULT_VERSION): VersionRules {
  const parsed = parseVersion(text)
  if (!parsed.ok) throw new Error(parsed.message)
  const v = parsed.version
  const types = ['direct', 'fanout', 'topic', 'headers']
  if (atLeast(v, 4, 0)) types.push('x-local-random')
  if (atLeast(v, 4, 3)) types.push('x-modulus-hash')
  return {
    version: v,
    label: text.trim().replace(/^v/, ''),
    headersEquality: atLeast(v, 3, 13) ? 'exact' : 'erlang-eq',
    headersTimestampToMs: atLeast(v, 3, 13),
    maxTopicHashWords: atLeast(v, 4, 3, 5) ? 2 : null,
    builtinExchangeTypes: new Set(types),
    quorumDefaultDeliveryLimit: atLeast(v, 4, 0) ? 20 : null,
    quorumPriorities: atLeast(v, 4, 3) ? 'strict-32' : atLeast(v, 4, 0) ? 'two-levels' : 'none',
    quorumGetDeliveryCountZero: !atLeast(v, 3, 12),
    quorumSingleActivePriority: atLeast(v, 4, 0),
    transientNonExclusiveQueuesDenied: atLeast(v, 4, 3),
    clientXDeathInterpreted: !atLeast(v, 4, 0),
    classicMirroring: !atLeast(v, 4, 0),
    policyApplyToQueueTypes: atLeast(v, 3, 12),
    xLastDeathHeaders: atLeast(v, 3, 13),
  }
}
