import { UsageError, type CliIO } from '../io.js'

// Placeholder until the explain command lands.
export async function explainCommand(..._args: unknown[]): Promise<number> {
  void (undefined as unknown as CliIO)
  throw new UsageError('explain: not implemented yet')
}
