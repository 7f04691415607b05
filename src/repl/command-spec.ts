/** What a positional argument names, so the completer knows what to offer at that position. */
export type ArgKind =
  | 'exchange' | 'queue' | 'consumer' | 'channel' | 'connection' | 'delivery-tag' | 'file' | 'routing-key' | 'text'
  | 'duration' | 'command' | 'entity-kind' | 'exchange-type' | 'destination' | 'argument'

export interface PositionalSpec {
  readonly name: string
  readonly kind: ArgKind
  readonly required: boolean
  /** Fixed words accepted here (e.g. `exchange` / `queue` after `declare`). */
  readonly choices?: readonly string[]
}

export interface OptionSpec {
  /** Long name without `--`. */
  readonly name: string
  /** One-letter alias without `-`. */
  readonly alias?: string
  /** flag (default): no value; value: `--x v` or `--x=v`; repeat: a value, may be given several times. */
  readonly takes?: 'flag' | 'value' | 'repeat'
  readonly valueName?: string
  readonly description: string
  /** Also accepts `--no-<name>` (sets the flag to false). */
  readonly negatable?: boolean
  /** What the value names, for completion. */
  readonly kind?: ArgKind
}

/** One REPL command's grammar and help; the behaviour lives in the command table (commands.ts). */
export interface CommandSpec {
  readonly name: string
  readonly aliases?: readonly string[]
  readonly summary: string
  readonly usage: string
  /** Extra lines for `help <command>`. */
  readonly details?: readonly string[]
  readonly examples: readonly string[]
  readonly positionals: readonly PositionalSpec[]
  readonly options: readonly OptionSpec[]
  /** The last positional takes all remaining words. */
  readonly variadic?: boolean
}
