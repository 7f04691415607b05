import type { ReplSession } from '../session.js'
import type { ParsedArgs } from '../parse-args.js'
import { COMMAND_SPECS, commandWords, findCommand } from '../command-table.js'
import { didYouMean } from '../../topology/did-you-mean.js'
import { renderTable, cell } from '../../report/table.js'

/** `help` lists the commands; `help <command>` shows its usage, options and examples. */
export function helpCommand(s: ReplSession, a: ParsedArgs): boolean {
  const name = a.positionals[0]
  if (name === undefined) {
    s.print('Commands (help <command> for usage and examples; Tab completes names):')
    for (const line of renderTable(COMMAND_SPECS.map((c) => [cell(c.name, s.c.cyan), cell(c.summary)]))) s.print(line)
    s.print(s.c.dim('Quote words with spaces: publish shop "order created"; "" is the empty key / default exchange.'))
    return true
  }
  const spec = findCommand(name)
  if (!spec) {
    const guess = didYouMean(name, commandWords(), { prefix: true })
    return s.fail(`no command "${name}"${guess ? ` (did you mean ${guess}?)` : ''}`)
  }
  s.print(`${s.c.bold(spec.name)}: ${spec.summary}`)
  s.print(`usage: ${spec.usage}`)
  if (spec.aliases?.length) s.print(`aliases: ${spec.aliases.join(', ')}`)
  for (const d of spec.details ?? []) s.print(d)
  if (spec.options.length) {
    s.print('options:')
    const rows = spec.options.map((o) => [
      cell(`${o.alias ? `-${o.alias}, ` : ''}--${o.negatable ? `[no-]` : ''}${o.name}${(o.takes ?? 'flag') !== 'flag' ? ` <${o.valueName ?? 'value'}>` : ''}`, s.c.cyan),
      cell(o.description),
    ])
    for (const line of renderTable(rows)) s.print(line)
  }
  s.print('examples:')
  for (const e of spec.examples) s.print(`  ${e}`)
  return true
}
