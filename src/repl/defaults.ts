/** The REPL's default channel for consumers, get and acks. */
export const DEFAULT_CHANNEL = 'ch1'

/** The channel publishes use by default, so that a 404/403 publish closes it and not the consumers' channel. */
export const PUBLISH_CHANNEL = 'pub'
