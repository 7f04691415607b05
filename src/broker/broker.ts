import type { Topology } from '../core/model.js'
import type { VersionRules } from '../core/versions.js'
import type {
  BindingSpec, BrokerEvent, BrokerOptions, ChannelInfo, ConsumeOptions, ConsumerInfo, Delivery, ExchangeSpec,
  GetOptions, Outcome, PublishOutcome, PublishRequest, QueueSpec, QueueStats, ReadyMessage, TopologyCallOptions,
} from './types.js'

/**
 * A stateful, in-process simulation of ONE vhost of a RabbitMQ broker (classic queues), over the pure router.
 * No I/O: every call returns data, including the events it caused in the order they happened.
 * Errors are values (`{ ok: false, error }`); a failed call changes nothing except that a channel error closes
 * its channel (and requeues that channel's unacked messages), as RabbitMQ does.
 */
export class Broker {
  readonly vhost: string
  readonly rules: VersionRules

  constructor(options: BrokerOptions) {
    this.vhost = options.vhost
    this.rules = options.rules
  }

  /** The simulated clock, ms. */
  get now(): number { throw new Error('not implemented yet') }

  // ---- topology ----
  declareExchange(_spec: ExchangeSpec, _opts?: TopologyCallOptions): Outcome<{ readonly exchange: string; readonly created: boolean }> { throw new Error('not implemented yet') }
  deleteExchange(_name: string, _opts?: TopologyCallOptions & { readonly ifUnused?: boolean }): Outcome { throw new Error('not implemented yet') }
  declareQueue(_spec: QueueSpec, _opts?: TopologyCallOptions): Outcome<{ readonly queue: string; readonly created: boolean; readonly messageCount: number; readonly consumerCount: number }> { throw new Error('not implemented yet') }
  deleteQueue(_name: string, _opts?: TopologyCallOptions & { readonly ifUnused?: boolean; readonly ifEmpty?: boolean }): Outcome<{ readonly messageCount: number }> { throw new Error('not implemented yet') }
  bind(_binding: BindingSpec, _opts?: TopologyCallOptions): Outcome { throw new Error('not implemented yet') }
  unbind(_binding: BindingSpec, _opts?: TopologyCallOptions): Outcome { throw new Error('not implemented yet') }
  purge(_queue: string, _opts?: TopologyCallOptions): Outcome<{ readonly messageCount: number }> { throw new Error('not implemented yet') }
  /** The current topology (this vhost replaced by the live state; other vhosts as given). */
  topology(): Topology { throw new Error('not implemented yet') }

  // ---- channels ----
  /** Opens a channel (a generated name when none is given) and returns its name. */
  openChannel(_name?: string): string { throw new Error('not implemented yet') }
  /** Closes a channel: cancels its consumers and requeues its unacked messages. */
  closeChannel(_name: string): Outcome { throw new Error('not implemented yet') }
  channels(): readonly ChannelInfo[] { throw new Error('not implemented yet') }

  // ---- messaging ----
  publish(_request: PublishRequest): PublishOutcome { throw new Error('not implemented yet') }
  consume(_queue: string, _opts?: ConsumeOptions): Outcome<{ readonly consumerTag: string }> { throw new Error('not implemented yet') }
  cancel(_consumerTag: string): Outcome { throw new Error('not implemented yet') }
  /** basic.get: `message` undefined = get-empty; `messageCount` = ready messages left after this one. */
  get(_queue: string, _opts?: GetOptions): Outcome<{ readonly message?: Delivery; readonly messageCount: number }> { throw new Error('not implemented yet') }
  ack(_channel: string, _deliveryTag: number, _multiple?: boolean): Outcome { throw new Error('not implemented yet') }
  nack(_channel: string, _deliveryTag: number, _multiple?: boolean, _requeue?: boolean): Outcome { throw new Error('not implemented yet') }
  reject(_channel: string, _deliveryTag: number, _requeue?: boolean): Outcome { throw new Error('not implemented yet') }
  /** Advances the simulated clock: TTL expiry at queue heads, x-expires. */
  tick(_ms: number): { readonly now: number; readonly events: readonly BrokerEvent[] } { throw new Error('not implemented yet') }

  // ---- inspection ----
  queueStats(_name?: string): readonly QueueStats[] { throw new Error('not implemented yet') }
  /** Ready messages in delivery order. */
  peek(_queue: string): readonly ReadyMessage[] { throw new Error('not implemented yet') }
  /** Outstanding deliveries (all channels, or one), in delivery-tag order per channel. */
  unacked(_channel?: string): readonly Delivery[] { throw new Error('not implemented yet') }
  consumers(_queue?: string): readonly ConsumerInfo[] { throw new Error('not implemented yet') }
}
