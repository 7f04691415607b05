import { isAbsolute, relative, resolve } from 'node:path'
import type { Topology, VhostTopology } from '../core/model.js'
import { DEFAULT_VERSION, parseVersion, rulesFor, type VersionRules } from '../core/versions.js'
import type { Diagnostic } from '../topology/diagnostic.js'
import { loadTopologyFile, type LoadedTopology, type LoadOptions } from '../topology/load.js'
import type { InputOptions } from './input-options.js'
import { UsageError, type CliIO } from './io.js'
import { rulesFromFlag } from './version-flag.js'

export { rulesFromFlag } from './version-flag.js'

/** Options every topology-reading command shares. */
export interface LoadForCommandOptions extends InputOptions {
  /** `--vhost`. Default: "/" when the file has it, else the file's only vhost */
  readonly vhost?: string
  /** `--rabbitmq`. Default: the file's version, else DEFAULT_VERSION */
  readonly rabbitmq?: string
  /**
   * When false, an ambiguous vhost (several, none of them "/") is not an error: `vhost` is then undefined
   * and each batch probe must name its own. Default: true
   */
  readonly requireVhost?: boolean
}

export interface LoadedForCommand {
  readonly loaded: LoadedTopology
  readonly topology: Topology
  /** The selected vhost; undefined only with requireVhost: false and no default. */
  readonly vhost: VhostTopology | undefined
  readonly rules: VersionRules
}

/**
 * Loads a topology for a command and picks the vhost and the version: `--rabbitmq` > the file's version
 * > DEFAULT_VERSION. Any load error (I/O, YAML, schema) is a UsageError (exit 2) printed as `file:line:col rule message`.
 */
export async function loadForCommand(command: string, file: string | undefined, opts: LoadForCommandOptions, io: CliIO): Promise<LoadedForCommand> {
  if (file === undefined || file === '') throw new UsageError(`${command}: missing the topology file argument`)
  const flagRules = rulesFromFlag(opts.rabbitmq)
  const loaded = await loadTopologyFile(file, loadOptions(opts, io))
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0 || loaded.topology === undefined) {
    throw new UsageError(formatLoadErrors(errors, loaded, io.cwd))
  }
  const topology = loaded.topology
  let rules = flagRules
  if (rules === undefined && topology.rabbitmqVersion !== undefined) {
    const parsed = parseVersion(topology.rabbitmqVersion)
    if (!parsed.ok) {
      const pos = loaded.locate(['rabbitmq']) ?? loaded.locate(['rabbitmq_version']) ?? loaded.locate(['rabbit_version'])
      throw new UsageError(`${displayPath(loaded.file, io.cwd)}${pos ? `:${pos.line}:${pos.col}` : ''}: ${parsed.message} (override with --rabbitmq)`)
    }
    rules = rulesFor(topology.rabbitmqVersion)
  }
  rules ??= rulesFor(DEFAULT_VERSION)
  const vhost = pickVhost(topology, opts.vhost, opts.requireVhost !== false, displayPath(loaded.file, io.cwd))
  return { loaded, topology, vhost, rules }
}

/**
 * How the CLI reads a topology: relative to its cwd, `-` from its stdin (with a word on stderr when stdin is a
 * terminal), within --max-file-size and --max-alias-expansion. Used by every command that reads one.
 */
export function loadOptions(opts: InputOptions, io: CliIO): LoadOptions {
  return {
    cwd: io.cwd,
    stdin: stdinReader(io),
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(opts.stdinFilename !== undefined ? { stdinFilename: opts.stdinFilename } : {}),
    ...(opts.maxAliasExpansion !== undefined ? { maxAliasExpansion: opts.maxAliasExpansion } : {}),
  }
}

/** stdin for the loader; touched (and the terminal hint printed) only when a file is really `-`. */
function stdinReader(io: CliIO): NonNullable<LoadOptions['stdin']> {
  const stdin = () => io.stdin as NodeJS.ReadableStream & { destroy?: () => void; isTTY?: boolean }
  return {
    [Symbol.asyncIterator]() {
      if (stdin().isTTY) io.stderr.write('rmq-sim: reading the topology from the terminal (Ctrl-D to end)\n')
      return stdin()[Symbol.asyncIterator]()
    },
    destroy: () => stdin().destroy?.(),
  }
}

/** `--vhost` when given (it must exist), else "/" when present, else the only vhost. */
export function pickVhost(topology: Topology, wanted: string | undefined, required: boolean, file: string): VhostTopology | undefined {
  const names = [...topology.vhosts.keys()]
  const list = names.map((n) => JSON.stringify(n)).join(', ')
  if (wanted !== undefined) {
    const v = topology.vhosts.get(wanted)
    if (v) return v
    // A file that declares nothing for "/" still has the predeclared exchanges there.
    if (names.length === 0 && wanted === '/') return emptyVhost('/')
    throw new UsageError(`${file}: no vhost ${JSON.stringify(wanted)} in this topology (vhosts: ${list || 'none'})`)
  }
  const root = topology.vhosts.get('/')
  if (root) return root
  if (names.length === 1) return topology.vhosts.get(names[0]!)
  if (names.length === 0) return emptyVhost('/')
  if (!required) return undefined
  throw new UsageError(`${file}: the topology has several vhosts and none is "/": pick one with --vhost (vhosts: ${list})`)
}

function emptyVhost(name: string): VhostTopology {
  return { name, exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }
}

/** The path as the user should see it: relative to cwd when inside it. */
export function displayPath(file: string, cwd: string): string {
  const abs = isAbsolute(file) ? file : resolve(cwd, file)
  const rel = relative(cwd, abs)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs
}

const MAX_SHOWN = 5

function formatLoadErrors(errors: readonly Diagnostic[], loaded: LoadedTopology, cwd: string): string {
  if (errors.length === 0) return `${displayPath(loaded.file, cwd)}: could not be loaded`
  const lines = errors.slice(0, MAX_SHOWN).map((d) => {
    const pos = d.pos ?? loaded.locate(d.path)
    return `${displayPath(d.file || loaded.file, cwd)}${pos ? `:${pos.line}:${pos.col}` : ''} ${d.rule} ${d.message}`
  })
  if (errors.length > MAX_SHOWN) lines.push(`... and ${errors.length - MAX_SHOWN} more (run rmq-sim lint for all)`)
  return lines.join('\nrmq-sim: ')
}
