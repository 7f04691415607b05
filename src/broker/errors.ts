import type { BrokerError } from './types.js'

/** RabbitMQ's `rs/1`: "queue 'q' in vhost '/'" */
export const resourceName = (kind: 'queue' | 'exchange', name: string, vhost: string): string =>
  `${kind} '${name}' in vhost '${vhost}'`

const make = (code: BrokerError['code'], name: BrokerError['name'], text: string): BrokerError =>
  ({ code, name, message: `${name} - ${text}` })

export const notFound = (text: string): BrokerError => make(404, 'NOT_FOUND', text)
export const accessRefused = (text: string): BrokerError => make(403, 'ACCESS_REFUSED', text)
export const preconditionFailed = (text: string): BrokerError => make(406, 'PRECONDITION_FAILED', text)
export const resourceLocked = (text: string): BrokerError => make(405, 'RESOURCE_LOCKED', text)
export const commandInvalid = (text: string): BrokerError => make(503, 'COMMAND_INVALID', text)
export const channelError = (text: string): BrokerError => make(504, 'CHANNEL_ERROR', text)
export const notAllowed = (text: string): BrokerError => make(530, 'NOT_ALLOWED', text)
export const notImplemented = (text: string): BrokerError => make(540, 'NOT_IMPLEMENTED', text)
export const internalError = (text: string): BrokerError => make(541, 'INTERNAL_ERROR', text)

/** rabbit_misc:val/1, as the inequivalent-arg message prints a table value. */
export function describeArgValue(v: { readonly type: string; readonly value?: unknown } | undefined): string {
  if (v === undefined) return 'none'
  if (v.type === 'void') return `the value 'undefined' of type 'void'`
  return `the value '${typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value)}' of type '${v.type}'`
}

/**
 * 405 for a queue another connection declared exclusive, or an exclusive flag that does not match
 * (rabbit_amqqueue:check_exclusive_access; the same text in 3.10 and 4.x).
 */
export const exclusiveLocked = (queue: string, vhost: string): BrokerError => resourceLocked(
  `cannot obtain exclusive access to locked ${resourceName('queue', queue, vhost)}. It could be originally declared on another ` +
  'connection or the exclusive property value does not match that of the original declaration.')
