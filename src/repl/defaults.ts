import { DEFAULT_CONNECTION } from '../broker/broker.js'

/** The REPL's default channel for consumers, get and acks (on the default connection). */
export const DEFAULT_CHANNEL = 'ch1'

/** The channel publishes use by default, so that a 404/403 publish closes it and not the consumers' channel. */
export const PUBLISH_CHANNEL = 'pub'

/** The connection the REPL starts on (the broker's default connection). */
export const REPL_CONNECTION = DEFAULT_CONNECTION

/**
 * A default channel of a connection: `ch1` / `pub` on the default connection, `<connection>/ch1` /
 * `<connection>/pub` on another one (channel names are unique in the broker).
 */
export function channelOf(connection: string, channel: string): string {
  return connection === REPL_CONNECTION ? channel : `${connection}/${channel}`
}
