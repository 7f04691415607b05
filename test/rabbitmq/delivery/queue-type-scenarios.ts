import type { ScenarioSpec } from './scenario.js'
import {
  ack, cancel, close, consume, consumeP, consumers, depth, DLX, drain, drainUnordered, get, ms, nack, pub, pubs, reject, wait, withDlq,
} from './steps.js'

/**
 * Delivery scenarios for quorum queues, classic priority queues, consumer priorities and single active consumer
 * (../../docs/reference/rabbitmq-3.10-delivery-observed.md items 2, 10, 11, 16, 17, 18 and the "Priority,
 * single active consumer" section). As in scenarios.ts, the real broker's transcript is the expectation.
 *
 * Quorum dead letters travel through the leader's dead-letter handling after the step that caused them
 * (at-most-once in 3.10): a `wait` before a DLQ is read gives them time on the broker (the simulation's clock
 * just moves on).
 *
 * Not exercised on purpose (item 16): on 3.10.8 a classic single-active-consumer queue whose active consumer
 * cancels with a backlog hands nothing to the next consumer until the old channel closes, and a publish during
 * that stall crashes the queue process (`{badmatch,false}` in attempt_delivery; it restarts empty). The
 * simulator models the intended behaviour (the next consumer takes over the backlog), so the SAC scenarios only
 * hand over after a cancel with nothing ready and nothing unacked.
 */
const QUORUM = { 'x-queue-type': 'quorum' } as const
/** Time for a quorum queue's dead letters to reach the DLQ on the real broker before it is read. */
const DL_SETTLE = 500

export const QUEUE_TYPE_SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: 'quorum-delivery-limit-get', source: '§17 quorum x-delivery-limit 2: 3 deliveries, then dead-lettered (delivery_limit); get shows x-delivery-count from 0',
    queues: { q: { ...QUORUM, 'x-delivery-limit': 2, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q'), get('q'), nack('m1'), get('q'), reject('m1'), get('q'), nack('m1'), wait(DL_SETTLE), depth('q', 'dlq'), drain('dlq')],
  },
  {
    name: 'quorum-delivery-limit-consumer', source: '§17 nack, reject and channel close all count as returns; consumers see x-delivery-count from the first redelivery',
    queues: { q: { ...QUORUM, 'x-delivery-limit': 2, ...DLX }, dlq: {} }, ...withDlq,
    steps: [consume('c1', 'a', 'q', 1), pub('m1', 'q'), pub('m2', 'q'), nack('m1', 'a'), reject('m1', 'a'), close('a'),
      consume('c2', 'b', 'q', 1), close('b'), wait(DL_SETTLE), depth('q', 'dlq'), drain('q'), drain('dlq')],
  },
  {
    name: 'quorum-requeue-tail', source: '§2 quorum without a delivery limit (3.10): a requeued message goes to the tail, in nack order',
    queues: { q: QUORUM },
    steps: [...pubs(ms(6), 'q'), get('q'), get('q'), get('q'), get('q'), nack('m2'), nack('m4'), nack('m1'), drain('q')],
  },
  {
    name: 'quorum-requeue-with-limit', source: '§2 quorum with a delivery limit (3.10): requeued messages come first, in nack order',
    queues: { q: { ...QUORUM, 'x-delivery-limit': 10 } },
    steps: [...pubs(ms(6), 'q'), get('q'), get('q'), get('q'), get('q'), nack('m2'), nack('m4'), nack('m1'), drain('q')],
  },
  {
    name: 'quorum-requeue-to-next-consumer', source: '§3 on a quorum queue: round-robin, and a requeued message goes to the next consumer in the rotation',
    queues: { q: QUORUM },
    steps: [consume('c1', 'a', 'q', 10), consume('c2', 'b', 'q', 10), ...pubs(['m1', 'm2', 'm3'], 'q'), nack('m1', 'a'), pub('m4', 'q')],
  },
  {
    name: 'quorum-close-requeues', source: '§2/§17 a channel close returns its unacked messages (a return: tail without a delivery limit)',
    queues: { q: QUORUM },
    steps: [...pubs(ms(4), 'q'), get('q', 'x'), get('q', 'x'), close('x'), drain('q')],
  },
  {
    name: 'quorum-close-requeues-with-limit', source: '§2/§17 with a delivery limit, messages returned by a channel close come first',
    queues: { q: { ...QUORUM, 'x-delivery-limit': 5 } },
    steps: [...pubs(ms(4), 'q'), get('q', 'x'), get('q', 'x'), close('x'), drain('q')],
  },
  {
    name: 'quorum-reject-dead-letter', source: 'TTL section: quorum 3.10 reject with requeue=false dead-letters (rejected, at-most-once)',
    queues: { q: { ...QUORUM, ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('m1', 'q', { cc: ['x'] }), pub('m2', 'q'), get('q'), get('q'), reject('m2', 'g', false), nack('m1', 'g', false), wait(DL_SETTLE), depth('q', 'dlq'), drain('dlq')],
  },
  {
    name: 'quorum-ttl', source: 'TTL section: quorum 3.10 queue TTL and per-message expiration both expire into the DLX',
    queues: { q: { ...QUORUM, 'x-message-ttl': 800, ...DLX }, q2: { ...QUORUM, ...DLX }, dlq: {} }, ...withDlq,
    // m1 and m2 die in two queues at about the same time: their order in dlq is a race (seen both ways under load).
    steps: [pub('m1', 'q'), pub('m2', 'q2', { expiration: '600' }), pub('m3', 'q2'), wait(1500), depth('q', 'q2', 'dlq'), drainUnordered('dlq')],
  },
  {
    name: 'quorum-reject-publish', source: '§10 quorum reject-publish accepts the crossing message, then nacks until ready <= trunc(0.8 x max)',
    queues: { q: { ...QUORUM, 'x-max-length': 2, 'x-overflow': 'reject-publish', ...DLX }, dlq: {} }, ...withDlq,
    steps: [pub('r1', 'q'), pub('r2', 'q'), pub('r3', 'q'), pub('r4', 'q'), get('q', 'g', true), pub('r5', 'q'),
      get('q', 'g', true), pub('r6', 'q'), wait(DL_SETTLE), depth('q', 'dlq'), drain('q')],
  },
  {
    name: 'quorum-reject-publish-dlx', source: '§11 quorum reject-publish-dlx (3.10) behaves as drop-head: every confirm ack, the oldest dead-lettered (maxlen)',
    queues: { q: { ...QUORUM, 'x-max-length': 2, 'x-overflow': 'reject-publish-dlx', ...DLX }, dlq: {} }, ...withDlq,
    steps: [...pubs(ms(4), 'q'), wait(DL_SETTLE), depth('q', 'dlq'), drain('q'), drain('dlq')],
  },
  {
    name: 'quorum-get-channel-consumer', source: '§18 a quorum queue counts a get channel holding unacked messages as a consumer',
    queues: { q: QUORUM },
    steps: [pub('m1', 'q'), pub('m2', 'q'), consumers('q'), get('q', 'x'), consumers('q'), ack('m1', 'x'), get('q', 'x', true), consumers('q')],
  },
  {
    name: 'priority-order', source: 'Priority: x-max-priority 5 orders waiting messages, 9 counts as 5, none as 0; FIFO within a priority',
    queues: { q: { 'x-max-priority': 5 } },
    steps: [pub('none', 'q'), pub('p1', 'q', { priority: 1 }), pub('p5a', 'q', { priority: 5 }), pub('p0', 'q', { priority: 0 }),
      pub('p9', 'q', { priority: 9 }), pub('p3', 'q', { priority: 3 }), pub('p5b', 'q', { priority: 5 }), drain('q')],
  },
  {
    name: 'priority-waiting-consumer', source: 'Priority: a waiting consumer gets the first message at once; only waiting messages are reordered',
    queues: { q: { 'x-max-priority': 10 } },
    steps: [consume('c1', 'a', 'q', 1), pub('low1', 'q', { priority: 1 }), pub('high', 'q', { priority: 9 }), pub('mid', 'q', { priority: 5 }),
      pub('low2', 'q', { priority: 1 }), ack('low1', 'a'), ack('high', 'a'), ack('mid', 'a'), ack('low2', 'a')],
  },
  {
    name: 'priority-ignored-without-max', source: 'Priority: a queue without x-max-priority ignores priority (FIFO) but keeps the property',
    queues: { q: {} },
    steps: [pub('p1', 'q', { priority: 1 }), pub('p9', 'q', { priority: 9 }), pub('p5', 'q', { priority: 5 }), drain('q')],
  },
  {
    name: 'consumer-priority', source: 'Consumer priority: the higher x-priority consumer gets every message until its prefetch is full',
    queues: { q: {} },
    steps: [consumeP('lo', 'a', 'q', 10, 0), consumeP('hi', 'b', 'q', 2, 5), ...pubs(ms(5), 'q'), ack('m1', 'b'), pub('m6', 'q'), pub('m7', 'q'), depth('q')],
  },
  {
    name: 'consumer-priority-backlog', source: 'Consumer priority: requeued messages go to the higher-priority consumer first',
    queues: { q: {} },
    steps: [consumeP('lo', 'a', 'q', 10, 1), ...pubs(ms(3), 'q'), consumeP('hi', 'b', 'q', 10, 5), nack('m3', 'a', true, true), pub('m4', 'q')],
  },
  {
    name: 'single-active-consumer', source: 'SAC: only the first consumer receives, a passive declare counts both; after it cancels (nothing unacked) the second takes over',
    queues: { q: { 'x-single-active-consumer': true } },
    steps: [consume('c1', 'a', 'q', 10), consume('c2', 'b', 'q', 10), consumers('q'), ...pubs(ms(3), 'q'), ack('m3', 'a', true),
      cancel('c1', 'a'), consumers('q'), ...pubs(['m4', 'm5'], 'q'), depth('q')],
  },
  {
    name: 'quorum-single-active-consumer', source: 'SAC on a quorum queue: the same handover after a cancel with nothing unacked',
    queues: { q: { ...QUORUM, 'x-single-active-consumer': true } },
    steps: [consume('c1', 'a', 'q', 10), consume('c2', 'b', 'q', 10), consumers('q'), ...pubs(ms(3), 'q'), ack('m3', 'a', true),
      cancel('c1', 'a'), consumers('q'), ...pubs(['m4', 'm5'], 'q'), depth('q')],
  },
  {
    name: 'quorum-single-active-consumer-close', source: 'SAC on a quorum queue: the active consumer\'s channel closes with unacked messages and a backlog; the next takes over',
    queues: { q: { ...QUORUM, 'x-single-active-consumer': true } },
    steps: [consume('c1', 'a', 'q', 2), consume('c2', 'b', 'q', 10), ...pubs(ms(4), 'q'), close('a'), consumers('q'), pub('m5', 'q'), depth('q')],
  },
  {
    name: 'quorum-cancel-keeps-unacked', source: 'quorum: a cancelled consumer keeps its unacked messages until it settles them; the rest go to the other consumer',
    queues: { q: QUORUM },
    steps: [consume('c1', 'a', 'q', 2), ...pubs(ms(3), 'q'), cancel('c1', 'a'), consume('c2', 'b', 'q', 10), nack('m1', 'a'), ack('m2', 'a'), depth('q')],
  },
]
