import { join, resolve } from 'node:path'
import type { Interface } from 'node:readline'
import { packageRoot } from '../package-root.js'
import { makeChalk } from '../../report/colour.js'
import { ReplSession } from '../../repl/session.js'
import type { ReplServices, ReplTopology } from '../../repl/services.js'
import { readScript, runScript } from '../../repl/run-script.js'
import { buildHeaders } from '../header-args.js'
import { loadForCommand, rulesFromFlag } from '../load-for-command.js'
import type { InputOptions } from '../input-options.js'
import { EXIT_OK, UsageError, type CliIO } from '../io.js'
import { ioErrorWords } from '../../topology/io-error-words.js'

/** Options of `rmq-sim repl` (declared in program.ts). */
export interface ReplOptions extends InputOptions {
  readonly vhost?: string
  /** A file of commands, or "-" for stdin. Default: interactive when stdin is a terminal, else stdin as a script */
  readonly script?: string
  readonly rabbitmq?: string
  /** false with --no-color. */
  readonly color?: boolean
}

/** The bundled demo topology (shipped in the package's samples/). */
const DEMO_FILE = join(packageRoot(import.meta.url), 'samples/repl-demo.yaml')

/**
 * `rmq-sim repl [topology]`: a simulated broker over the topology (the bundled demo without one). With
 * `--script` or piped stdin it runs the commands non-interactively (exit 1 if any failed); in a terminal it
 * is an interactive shell. Load errors exit 2 before anything runs.
 */
export async function replCommand(topology: string | undefined, opts: ReplOptions, io: CliIO): Promise<number> {
  rulesFromFlag(opts.rabbitmq)
  const input: InputOptions = {
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(opts.stdinFilename !== undefined ? { stdinFilename: opts.stdinFilename } : {}),
    ...(opts.maxAliasExpansion !== undefined ? { maxAliasExpansion: opts.maxAliasExpansion } : {}),
  }
  // stdin holds the commands (or the interactive terminal) unless --script names a file
  if (topology === '-' && (opts.script === undefined || opts.script === '-')) throw new UsageError('repl: stdin ("-") can hold the topology or the commands, not both: give the commands with --script FILE')
  const services: ReplServices = {
    loadTopology: async (file, o) => {
      // in the shell, stdin is the commands (or the terminal): `load -` is not a topology
      if (file === '-') throw new Error('load: "-" (stdin) is not available inside the REPL; give a file name')
      try {
        return await loadReplTopology(file, { ...optional('vhost', o.vhost), ...optional('rabbitmq', opts.rabbitmq), ...input }, io, false)
      } catch (e) {
        // Several load errors come as `rmq-sim:` lines for stderr; inside the shell they are indented under one error.
        throw e instanceof UsageError ? new Error(e.message.split('\nrmq-sim: ').join('\n  ')) : e
      }
    },
    buildHeaders: (input) => buildHeaders(input),
  }
  const start = topology === undefined
    ? await loadReplTopology(DEMO_FILE, { ...optional('vhost', opts.vhost), ...optional('rabbitmq', opts.rabbitmq) }, io, true)
    : await loadReplTopology(topology, { ...optional('vhost', opts.vhost), ...optional('rabbitmq', opts.rabbitmq), ...input }, io, false)
  const chalk = await makeChalk(io.env, io.stdout, opts.color === false ? false : undefined)
  const write = (line: string) => { io.stdout.write(`${line}\n`) }
  const scriptFile = opts.script
  const interactive = scriptFile === undefined && io.stdin.isTTY === true
  if (!interactive) {
    let lines: AsyncIterable<string> | Iterable<string>
    let stdinLines: Interface | undefined
    if (scriptFile === undefined || scriptFile === '-') {
      const { stdinLines: linesOf } = await import('../../repl/script-lines.js')
      stdinLines = linesOf(io.stdin)
      lines = stdinLines
    } else {
      let text: string
      try {
        text = await readScript(resolve(io.cwd, scriptFile))
      } catch (e) {
        throw new UsageError(`--script ${scriptFile}: ${ioErrorWords(e)}`)
      }
      lines = text.split('\n')
    }
    const session = new ReplSession({ start, services, chalk, cwd: io.cwd, write })
    session.print(session.banner())
    const code = await runScript(session, lines)
    // After `exit`, stop reading: a pipe that stays open must not keep the process alive.
    stdinLines?.close()
    if (stdinLines) (io.stdin as { destroy?: () => void }).destroy?.()
    return code
  }
  const [{ InteractiveShell }, { historyPath }] = await Promise.all([import('../../repl/interactive.js'), import('../../repl/history.js')])
  const canPrompt = io.stdout.isTTY === true && !io.env.CI
  let session: ReplSession | undefined
  const shell = new InteractiveShell(() => session!, { input: io.stdin, output: io.stdout }, historyPath(io.env))
  session = new ReplSession({ start, services, chalk, cwd: io.cwd, write, ...(canPrompt ? { prompter: shell.prompter() } : {}) })
  session.print(session.banner())
  await shell.run()
  return EXIT_OK
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}

async function loadReplTopology(file: string, opts: { vhost?: string; rabbitmq?: string } & InputOptions, io: CliIO, demo: boolean): Promise<ReplTopology> {
  const r = await loadForCommand('repl', file, opts, io)
  const vhost = r.vhost?.name ?? opts.vhost ?? '/'
  // read from stdin, the topology has no file of its own: `save` asks for a path
  return { topology: r.topology, vhost, rules: r.rules, ...(file !== '-' ? { file: resolve(io.cwd, file) } : { name: r.loaded.file }), format: r.loaded.format, demo }
}
