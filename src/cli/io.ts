/** Everything a command touches outside itself, passed in so commands stay testable (no globals). */
export interface CliIO {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean }
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  /** true only in the CLI's own process (main.ts): a command may then set process-wide V8 flags (speed, never answers). */
  readonly ownProcess?: boolean
}

/** Exit codes, as linters use them. */
export const EXIT_OK = 0
export const EXIT_FINDINGS = 1
export const EXIT_USAGE = 2

/** A usage or I/O problem a command reports with exit code 2 (thrown, caught once in main.ts). */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_USAGE) {
    super(message)
    this.name = 'UsageError'
  }
}
