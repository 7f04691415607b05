import type { Rng } from '../prng.js'
import type { ArgValue, ScenarioSpec, Step } from './scenario.js'

/**
 * Seeded random delivery scripts over small classic-queue topologies: publishes (direct and fanout), consumers
 * with prefetch and auto-ack, gets, ack/nack/reject (single and multiple, requeue or not, on the right or the
 * wrong channel, twice), cancels and channel closes, with max-length/overflow and dead-lettering in play.
 * No TTLs: every outcome is decided by the order of steps, not by timing. Ends by closing every channel
 * (requeueing what is unacked) and draining every queue, so the final state is compared too.
 */
export function randomScenario(rng: Rng, name: string): ScenarioSpec {
  // Each queue has its own DLX and DLQ, and each consumer channel consumes from one queue only: on the real
  // broker, messages that two queue processes send at the same moment (dead letters into a shared DLQ,
  // deliveries onto a shared channel) arrive in either order.
  const queueArgs = (suffix: string): Record<string, ArgValue> => {
    const args: Record<string, ArgValue> = {}
    if (rng.chance(0.5)) {
      args['x-max-length'] = rng.int(0, 4)
      if (rng.chance(0.6)) args['x-overflow'] = rng.pick(['drop-head', 'reject-publish', 'reject-publish-dlx'])
    }
    if (rng.chance(0.6)) {
      if (rng.chance(0.75)) args['x-dead-letter-exchange'] = `dlx${suffix}`
      else { args['x-dead-letter-exchange'] = ''; args['x-dead-letter-routing-key'] = `dlq${suffix}` }
    }
    return args
  }
  const queues = { q: queueArgs(''), q2: queueArgs('2'), dlq: {}, dlq2: {} }
  const channels = ['a', 'b', 'g']
  const consumerChannel: Readonly<Record<string, string>> = { q: 'a', q2: 'b' }
  const steps: Step[] = []
  const published: string[] = []
  const tags: { tag: string; channel: string }[] = []
  let m = 0
  for (let i = rng.int(15, 35); i > 0; i--) {
    const r = rng.next()
    if (r < 0.34 || published.length === 0) {
      const id = `m${++m}`
      published.push(id)
      const t = rng.next()
      steps.push(t < 0.4 ? { op: 'publish', id, key: 'q' } : t < 0.7 ? { op: 'publish', id, key: 'q2' } : { op: 'publish', id, key: 'any', exchange: 'fan' })
    } else if (r < 0.42) {
      const tag = `c${tags.length + 1}`
      const queue = rng.pick(['q', 'q2'])
      const channel = consumerChannel[queue] ?? 'a'
      tags.push({ tag, channel })
      steps.push({ op: 'consume', tag, channel, queue, prefetch: rng.int(0, 3), noAck: rng.chance(0.15) })
    } else if (r < 0.57) {
      const queue = rng.pick(['q', 'q2', 'q', 'q2', 'dlq', 'dlq2'])
      steps.push({ op: 'get', queue, channel: rng.chance(0.7) ? 'g' : consumerChannel[queue] ?? 'g', noAck: rng.chance(0.3) })
    } else if (r < 0.85) {
      const op = rng.pick(['ack', 'ack', 'nack', 'reject'] as const)
      const id = rng.pick(published.slice(-6))
      const channel = rng.pick(channels)
      steps.push(op === 'reject'
        ? { op, id, channel, requeue: rng.chance(0.6) }
        : { op, id, channel, multiple: rng.chance(0.15), ...(op === 'nack' ? { requeue: rng.chance(0.6) } : {}) })
    } else if (r < 0.9 && tags.length > 0) {
      const t = rng.pick(tags)
      steps.push({ op: 'cancel', tag: t.tag, channel: t.channel })
    } else if (r < 0.94) {
      steps.push({ op: 'close', channel: rng.pick(channels) })
    } else {
      steps.push({ op: 'depth', queues: ['q', 'q2', 'dlq', 'dlq2'] })
    }
  }
  for (const channel of channels) steps.push({ op: 'close', channel })
  steps.push({ op: 'depth', queues: ['q', 'q2', 'dlq', 'dlq2'] })
  for (const queue of ['q', 'q2', 'dlq', 'dlq2']) steps.push({ op: 'drain', queue })
  return {
    name, source: 'random script',
    queues,
    exchanges: { dlx: 'fanout', dlx2: 'fanout', fan: 'fanout' },
    bindings: [['dlx', 'dlq', ''], ['dlx2', 'dlq2', ''], ['fan', 'q', ''], ['fan', 'q2', '']],
    steps,
  }
}
