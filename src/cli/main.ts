import { CommanderError } from 'commander'
import { commandWord, createProgram } from './program.js'
import { EXIT_USAGE, UsageError, type CliIO } from './io.js'
import { ownPackage } from './package-root.js'
import { terminalLines } from '../report/terminal-text.js'
import { ioErrorWords } from '../topology/io-error-words.js'
import { cliStdout } from './direct-stdout.js'

/** The one place that touches process: builds the io, runs the program, sets the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  // process.stdin and process.stderr are getters that build a stream (for a pipe: net and its modules): a run pays
  // for them only when it reads stdin or writes to stderr. stdout to a file, a pipe or /dev/null is written with
  // fs.writeSync and builds no stream at all (direct-stdout.ts); to a terminal or a socket it is process.stdout.
  const stdout = cliStdout(onStdoutError)
  const io: CliIO = { cwd: process.cwd(), env: process.env, get stdout() { return stdout() }, get stderr() { return process.stderr }, get stdin() { return process.stdin }, ownProcess: true }
  const { version } = ownPackage(import.meta.url)
  let code = 0
  const program = createProgram(io, (c) => { code = c }, version, commandWord(argv))
  try {
    await program.parseAsync(argv as string[], { from: 'user' })
    return code
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0; usage errors are 2, as linters use them.
      return err.exitCode === 0 ? 0 : EXIT_USAGE
    }
    if (err instanceof UsageError) {
      io.stderr.write(`rmq-sim: ${terminalLines(err.message)}\n`)
      return err.exitCode
    }
    const e = err as NodeJS.ErrnoException
    io.stderr.write(`rmq-sim: internal error: ${terminalLines(e?.message ?? String(err))}\n`)
    if (process.env.DEBUG) io.stderr.write(`${e?.stack ?? ''}\n`)
    else io.stderr.write('(set DEBUG=1 for a stack trace, and please report it)\n')
    return EXIT_USAGE
  }
}

/**
 * A failed write to stdout. EPIPE (e.g. `rmq-sim lint ... | head`): the reader wants no more, not an error worth a
 * message. Any other (a full disk, an I/O error): said on stderr, exit 2, rather than a cut-off report and exit 0.
 */
function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  process.stderr.write(`rmq-sim: cannot write to stdout: ${ioErrorWords(e)}\n`)
  process.exit(EXIT_USAGE)
}

// not a top-level await: the start-up bundle is CommonJS (scripts/bundle-cli.mjs)
void main(process.argv.slice(2)).then((code) => { process.exitCode = code })
