import type { AmqpTable } from '../core/amqp-value.js'
import type { Topology } from '../core/model.js'
import type { LoadedTopology } from '../topology/loaded-topology.js'
import type { VersionRules } from '../core/versions.js'

/** A topology ready for the REPL: the file it came from, the vhost and rules picked. */
export interface ReplTopology {
  readonly topology: Topology
  readonly vhost: string
  readonly rules: VersionRules
  /** Absolute path of the file, when it came from one. */
  readonly file?: string
  /** What to call a topology without a file (read from stdin: `<stdin>` or its --stdin-filename). */
  readonly name?: string
  /** How the file was written: `save` without a path updates YAML in place, and asks for a path otherwise. */
  readonly format: LoadedTopology['format']
  /** The bundled demo: `save` asks for a path instead of changing the package's own file. */
  readonly demo: boolean
}

/** The options `--header`-style parsing takes, shared with `rmq-sim trace`. */
export interface HeaderInput {
  readonly header?: readonly string[]
  readonly headers?: string
  readonly cc?: readonly string[]
  readonly bcc?: readonly string[]
}

/**
 * What the shell borrows from the CLI layer, passed in by `src/cli/commands/repl.ts` (nothing imports cli):
 * loading a topology the way every command does, and `--header` parsing as `trace` does it.
 * Both throw an Error whose message is fit to print on one line.
 */
export interface ReplServices {
  loadTopology(file: string, opts: { readonly vhost?: string; readonly rabbitmq?: string }): Promise<ReplTopology>
  buildHeaders(input: HeaderInput): AmqpTable
}

/** A question asked in a terminal (inquirer), while the shell's readline is paused. undefined = cancelled. */
export interface Prompter {
  select(message: string, choices: readonly { readonly name: string; readonly value: string; readonly description?: string }[]): Promise<string | undefined>
  input(message: string, opts?: { readonly default?: string }): Promise<string | undefined>
}
