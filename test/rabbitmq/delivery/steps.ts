import type { Step } from './scenario.js'

/** Short constructors for scenario steps (delivery/scenarios.ts, delivery/queue-type-scenarios.ts). */
type PublishMore = Partial<Extract<Step, { op: 'publish' }>>

export const pub = (id: string, key: string, more: PublishMore = {}): Step => ({ op: 'publish', id, key, ...more })
export const pubs = (ids: readonly string[], key: string, more: PublishMore = {}): Step[] => ids.map((id) => pub(id, key, more))
export const consume = (tag: string, channel: string, queue: string, prefetch = 0, noAck = false): Step => ({ op: 'consume', tag, channel, queue, prefetch, noAck })
/** A consumer with the consumer argument x-priority. */
export const consumeP = (tag: string, channel: string, queue: string, prefetch: number, priority: number): Step => ({ op: 'consume', tag, channel, queue, prefetch, priority })
export const get = (queue: string, channel = 'g', noAck = false): Step => ({ op: 'get', queue, channel, noAck })
export const ack = (id: string, channel = 'g', multiple = false): Step => ({ op: 'ack', id, channel, multiple })
export const nack = (id: string, channel = 'g', requeue = true, multiple = false): Step => ({ op: 'nack', id, channel, requeue, multiple })
export const reject = (id: string, channel = 'g', requeue = true): Step => ({ op: 'reject', id, channel, requeue })
export const cancel = (tag: string, channel: string): Step => ({ op: 'cancel', tag, channel })
export const close = (channel: string): Step => ({ op: 'close', channel })
export const wait = (ms: number): Step => ({ op: 'wait', ms })
export const depth = (...queues: string[]): Step => ({ op: 'depth', queues })
export const consumers = (...queues: string[]): Step => ({ op: 'consumers', queues })
export const drain = (queue: string): Step => ({ op: 'drain', queue })
/** Drain, listing the messages sorted: for a queue fed by several queues at once, whose order is not defined. */
export const drainUnordered = (queue: string): Step => ({ op: 'drain', queue, unordered: true })
export const connect = (connection: string): Step => ({ op: 'connect', connection })
export const channelOn = (channel: string, connection: string): Step => ({ op: 'channel', channel, connection })
/** An exclusive (non-durable) queue declared on `channel`. */
export const declareExclusive = (queue: string, channel: string): Step => ({ op: 'declare', queue, channel })
export const disconnect = (connection: string): Step => ({ op: 'disconnect', connection })
/** m1 … mN */
export const ms = (n: number): string[] => Array.from({ length: n }, (_, i) => `m${i + 1}`)

export const DLX = { 'x-dead-letter-exchange': 'dlx' } as const
/** A fanout DLX feeding `dlq`. */
export const withDlq = { exchanges: { dlx: 'fanout' }, bindings: [['dlx', 'dlq', ''] as const] } as const
