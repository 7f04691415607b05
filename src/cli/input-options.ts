import { InvalidArgumentError, Option, type Command } from 'commander'

/** Options of every command that reads a topology (lint, trace, explain, repl): how the file is read. */
export interface InputOptions {
  /** `--max-file-size` in bytes. Default: the loader's 20 MiB */
  readonly maxFileSize?: number
  /** `--stdin-filename`: the name a topology read from `-` is reported as. Default: "<stdin>" */
  readonly stdinFilename?: string
  /** `--max-alias-expansion`: YAML aliases may expand the document to this many times the file's size. Default: 20 */
  readonly maxAliasExpansion?: number
}

/** Commands that read a topology; each gets the input options (program.ts adds them once, at the end). */
export const TOPOLOGY_COMMANDS: readonly string[] = ['lint', 'trace', 'explain', 'repl', 'graph', 'diff', 'export', 'import']

/** Adds --max-file-size, --stdin-filename and --max-alias-expansion to a command. */
export function addInputOptions(cmd: Command): void {
  cmd
    .addOption(new Option('--max-file-size <bytes>', 'refuse topology files larger than this; reading stops there (default 20 MiB; accepts 512k, 50m)').argParser(parseSize))
    .addOption(new Option('--stdin-filename <name>', 'the name a topology read from "-" (stdin) is reported as; a .json name reads it as JSON'))
    .addOption(new Option('--max-alias-expansion <factor>', 'YAML aliases may expand a file to this many times its size (default 20; always at least 1 MiB)').argParser(parseFactor))
}

export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(value.trim())
  if (!m) throw new InvalidArgumentError(`expected a size such as 20971520, 512k or 50m, got "${value}"`)
  const unit = (m[2] ?? '').toLowerCase()[0]
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1
  return Math.floor(Number(m[1]) * mult)
}

function parseFactor(value: string): number {
  const n = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number such as 20 or 100, got "${value}"`)
  return n
}
