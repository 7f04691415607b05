import { UsageError, type CliIO } from '../io.js'

// Placeholder until the repl command lands.
export async function replCommand(..._args: unknown[]): Promise<number> {
  void (undefined as unknown as CliIO)
  throw new UsageError('repl: not implemented yet')
}
