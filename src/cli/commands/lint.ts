import { UsageError, type CliIO } from '../io.js'

// Placeholder until the lint command lands.
export async function lintCommand(..._args: unknown[]): Promise<number> {
  void (undefined as unknown as CliIO)
  throw new UsageError('lint: not implemented yet')
}
