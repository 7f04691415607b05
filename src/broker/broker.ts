import type { Topology } from '../core/model.js'
import { basicAck, basicNack } from './acks.js'
import { basicConsume, basicCancel } from './basic-consume.js'
import { basicGet } from './basic-get.js'
import { channelClose, openChannel } from './channels.js'
import { connectionClose, connectionList, openConnection } from './connections.js'
import { tick } from './clock.js'
import { bind, declareExchange, declareQueue, deleteExchange, deleteQueue, purge, unbind } from './declarations.js'
import { channelList, consumerList, peek, queueStats, unackedList } from './inspection.js'
import { basicPublish } from './publish.js'
import { SimState } from './sim-state.js'
import type {
  BindingSpec, BrokerEvent, BrokerOptions, ChannelInfo, ConnectionInfo, ConsumeOptions, ConsumerInfo, Delivery, ExchangeSpec, GetOptions,
  OpenChannelOptions, Outcome, PublishOutcome, PublishRequest, QueueSpec, QueueStats, ReadyMessage, TopologyCallOptions,
} from './types.js'

export { DEFAULT_CHANNEL } from './channels.js'
export { compileBrokerRouters, type BrokerRouters } from './route-table.js'
export { DEFAULT_CONNECTION } from './sim-state.js'

/**
 * A stateful, in-process simulation of ONE vhost of a RabbitMQ broker (classic, quorum and stream queues), over
 * the pure router. No I/O: every call returns data, including the events it caused in the order they happened.
 * Errors are values (`{ ok: false, error }`); a failed call changes nothing except that a channel error closes
 * its channel (and requeues that channel's unacked messages), as RabbitMQ does.
 *
 * This class is the public face; the state is a `SimState` and each concern has a file of its own: declarations,
 * connections and channels, exclusive access, consumers and dispatch, settlement (acks), dead-lettering, expiry and the clock, inspection.
 *
 * Sources: rabbit_channel.erl (checks, delivery tags, acks), rabbit_amqqueue_process.erl (delivery, TTL, overflow),
 * rabbit_queue_consumers.erl (round-robin, blocking), rabbit_variable_queue.erl (requeue), rabbit_dead_letter.erl,
 * rabbit_fifo.erl (quorum queues), rabbit_stream_queue.erl (streams).
 */
export class Broker {
  readonly vhost: string
  readonly rules: BrokerOptions['rules']
  readonly #s: SimState

  constructor(options: BrokerOptions) {
    this.#s = new SimState(options)
    this.vhost = options.vhost
    this.rules = options.rules
  }

  /** The simulated clock, ms. */
  get now(): number { return this.#s.now }

  // ------------------------------------------------------------------ topology

  /** exchange.declare (403 for `""`/amq.*, 406 on an inequivalent redeclare, 503 for an unknown type). */
  declareExchange(spec: ExchangeSpec, opts?: TopologyCallOptions): Outcome<{ readonly exchange: string; readonly created: boolean }> {
    return declareExchange(this.#s, spec, opts)
  }

  /** exchange.delete: also removes the bindings from and to it. Deleting a missing exchange is ok. */
  deleteExchange(name: string, opts?: TopologyCallOptions & { readonly ifUnused?: boolean }): Outcome {
    return deleteExchange(this.#s, name, opts)
  }

  /** queue.declare (403 amq.*, 406 invalid or inequivalent arguments, 405 exclusive mismatch). */
  declareQueue(spec: QueueSpec, opts?: TopologyCallOptions): Outcome<{ readonly queue: string; readonly created: boolean; readonly messageCount: number; readonly consumerCount: number }> {
    return declareQueue(this.#s, spec, opts)
  }

  /** queue.delete: messages are discarded (never dead-lettered); its consumers get a broker cancel. */
  deleteQueue(name: string, opts?: TopologyCallOptions & { readonly ifUnused?: boolean; readonly ifEmpty?: boolean }): Outcome<{ readonly messageCount: number }> {
    return deleteQueue(this.#s, name, opts)
  }

  /** queue.bind / exchange.bind (403 default exchange, 404 missing source or destination). Idempotent. */
  bind(spec: BindingSpec, opts?: TopologyCallOptions): Outcome {
    return bind(this.#s, spec, opts)
  }

  /** queue.unbind / exchange.unbind. Removing a binding that does not exist is ok. */
  unbind(spec: BindingSpec, opts?: TopologyCallOptions): Outcome {
    return unbind(this.#s, spec, opts)
  }

  /** queue.purge: removes the ready messages (unacked ones stay). */
  purge(queue: string, opts?: TopologyCallOptions): Outcome<{ readonly messageCount: number }> {
    return purge(this.#s, queue, opts)
  }

  /** The current topology (this vhost replaced by the live state; other vhosts as given). */
  topology(): Topology {
    const vhosts = new Map(this.#s.base.vhosts)
    vhosts.set(this.vhost, this.#s.vhostTopology())
    return { ...this.#s.base, vhosts }
  }

  // ------------------------------------------------------------------ connections and channels

  /**
   * Opens a connection (a generated name when none is given) and returns its name. Connections, like channels,
   * also open on first use; the default one (`DEFAULT_CONNECTION`) is open from the start.
   */
  openConnection(name?: string): string {
    return openConnection(this.#s, name)
  }

  /**
   * Closes a connection: its channels close (consumers cancelled, unacked messages requeued), then the exclusive
   * queues it declared are deleted (messages discarded, bindings removed).
   */
  closeConnection(name: string): Outcome {
    return connectionClose(this.#s, name)
  }

  /** Open connections, with their channels and exclusive queues. */
  connections(): readonly ConnectionInfo[] {
    return connectionList(this.#s)
  }

  /**
   * Opens a channel (a generated name when none is given) on a connection (default: the default one) and returns
   * its name. Reopening an open one is a no-op. Channel names are unique in the broker; naming a channel open on
   * another connection is a RangeError.
   */
  openChannel(name?: string, opts?: OpenChannelOptions): string {
    return openChannel(this.#s, name, opts)
  }

  /** Closes a channel: cancels its consumers and requeues its unacked messages (redelivered). */
  closeChannel(name: string): Outcome {
    return channelClose(this.#s, name)
  }

  channels(): readonly ChannelInfo[] {
    return channelList(this.#s)
  }

  // ------------------------------------------------------------------ messaging

  /** basic.publish (with publisher confirms): route, enqueue one copy per queue, deliver, confirm. */
  publish(request: PublishRequest): PublishOutcome {
    return basicPublish(this.#s, request)
  }

  /** basic.consume. prefetch applies to this consumer (basic.qos global=false); 0 = unlimited. */
  consume(queue: string, opts?: ConsumeOptions): Outcome<{ readonly consumerTag: string }> {
    return basicConsume(this.#s, queue, opts)
  }

  /**
   * basic.cancel. As in RabbitMQ, the consumer's unacked messages stay on its channel (they can still be acked;
   * closing the channel requeues them). An auto-delete queue is deleted when its last consumer goes.
   * An unknown tag is not an error (`found: false`).
   */
  cancel(consumerTag: string, opts?: { readonly channel?: string }): Outcome<{ readonly found: boolean }> {
    return basicCancel(this.#s, consumerTag, opts)
  }

  /** basic.get: `message` undefined = get-empty; `messageCount` = ready messages left after this one. */
  get(queue: string, opts?: GetOptions): Outcome<{ readonly message?: Delivery; readonly messageCount: number }> {
    return basicGet(this.#s, queue, opts)
  }

  /** basic.ack (multiple: every outstanding tag up to this one; tag 0 + multiple = all). */
  ack(channel: string, deliveryTag: number, multiple = false): Outcome {
    return basicAck(this.#s, channel, deliveryTag, multiple)
  }

  /** basic.nack: requeue (default true) or dead-letter / drop. */
  nack(channel: string, deliveryTag: number, multiple = false, requeue = true): Outcome {
    return basicNack(this.#s, channel, deliveryTag, multiple, requeue)
  }

  /** basic.reject: requeue (default true) or dead-letter / drop. */
  reject(channel: string, deliveryTag: number, requeue = true): Outcome {
    return basicNack(this.#s, channel, deliveryTag, false, requeue)
  }

  /** Advances the simulated clock: TTL expiry at queue heads and x-expires, in time order. */
  tick(ms: number): { readonly now: number; readonly events: readonly BrokerEvent[] } {
    return tick(this.#s, ms)
  }

  // ------------------------------------------------------------------ inspection

  queueStats(name?: string): readonly QueueStats[] {
    return queueStats(this.#s, name)
  }

  /** Ready messages in delivery order (empty for a missing queue). */
  peek(queue: string): readonly ReadyMessage[] {
    return peek(this.#s, queue)
  }

  /** Outstanding deliveries (all channels, or one), in delivery-tag order per channel. */
  unacked(channel?: string): readonly Delivery[] {
    return unackedList(this.#s, channel)
  }

  consumers(queue?: string): readonly ConsumerInfo[] {
    return consumerList(this.#s, queue)
  }
}
