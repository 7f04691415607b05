import { Command, Option } from 'commander'
import type { CliIO } from './io.js'
import { addInputOptions, parseSize, TOPOLOGY_COMMANDS } from './input-options.js'
import { DEFAULT_VERSION } from '../core/versions.js'

/** Sets the exit code a command returned; the program itself never calls process.exit. */
export type ExitSink = (code: number) => void

/**
 * The command a run names: its first argument that is not an option. The program's own options (--no-color,
 * --version, --help) take no value, so nothing before the command word can be an option's value.
 */
export function commandWord(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'))
}

const versionOption = () =>
  new Option('--rabbitmq <version>', `RabbitMQ version whose rules apply (major.minor[.patch], 3.10 to 4.3; default: the file's version, else ${DEFAULT_VERSION})`)

/**
 * Each command, added to a program by its own function: a run that names its command builds only that one (the
 * options of a dozen commands are a few ms of commander work at every start); help and unknown words build all.
 */
const COMMANDS: ReadonlyMap<string, (program: Command, io: CliIO, exit: ExitSink) => void> = new Map([
  ['lint', (program, io, exit) => {
    program
      .command('lint')
      .description('check topology files (YAML or RabbitMQ definitions exports): schema, references, routing pitfalls')
      .argument('[files...]', 'files, directories (their *.yaml, *.yml, *.json) or globs')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'github', 'sarif', 'junit', 'checkstyle']).default('stylish'))
      .option('--json', 'same as --format json')
      .option('--max-warnings <n>', 'exit 1 when there are more warnings than this (-1: no limit)', parseWarningLimit)
      .option('-c, --config <file>', 'use this config file (default: rmq-sim.config.yaml or .rmq-sim.yaml, found by walking up from each file)')
      .option('--no-config', 'use no config file')
      .option('--rule <id:level>', 'set a rule to off, info, warning or error (repeatable; wins over the config)', collect, [])
      .option('--print-config <file>', 'print the settings that apply to this file as JSON, and lint nothing')
      .option('-o, --output <file>', 'write the report to this file (atomically) instead of stdout')
      .option('-v, --verbose', 'say which files a directory or glob reached but were skipped')
      .option('--report-unused-disable-directives', 'report rmq-sim-disable comments that suppress nothing (as errors)')
      .option('--no-inline-config', 'ignore rmq-sim-disable comments')
      .option('--fix', 'fix what is safe in YAML files (x-alternate-exchange, glued wildcards, string TTLs), then report the rest')
      .option('--fix-dry-run', 'print those fixes as a diff without writing; report what would remain')
      .option('-q, --quiet', 'report errors only')
      .addOption(versionOption())
      .action(async (files: string[], opts, cmd: Command) => {
        const { lintCommand } = await import('./commands/lint.js')
        exit(await lintCommand(files, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['trace', (program, io, exit) => {
    program
      .command('trace')
      .description('show which queues a message reaches, hop by hop, and why')
      .argument('[topology]', 'topology file (YAML or definitions export)')
      .option('-e, --exchange <name>', 'exchange to publish to ("" is the default exchange)')
      .option('-k, --key <routingKey>', 'routing key', '')
      .option('--vhost <vhost>', 'virtual host (default: "/" or the file\'s only vhost)')
      .option('-H, --header <name[:type]=value>', 'message header (name:void for a void value); types: string (default), int, long, double, float, bool, timestamp, void, array (JSON); repeatable, the last of a name wins', collect, [])
      .option('--headers <json>', 'headers as a JSON object in the typed encoding, e.g. \'{"n": 1.0}\' (docs/trace-json.md)')
      .option('--cc <key>', 'CC routing key (repeatable)', collect, [])
      .option('--bcc <key>', 'BCC routing key (repeatable)', collect, [])
      .option('--mandatory', 'unroutable messages are returned (basic.return) instead of dropped')
      .option('--batch <file>', 'one JSON probe per line ("-" for stdin); prints one JSON result per line')
      .option('--fields <list>', 'with --batch: one compact JSON line per probe with these fields, e.g. queues,returned,error (docs/trace-json.md)')
      .option('-v, --verbose', 'also list bindings that did not match, with the reason')
      .option('--json', 'machine-readable output')
      .addOption(versionOption())
      .action(async (topology: string | undefined, opts, cmd: Command) => {
        const { traceCommand } = await import('./commands/trace.js')
        exit(await traceCommand(topology, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['explain', (program, io, exit) => {
    program
      .command('explain')
      .description('explain, word by word, why a topic pattern matches a routing key; or every binding of an exchange')
      .argument('<patternOrTopology>', 'a topic binding pattern, or a topology file when --exchange is given')
      .argument('[routingKey]', 'routing key (pattern mode)')
      .option('-e, --exchange <name>', 'topology mode: explain every binding of this exchange')
      .option('-k, --key <routingKey>', 'routing key (topology mode)', '')
      .option('--vhost <vhost>', 'virtual host')
      .option('-H, --header <name[:type]=value>', 'message header (repeatable)', collect, [])
      .option('--headers <json>', 'headers as a JSON object in the typed encoding')
      .option('--cc <key>', 'CC routing key (repeatable)', collect, [])
      .option('--bcc <key>', 'BCC routing key (repeatable)', collect, [])
      .option('--json', 'machine-readable output')
      .addOption(versionOption())
      .action(async (first: string, second: string | undefined, opts, cmd: Command) => {
        const { explainCommand } = await import('./commands/explain.js')
        exit(await explainCommand(first, second, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['graph', (program, io, exit) => {
    program
      .command('graph')
      .description('draw a topology: Mermaid, Graphviz DOT, or a self-contained HTML page that traces routes live')
      .argument('<topology>', 'topology file (YAML or definitions export)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['mermaid', 'dot', 'html']).default('mermaid'))
      .option('-o, --output <file>', 'write to this file (atomically; never replaces one without --force) instead of stdout')
      .option('--force', 'replace the output file if it exists')
      .option('-e, --exchange <name>', 'highlight the route of a message published to this exchange ("" is the default exchange)')
      .option('-k, --key <routingKey>', 'routing key of the highlighted message (default "")')
      .option('-H, --header <name[:type]=value>', 'header of the highlighted message, typed as in trace (repeatable)', collect, [])
      .option('--headers <json>', 'headers as a JSON object in the typed encoding')
      .option('--cc <key>', 'CC routing key (repeatable)', collect, [])
      .option('--bcc <key>', 'BCC routing key (repeatable)', collect, [])
      .option('--mandatory', 'the highlighted message is mandatory')
      .option('--vhost <vhost>', 'draw only this virtual host (default: all; the route is traced in "/" or the only vhost)')
      .addOption(versionOption())
      .action(async (topology: string, opts, cmd: Command) => {
        const { graphCommand } = await import('./commands/graph.js')
        exit(await graphCommand(topology, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['test', (program, io, exit) => {
    program
      .command('test')
      .description('run routing tests: publishes and the queues they must (or must not) reach, dead-lettering on the simulated broker')
      .argument('<specs...>', 'spec files (YAML; schemas/spec.schema.json)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['human', 'json', 'junit']).default('human'))
      .option('--json', 'same as --format json')
      .option('-u, --update', 'snapshot mode: write the current answers into failing `exactly` expectations (comments kept)')
      .option('-o, --output <file>', 'write the report to a file (not overwritten without --force)')
      .option('--force', 'replace the --output file')
      .option('--vhost <vhost>', 'virtual host (default: the spec\'s, else "/" or the only one)')
      .option('--max-file-size <bytes>', 'refuse topology files larger than this (default 20 MiB; accepts 512k, 50m)', parseSize)
      .addOption(versionOption())
      .action(async (specs: string[], opts, cmd: Command) => {
        const { testCommand } = await import('./commands/test.js')
        exit(await testCommand(specs, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['diff', (program, io, exit) => {
    program
      .command('diff')
      .description('what changes between two topologies: entities, effective policies, redeclares a broker refuses, routing impact')
      .argument('<old>', 'old topology: a file, or REV:PATH read with git (origin/main:topology.yaml)')
      .argument('<new>', 'new topology: a file, or REV:PATH')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['human', 'json', 'markdown']).default('human'))
      .option('--json', 'same as --format json')
      .option('--fail-on-change', 'exit 1 when any probe routes differently')
      .option('--probes <file>', 'more publishes to compare: one JSON probe per line, as trace --batch')
      .option('-o, --output <file>', 'write the report to a file (not overwritten without --force)')
      .option('--force', 'replace the --output file')
      .addOption(versionOption())
      .action(async (oldArg: string, newArg: string, opts, cmd: Command) => {
        const { diffCommand } = await import('./commands/diff.js')
        exit(await diffCommand(oldArg, newArg, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['schema', (program, io, exit) => {
    program
      .command('schema')
      .description('print the topology JSON schema (draft-07) for editors and CI')
      .action(async () => {
        const { schemaCommand } = await import('./commands/schema.js')
        exit(await schemaCommand(io))
      })
  }],
  ['repl', (program, io, exit) => {
    program
      .command('repl')
      .description('a local broker over a topology: publish, consume, ack/nack, dead-letter, tick the clock')
      .argument('[topology]', 'topology file (default: a bundled demo showing all four exchange types)')
      .option('--vhost <vhost>', 'virtual host')
      .option('--script <file>', 'run commands from a file non-interactively ("-" for stdin)')
      .addOption(versionOption())
      .action(async (topology: string | undefined, opts, cmd: Command) => {
        const { replCommand } = await import('./commands/repl.js')
        exit(await replCommand(topology, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['init', (program, io, exit) => {
    program
      .command('init')
      .description('create a topology file: a wizard in a terminal; without one (or with --yes / flags), a starter topology')
      .argument('[file]', 'file to write ("-" for stdout)', 'rmq-topology.yaml')
      .option('-y, --yes', 'ask nothing: write the starter topology, or the one the flags below describe')
      .option('-f, --force', 'replace the file if it exists')
      .option('--exchange <name:type>', 'an exchange (direct, fanout, topic, headers); repeatable', collect, [])
      .option('--queue <name[:type]>', 'a queue (classic, quorum, stream; default classic); repeatable', collect, [])
      .option('--bind <source:destination[:key]>', 'a binding; for a headers exchange the key is x-match=any,name=value,...; repeatable', collect, [])
      .option('--dlx', 'a dead-letter exchange <queue>.dlx (fanout) and queue <queue>.dlq for every queue')
      .option('--schema <pathOrUrl>', "the modeline's $schema (default: node_modules/rmq-sim's schema when installed, else the unpkg URL)")
      .option('--rabbitmq <version>', 'RabbitMQ version written to the file (rabbitmq:) and whose rules the check uses')
      .action(async (file: string, opts, cmd: Command) => {
        const { initCommand } = await import('./commands/init.js')
        exit(await initCommand(file, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['export', (program, io, exit) => {
    program
      .command('export')
      .description('write a topology as a definitions file RabbitMQ imports (or as messaging-topology-operator manifests)')
      .argument('<topology>', 'topology file')
      .option('-o, --output <file>', 'write to this file (default: stdout)')
      .option('--vhost <vhost>', 'export only this vhost')
      .addOption(new Option('--shape <shape>', 'broker: rabbitmqctl import_definitions / POST /api/definitions; vhost: POST /api/definitions/{vhost}').choices(['broker', 'vhost']))
      .addOption(new Option('--format <format>', 'output format').choices(['definitions', 'operator']).default('definitions'))
      .option('--cluster <name>', 'the RabbitmqCluster the operator manifests reference (--format operator)')
      .option('--namespace <ns>', 'metadata.namespace of the operator manifests')
      .option('-f, --force', 'replace the output file if it exists')
      .action(async (topology: string, opts, cmd: Command) => {
        const { exportCommand } = await import('./commands/export.js')
        exit(await exportCommand(topology, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['import', (program, io, exit) => {
    program
      .command('import')
      .description('convert a definitions export (any shape), operator manifests or AsyncAPI to rmq-sim YAML')
      .argument('<file>', 'file to convert')
      .option('-o, --output <file>', 'write to this file (default: stdout)')
      .option('-f, --force', 'replace the output file if it exists')
      .action(async (file: string, opts, cmd: Command) => {
        const { importCommand } = await import('./commands/import.js')
        exit(await importCommand(file, { ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
  ['pull', (program, io, exit) => {
    program
      .command('pull')
      .description("read a running broker's definitions through the management HTTP API (read-only)")
      .requiredOption('--url <url>', 'the management API, e.g. http://localhost:15672')
      .option('--vhost <vhost>', 'only this vhost (GET /api/definitions/{vhost})')
      .option('-o, --output <file>', 'write to this file (default: stdout)')
      .option('-f, --force', 'replace the output file if it exists')
      .option('--user <name>', 'user name (default: the URL\'s, else RABBITMQ_USER, else guest)')
      .option('--password-file <file>', 'file whose first line is the password (default: the URL\'s, else RABBITMQ_PASSWORD, else guest)')
      .option('--ca <file>', 'PEM certificate authorities to trust for https')
      .option('--timeout <seconds>', 'give up after this many seconds (default 30)', parsePositive)
      .option('--max-size <bytes>', 'refuse answers larger than this (default 20 MiB; accepts 512k, 50m)', parseSize)
      .option('-v, --verbose', 'print the request made (never the credentials)')
      .action(async (opts, cmd: Command) => {
        const { pullCommand } = await import('./commands/pull.js')
        exit(await pullCommand({ ...cmd.optsWithGlobals(), ...opts }, io))
      })
  }],
])

/**
 * A fresh commander program (never the global one). With `only`, the name of a known command, just that command
 * is added (the run's argv names it: see commandWord). Each action imports its command lazily so that
 * `rmq-sim trace` does not pay for the REPL, inquirer or the linter at start-up.
 */
export function createProgram(io: CliIO, exit: ExitSink, version: string, only?: string): Command {
  const program = new Command('rmq-sim')
  const commanderOwn = program.configureOutput()
  program
    .description('See, test and lint RabbitMQ topologies without a broker.')
    .version(version, '-V, --version')
    .option('--no-color', 'disable coloured output (also: NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // commander's own answers read process.stdout, building its stream: asked only when stdout is a terminal
      getOutHelpWidth: () => (io.stdout.isTTY === true ? commanderOwn.getOutHelpWidth!() : undefined as unknown as number),
      getOutHasColors: () => io.stdout.isTTY === true && commanderOwn.getOutHasColors!(),
    })

  const one = only !== undefined && COMMANDS.has(only)
  for (const [name, add] of COMMANDS) if (!one || name === only) add(program, io, exit)

  // how topologies are read (bounded reads, stdin, YAML aliases): the same options on every command that reads one
  for (const cmd of program.commands) if (TOPOLOGY_COMMANDS.includes(cmd.name())) addInputOptions(cmd)

  return program
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidOptionArgument(`expected a non-negative whole number, got "${value}"`)
  return Number(value)
}

function parseWarningLimit(value: string): number {
  if (value === '-1') return -1
  return parseCount(value)
}

function parsePositive(value: string): number {
  const n = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidOptionArgument(`expected a positive number of seconds, got "${value}"`)
  return n
}

import { InvalidArgumentError as InvalidOptionArgument } from 'commander'
