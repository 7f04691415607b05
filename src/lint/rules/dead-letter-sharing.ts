import type { Queue } from '../../core/model.js'
import type { VhostContext } from '../context.js'
import { q } from '../did-you-mean.js'
import type { Report } from '../types.js'

/**
 * dlx/shared-without-rk: several queues dead-letter to one exchange with no x-dead-letter-routing-key, and their dead
 * letters can reach a common queue (`edges`: queue → the queues its dead letters reach, from the router), so that
 * queue holds a mix whose only clue to the origin is the x-death header. Only DLXs set by queue arguments count: a
 * policy that sets one DLX for a family of queues shares it on purpose. Reported once per exchange, at the second
 * queue (in file order), naming the others.
 */
export function checkSharedDeadLetterExchanges(ctx: VhostContext, report: Report, edges: ReadonlyMap<string, ReadonlySet<string>>): void {
  const byExchange = new Map<string, Queue[]>()
  for (const queue of ctx.vhost.queues.values()) {
    const dl = ctx.deadLetterOf(queue)
    // a DLX set by a policy is shared on purpose: one policy names it for a family of queues
    if (!dl || dl.source !== 'argument' || dl.routingKey !== undefined || dl.exchange === '' || queue.type === 'stream') continue
    const list = byExchange.get(dl.exchange)
    if (list) list.push(queue)
    else byExchange.set(dl.exchange, [queue])
  }
  for (const [exchange, queues] of byExchange) {
    if (queues.length < 2) continue
    const seen = new Map<string, string>() // target queue → first queue whose dead letters reach it
    for (const queue of queues) {
      const common = [...(edges.get(queue.name) ?? [])].find((t) => seen.has(t) && seen.get(t) !== queue.name)
      if (common !== undefined) {
        const others = queues.filter((o) => o !== queue && edges.get(o.name)?.has(common)).map((o) => q(o.name))
        report({
          rule: 'dlx/shared-without-rk',
          message: `queue ${q(queue.name)} dead-letters to ${q(exchange)} as ${others.join(', ')} ${others.length === 1 ? 'does' : 'do'}, with no x-dead-letter-routing-key: their dead letters mix in ${q(common)}`,
          hint: `set x-dead-letter-routing-key per queue (e.g. '${queue.name}') and bind a dead-letter queue per key, or accept the mix and turn this rule off`,
          path: ctx.deadLetterOf(queue)!.path,
        })
        break
      }
      for (const t of edges.get(queue.name) ?? []) if (!seen.has(t)) seen.set(t, queue.name)
    }
  }
}

/**
 * ttl/head-of-line: two classic queues that dead-letter into each other (the delayed-retry loop: work queue → wait
 * queue → back) where neither has a queue-level message TTL (argument or policy): the wait then relies on per-message
 * TTL (the `expiration` property), and a classic queue expires messages only at its head (rabbit_amqqueue_process
 * drop_expired_msgs), so a long expiration in front holds back shorter ones. When one of the two has a TTL, it is
 * the wait queue and all its messages share one TTL: not reported. Info: the file cannot show whether publishers
 * mix expirations. Reported once per pair, at the later queue in file order.
 */
export function checkHeadOfLineTtl(ctx: VhostContext, report: Report, edges: ReadonlyMap<string, ReadonlySet<string>>, diesByItself: (q: Queue) => boolean): void {
  // a queue with a TTL is the wait queue (one TTL for all); one with a max-length dies by overflow (not a delay)
  const hasTtl = (queue: Queue): boolean => diesByItself(queue) || queue.arguments.has('x-message-ttl') || (ctx.policyFor('queue', queue.name, queue.type)?.definition.has('message-ttl') ?? false)
  const order = new Map([...ctx.vhost.queues.keys()].map((n, i) => [n, i]))
  for (const queue of ctx.vhost.queues.values()) {
    if (queue.type !== 'classic' || hasTtl(queue)) continue
    const back = [...(edges.get(queue.name) ?? [])].find((w) => {
      const other = ctx.vhost.queues.get(w)
      return other !== undefined && w !== queue.name && other.type === 'classic' && !hasTtl(other) && edges.get(w)?.has(queue.name) && order.get(w)! < order.get(queue.name)!
    })
    if (back === undefined) continue
    report({
      rule: 'ttl/head-of-line',
      message: `queues ${q(back)} and ${q(queue.name)} dead-letter into each other and neither has x-message-ttl: a delay between them relies on per-message expiration, which a classic queue applies only at its head, so a long delay in front holds back shorter ones`,
      hint: 'give the wait queue its own x-message-ttl (one wait queue per delay)',
      path: ctx.deadLetterOf(queue)!.path,
    })
  }
}
