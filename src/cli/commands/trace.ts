import { UsageError, type CliIO } from '../io.js'

// Placeholder until the trace command lands.
export async function traceCommand(..._args: unknown[]): Promise<number> {
  void (undefined as unknown as CliIO)
  throw new UsageError('trace: not implemented yet')
}
