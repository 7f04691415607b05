import { resolve } from 'node:path'
import { terminalText } from '../report/terminal-text.js'
import { writeFileAtomic } from '../topology/write-file.js'
import { UsageError, type CliIO } from './io.js'

/**
 * Writes a command's result: to `-o FILE` through the atomic writer (never over an existing file without
 * --force), or to stdout when there is no `-o` (or `-o -`). I/O failures are usage errors (exit 2).
 */
export function writeOutput(command: string, output: string | undefined, text: string, force: boolean, io: CliIO): void {
  if (output === undefined || output === '-') {
    io.stdout.write(text)
    return
  }
  const written = writeFileAtomic(resolve(io.cwd, output), text, force)
  if (!written.ok) {
    throw new UsageError(`${command}: ${written.reason === 'exists' ? `${terminalText(output)} exists: not overwritten (use --force to replace it)` : terminalText(written.message)}`)
  }
}

/** Notes about what a conversion left out, one line each on stderr. */
export function writeNotes(notes: readonly string[], io: CliIO): void {
  for (const n of notes) io.stderr.write(`rmq-sim: note: ${terminalText(n)}\n`)
}
