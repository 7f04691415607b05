import type { ReplSession } from '../session.js'
import type { ParsedArgs } from '../parse-args.js'
import { didYouMean } from '../../topology/did-you-mean.js'
import { renderTable, cell } from '../../report/table.js'
import { nameText } from '../../report/value-text.js'

// Connections in the REPL: `connect` opens one and makes it current, `use` switches, `connections` lists them.
// New channels (the defaults <connection>/ch1 and <connection>/pub included) open on the current connection;
// exclusive queues declared there belong to it (`close --connection` deletes them).

/** `connect [name]`: opens a connection (a generated name when none is given) and makes it current. */
export function connectCommand(s: ReplSession, a: ParsedArgs): boolean {
  const wanted = a.positionals[0]
  if (wanted !== undefined && (wanted === '' || /[\s/]/.test(wanted))) return s.fail(`connection names have no spaces or "/": ${JSON.stringify(wanted)}`)
  const open = s.broker.connections().some((c) => c.name === wanted)
  const name = s.broker.openConnection(wanted)
  s.useConnection(name)
  s.print(`${open ? `connection ${nameText(name)} is already open` : `connection ${nameText(name)} opened`}; now using it (channels ${nameText(s.defaultChannel())}, ${nameText(s.publishChannel())})`)
  return true
}

/** `use <connection>`: new channels open on it. */
export function useCommand(s: ReplSession, a: ParsedArgs): boolean {
  const name = a.positionals[0]!
  const open = s.broker.connections().map((c) => c.name)
  if (!open.includes(name)) {
    const guess = didYouMean(name, open)
    return s.fail(`no open connection ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ''}; \`connect ${name}\` opens it`)
  }
  s.useConnection(name)
  s.print(`now using connection ${nameText(name)} (channels ${nameText(s.defaultChannel())}, ${nameText(s.publishChannel())})`)
  return true
}

/** `connections`: each open connection with its channels and exclusive queues; `*` marks the current one. */
export function connectionsCommand(s: ReplSession): boolean {
  const rows = s.broker.connections().map((c) => [
    cell(`${c.name === s.connection ? '*' : ' '} ${nameText(c.name)}`, s.c.cyan),
    cell(c.channels.length ? c.channels.map(nameText).join(', ') : '-'),
    cell(c.exclusiveQueues.length ? c.exclusiveQueues.map(nameText).join(', ') : '-'),
  ])
  for (const line of renderTable([[cell('  connection'), cell('channels'), cell('exclusive queues')], ...rows])) s.print(line)
  return true
}
