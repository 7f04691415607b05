import { parseVersion } from '../../core/versions.js'
import type { VhostContext } from '../context.js'
import { argPath } from '../context.js'
import { q } from '../did-you-mean.js'
import type { Report } from '../types.js'

/**
 * qq/delivery-limit-default: from RabbitMQ 4.0 a quorum queue without a delivery limit gets one of 20
 * (rabbit_quorum_queue ?DEFAULT_DELIVERY_LIMIT; VersionRules.quorumDefaultDeliveryLimit): a message returned 20
 * times is dead-lettered, or dropped when the queue has no dead-letter exchange. A file written for 3.x, where
 * redelivery was unlimited, silently changes its poison-message behaviour. So: reported when the file names a
 * version before 4.0 and is linted with 4.0+ rules (`--rabbitmq 4.1` as an upgrade check); not for a file that names
 * no version or 4.0 and later (written for the default), nor when x-delivery-limit or a delivery-limit policy says
 * what is wanted.
 */
export function checkQuorumDeliveryLimit(ctx: VhostContext, report: Report): void {
  const limit = ctx.rules.quorumDefaultDeliveryLimit
  if (limit === null) return
  const own = ctx.input.topology?.rabbitmqVersion
  const parsed = own === undefined ? undefined : parseVersion(own)
  // only a file that says it is for 3.x: without a version it is written for the default (4.x) rules
  if (parsed === undefined || !parsed.ok || parsed.version.major >= 4) return
  for (const queue of ctx.vhost.queues.values()) {
    if (queue.type !== 'quorum' || queue.arguments.has('x-delivery-limit')) continue
    if (ctx.policyFor('queue', queue.name, queue.type)?.definition.has('delivery-limit')) continue
    const dlx = ctx.deadLetterOf(queue) !== undefined
    report({
      rule: 'qq/delivery-limit-default',
      message: `quorum queue ${q(queue.name)} sets no delivery limit: this file is for ${own}, but from RabbitMQ 4.0 the default is ${limit}, so a message returned ${limit} times is ${dlx ? 'dead-lettered' : 'dropped (the queue has no dead-letter exchange)'}; before 4.0 it was redelivered without limit`,
      hint: `set x-delivery-limit explicitly (${limit} to keep the default${dlx ? '' : ', with a dead-letter exchange to keep poison messages'}; a larger number to allow more redeliveries)`,
      path: queue.arguments.has('x-queue-type') ? argPath(queue.path, 'x-queue-type') : (queue.path ?? []),
    })
  }
}
