import type { ScenarioSpec } from './scenario.js'
import {
  ack, channelOn, connect, consume, consumers, declareExclusive, depth, disconnect, DLX, drain, get, ms, nack, pub, pubs, reject, wait, withDlq,
} from './steps.js'

/**
 * Classic-queue delivery scenarios, one or more per numbered item and per classic-queue section of
 * ../../docs/reference/rabbitmq-3.10-delivery-observed.md (cited in `source`). The expected behaviour is
 * not written here: the real broker's transcript is the expectation, the simulation must match it.
 * Timing: a TTL that must NOT have fired yet at a later step gets ≥ 500 ms of margin (the real broker's steps
 * take ~100 ms, more on a loaded machine); checks after an expiry only need the wait to be long enough.
 */
export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: 'requeue-position', source: '§1 classic requeue goes back in publish order',
    queues: { q: {} },
    steps: [...pubs(ms(6), 'q'), get('q'), get('q'), get('q'), get('q'), nack('m2'), nack('m4'), nack('m1'), drain('q')],
  },
  {
    name: 'requeue-to-next-consumer', source: '§3 a requeued message goes to the next consumer in the rotation',
    queues: { q: {} },
    steps: [consume('c1', 'a', 'q', 10), consume('c2', 'b', 'q', 10), ...pubs(['m1', 'm2', 'm3'], 'q'), nack('m1', 'a'), pub('m4', 'q')],
  },
  {
    name: 'backlog-to-first-consumer', source: '§4 a backlog goes to the first consumer that attaches',
    queues: { q: {} },
    steps: [...pubs(ms(6), 'q'), consume('c1', 'a', 'q', 10), consume('c2', 'b', 'q', 10), depth('q')],
  },
  {
    name: 'x-death-merge', source: '§5 x-death entries merge per {queue, reason}, keeping the first exchange and keys',
    queues: { q1: { 'x-dead-letter-exchange': 'dlx' }, q2: { 'x-dead-letter-exchange': 'dlx2', 'x-dead-letter-routing-key': 'to1' } },
    exchanges: { dlx: 'direct', dlx2: 'direct' },
    bindings: [['dlx', 'q2', 'q1'], ['dlx', 'q2', 'to1'], ['dlx2', 'q1', 'to1']],
    steps: [pub('m1', 'q1', { cc: ['extra'] }), get('q1'), reject('m1', 'g', false), get('q2'), reject('m1', 'g', false),
      get('q1'), reject('m1', 'g', false), get('q2'), ack('m1')],
  },
  {
    name: 'dead-letter-keys-with-bcc', source: '§6 without a DLRK the original key + CC + BCC route the dead letter; x-death lists key + CC',
    queues: { q: DLX, dlq: {}, dlq2: {} },
    exchanges: { dlx: 'direct' },
    bindings: [['dlx', 'dlq', 'bk'], ['dlx', 'dlq2', 'q']],
    steps: [pub('m1', 'q', { cc: ['c1'], bcc: ['bk'] }), get('q'), reject('m1', 'g', false), drain('dlq'), drain('dlq2')],
  },
  {
    name: 'dead-letter-routing-key', source: '§7 with x-dead-letter-routing-key the CC header is removed, x-death keeps the original keys',
    queues: { q: { ...DLX, 'x-dead-letter-routing-key': 'dk' }, dlq: {} },
    exchanges: { src: 'direct', dlx: 'direct' },
    bindings: [['src', 'q', 'a'], ['dlx', 'dlq', 'dk']],
    steps: [pub('m1', 'a', { exchange: 'src', cc: ['cc1'] }), get('q'), reject('m1', 'g', false), drain('dlq')],
  },
  {
    name: 'ttl-self-cycle', source: '§8 a queue dead-lettering its expired messages into itself drops them; other targets still get them',
    queues: { q: { 'x-message-ttl': 800, 'x-dead-letter-exchange': '' }, other: {} },
    steps: [pub('m1', 'q', { cc: ['other'] }), wait(1500), depth('q', 'other'), drain('other')],
  },
  {
    name: 'reject-loop-same-queue', source: '§8 rejected is never a cycle: DLX "" puts it back at the tail of the same queue',
    queues: { q: { 'x-dead-letter-exchange': '' } },
    steps: [pub('m1', 'q'), pub('m2', 'q'), get('q'), reject('m1', 'g', false), get('q'), get('q'), reject('m1', 'g', false), ack('m2'), get('q'), ack('m1')],
  },
  {
    name: 'ttl-loop-two-queues', source: '§8 an expiry loop qa -> qb -> qa drops the message when it would re-enter qa',
    queues: {
      qa: { 'x-message-ttl': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'qb' },
      qb: { 'x-message-ttl': 3000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'qa' },
    },
    // qa expires m1 at ~1 s into qb, which would expire it at ~4 s back into qa (a cycle: dropped).
    steps: [pub('m1', 'qa'), wait(1700), depth('qa', 'qb'), wait(3000), depth('qa', 'qb')],
  },
  {
    name: 'reject-publish', source: '§9 classic reject-publish: confirm nack only, no dead letter, no return; other queues still get it',
    queues: { q: { 'x-max-length': 2, 'x-overflow': 'reject-publish', ...DLX }, q2: {}, dlq: {} },
    exchanges: { dlx: 'fanout', fan: 'fanout' },
    bindings: [['dlx', 'dlq', ''], ['fan', 'q', ''], ['fan', 'q2', '']],
    steps: [pub('m1', 'q'), pub('m2', 'q'), pub('m3', 'q'), pub('m4', 'x', { exchange: 'fan' }), depth('q', 'q2', 'dlq')],
  },
  {
    name: 'ttl-at-head-only', source: '§12 per-message TTL is checked at the head only',
    queues: { q: DLX, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q'), pub('m2', 'q', { expiration: '800' }), wait(1200), depth('q', 'dlq'), get('q'), depth('q', 'dlq'), ack('m1'), drain('dlq')],
  },
  {
    name: 'requeue-after-ttl', source: '§13 a requeued message whose TTL has passed is dead-lettered (expired), not requeued',
    queues: { q: { 'x-message-ttl': 1500, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q'), get('q'), wait(2000), depth('q', 'dlq'), nack('m1'), depth('q', 'dlq'), drain('dlq')],
  },
  {
    name: 'max-length-requeue', source: '§14 x-max-length counts ready messages; a requeue into a full queue',
    queues: { q: { 'x-max-length': 2, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q'), pub('m2', 'q'), get('q'), pub('m3', 'q'), depth('q', 'dlq'), nack('m1'), drain('q'), drain('dlq')],
  },
  {
    name: 'settlement-order', source: '§15 dead letters reach the DLQ in settlement order',
    queues: { q: DLX, dlq: {} }, ...withDlq,
    steps: [...pubs(ms(4), 'q'), get('q'), get('q'), get('q'), get('q'), reject('m4', 'g', false), nack('m3', 'g', false, true), drain('dlq')],
  },
  {
    name: 'dead-letter-copy', source: '§19 the dead-lettered copy: DLX exchange, first key, redelivered=false, expiration -> original-expiration',
    queues: { q: DLX, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q', { expiration: '60000' }), get('q'), nack('m1'), get('q'), reject('m1', 'g', false), drain('dlq')],
  },
  {
    name: 'max-length-bytes', source: '§20 x-max-length-bytes counts body bytes; a message over the limit empties the queue',
    queues: { q: { 'x-max-length-bytes': 10, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q', { body: '12345' }), pub('m2', 'q', { body: '12345' }), depth('q', 'dlq'), pub('m3', 'q', { body: '12345678901' }), depth('q', 'dlq'), drain('dlq')],
  },
  {
    name: 'prefetch-1-ack-order', source: 'Round-robin: prefetch 1, consumers first; the next message goes to whoever acks first',
    queues: { q: {} },
    steps: [consume('c1', 'a', 'q', 1), consume('c2', 'b', 'q', 1), consume('c3', 'c', 'q', 1), ...pubs(ms(6), 'q'), ack('m3', 'c'), ack('m1', 'a'), depth('q')],
  },
  {
    name: 'prefetch-1-backlog', source: 'Round-robin: prefetch 1 with a backlog; the rest follows ack order',
    queues: { q: {} },
    steps: [...pubs(ms(6), 'q'), consume('c1', 'a', 'q', 1), consume('c2', 'b', 'q', 1), consume('c3', 'c', 'q', 1), ack('m3', 'c'), ack('m2', 'b'), ack('m1', 'a')],
  },
  {
    name: 'strict-alternation', source: 'Round-robin: consumers with room attached before publishing alternate strictly',
    queues: { q: {} },
    steps: [consume('c1', 'a', 'q'), consume('c2', 'b', 'q'), ...pubs(ms(7), 'q')],
  },
  {
    name: 'nack-multiple-dealt', source: 'Round-robin: six messages requeued at once are dealt alternately, c1 first',
    queues: { q: {} },
    steps: [...pubs(ms(6), 'q'), consume('c1', 'a', 'q', 6), consume('c2', 'b', 'q', 10), nack('m6', 'a', true, true)],
  },
  {
    name: 'skip-full-consumer', source: 'Round-robin skips a consumer at its prefetch limit',
    queues: { q: {} },
    steps: [consume('c1', 'a', 'q', 1), consume('c2', 'b', 'q', 3), ...pubs(ms(6), 'q'), depth('q')],
  },
  {
    name: 'auto-ack-not-blocked', source: 'Round-robin: an auto-ack consumer is never blocked by its prefetch',
    queues: { q: {} },
    steps: [consume('a1', 'a', 'q', 1, true), consume('c2', 'b', 'q', 1), ...pubs(['a1', 'a2', 'a3', 'a4', 'a5'], 'q')],
  },
  {
    name: 'get-counts', source: 'basic.get: FIFO, message_count after this one, get-empty',
    queues: { q: {} },
    steps: [...pubs(ms(3), 'q'), get('q', 'g', true), get('q', 'g', true), get('q', 'g', true), get('q', 'g', true)],
  },
  {
    name: 'nack-requeue-head', source: 'basic.get: nack/reject with requeue puts it back at the head, redelivered',
    queues: { q: {} },
    steps: [...pubs(ms(3), 'q'), get('q'), get('q'), reject('m2'), nack('m1'), drain('q')],
  },
  {
    name: 'close-requeues', source: 'basic.get: closing a channel requeues its unacked messages ahead of the ready ones',
    queues: { q: {} },
    steps: [...pubs(ms(4), 'q'), get('q', 'x'), get('q', 'x'), { op: 'close', channel: 'x' }, drain('q')],
  },
  {
    name: 'double-ack', source: 'basic.get: acking twice is 406 and closes the channel, requeueing its other unacked messages',
    queues: { q: {} },
    steps: [...pubs(ms(3), 'q'), get('q', 'x'), get('q', 'x'), ack('m1', 'x'), ack('m1', 'x'), drain('q')],
  },
  {
    name: 'reject-no-dlx', source: 'Reject: requeue=false without a DLX drops; a DLX naming a missing exchange drops silently',
    queues: { q: {}, q2: { 'x-dead-letter-exchange': 'no-such-dlx' } },
    steps: [pub('m1', 'q'), pub('m2', 'q2'), get('q'), reject('m1', 'g', false), get('q2'), reject('m2', 'g', false), depth('q', 'q2')],
  },
  {
    name: 'dlx-default-with-dlrk', source: 'Reject: DLX "" with a DLRK delivers from exchange "" with the DLRK as key',
    queues: { q: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' }, dlq: {} },
    steps: [pub('m1', 'q'), get('q'), reject('m1', 'g', false), drain('dlq')],
  },
  {
    name: 'queue-ttl-order', source: 'TTL: queue TTL dead-letters in publish order, reason expired, no original-expiration',
    queues: { q: { 'x-message-ttl': 800, ...DLX }, dlq: {} }, ...withDlq,
    steps: [...pubs(ms(3), 'q'), wait(1200), depth('q'), drain('dlq')],
  },
  {
    name: 'ttl-min-original-expiration', source: 'TTL: effective TTL = min(queue, message); original-expiration shows the message value',
    queues: { q: { 'x-message-ttl': 800, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q', { expiration: '60000' }), wait(1200), depth('q'), drain('dlq')],
  },
  {
    name: 'expiration-zero', source: 'TTL: expiration "0" expires at once unless a consumer with room is waiting',
    queues: { q: DLX, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q', { expiration: '0' }), depth('q', 'dlq'), consume('c1', 'a', 'q', 1), pub('m2', 'q', { expiration: '0' }), depth('q', 'dlq'), drain('dlq')],
  },
  {
    name: 'x-expires', source: 'TTL: x-expires deletes an unused queue with its messages (not dead-lettered); then a mandatory publish is returned',
    queues: { q: { 'x-expires': 1500, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q'), wait(2500), depth('q', 'dlq'), pub('m2', 'q')],
  },
  {
    name: 'drop-head', source: 'Max-length: drop-head dead-letters the oldest (maxlen), every publish acked',
    queues: { q: { 'x-max-length': 2, ...DLX }, dlq: {} }, ...withDlq,
    steps: [...pubs(ms(4), 'q'), drain('q'), drain('dlq')],
  },
  {
    name: 'reject-publish-dlx', source: 'Max-length: reject-publish-dlx nacks the new message and dead-letters it (maxlen)',
    queues: { q: { 'x-max-length': 2, 'x-overflow': 'reject-publish-dlx', ...DLX }, dlq: {} }, ...withDlq,
    steps: [...pubs(ms(3), 'q'), drain('q'), drain('dlq')],
  },
  {
    name: 'max-length-zero', source: 'Max-length: x-max-length 0 dead-letters at once unless a consumer with room is waiting',
    queues: { q: { 'x-max-length': 0, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q'), depth('q', 'dlq'), consume('c1', 'a', 'q', 1), pub('m2', 'q'), depth('q', 'dlq'), drain('dlq')],
  },
  {
    name: 'exclusive-queue-locked', source: 'Connections: an exclusive queue is 405 RESOURCE_LOCKED to other connections; closing its owner deletes it',
    queues: {},
    steps: [connect('c2'), channelOn('o', 'c2'), declareExclusive('ex', 'o'), pub('m1', 'ex'), pub('m2', 'ex'),
      get('ex', 'g'), consume('c1', 'a', 'ex'), declareExclusive('ex', 'd'), depth('ex'), consumers('ex'),
      get('ex', 'o'), ack('m1', 'o'), consume('c2', 'o', 'ex', 1), disconnect('c2'), depth('ex'), pub('m3', 'ex')],
  },
  {
    name: 'connection-close-requeues', source: 'Connections: closing a connection closes its channels, requeueing their unacked messages in publish order',
    queues: { q: {} },
    steps: [connect('c2'), channelOn('a', 'c2'), channelOn('x', 'c2'), ...pubs(ms(4), 'q'), consume('c1', 'a', 'q', 2), get('q', 'x'),
      consume('c2', 'b', 'q', 1), consumers('q'), disconnect('c2'), consumers('q'), depth('q'), ack('m4', 'b'), ack('m1', 'b'), drain('q')],
  },
]
