import type { CommandHandler } from './session.js'
import { cancelCommand, closeCommand, consumeCommand, getCommand, publishCommand, settleCommand, tickCommand } from './commands/messaging.js'
import { bindingsCommand, consumersCommand, exchangesCommand, inspectCommand, queuesCommand } from './commands/listing.js'
import { bindCommand, declareCommand, deleteCommand, purgeCommand } from './commands/topology.js'
import { loadCommand, resetCommand, saveCommand } from './commands/files.js'
import { explainCommand, traceCommand } from './commands/routing.js'
import { helpCommand } from './commands/help.js'
import { graphCommand } from './commands/graph.js'
import { connectCommand, connectionsCommand, useCommand } from './commands/connections.js'

/** What each command of command-table.ts does. */
export const COMMAND_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  ['publish', publishCommand],
  ['consume', consumeCommand],
  ['cancel', cancelCommand],
  ['get', getCommand],
  ['ack', settleCommand('ack')],
  ['nack', settleCommand('nack')],
  ['reject', settleCommand('reject')],
  ['close', closeCommand],
  ['connect', connectCommand],
  ['use', useCommand],
  ['connections', connectionsCommand],
  ['tick', tickCommand],
  ['queues', queuesCommand],
  ['inspect', inspectCommand],
  ['consumers', consumersCommand],
  ['exchanges', exchangesCommand],
  ['bindings', bindingsCommand],
  ['declare', declareCommand],
  ['delete', deleteCommand],
  ['bind', bindCommand(false)],
  ['unbind', bindCommand(true)],
  ['purge', purgeCommand],
  ['trace', traceCommand],
  ['explain', explainCommand],
  ['graph', graphCommand],
  ['save', saveCommand],
  ['load', loadCommand],
  ['reset', resetCommand],
  ['help', helpCommand],
])
