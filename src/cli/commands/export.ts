import type { Topology } from '../../core/model.js'
import { topologyToDefinitions } from '../../topology/write-definitions.js'
import { EXIT_OK, UsageError, type CliIO } from '../io.js'
import { displayPath, loadForCommand, pickVhost } from '../load-for-command.js'
import { writeNotes, writeOutput } from '../write-output.js'

/** Options of `rmq-sim export` (declared in program.ts). */
export interface ExportOptions {
  /** Output file. Default: stdout */
  readonly output?: string
  /** Export only this vhost. Default: every vhost (shape broker), the file's default vhost (shape vhost) */
  readonly vhost?: string
  /** Default: broker */
  readonly shape?: 'broker' | 'vhost'
  /** definitions (RabbitMQ's import) or operator (messaging-topology-operator manifests). Default: definitions */
  readonly format?: 'definitions' | 'operator'
  /** The RabbitmqCluster the operator manifests reference (required with --format operator). */
  readonly cluster?: string
  /** Kubernetes namespace for the manifests. Default: none (the current one) */
  readonly namespace?: string
  readonly force?: boolean
  readonly maxFileSize?: number
}

/**
 * `rmq-sim export <topology>`: the topology as a definitions file RabbitMQ imports (`rabbitmqctl
 * import_definitions`, `POST /api/definitions[/{vhost}]`), or as messaging-topology-operator manifests.
 * Notes on stderr name what the target format cannot hold. Exit 0, or 2 for usage and I/O errors.
 */
export async function exportCommand(file: string | undefined, opts: ExportOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'definitions'
  if (format === 'operator' && (opts.cluster === undefined || opts.cluster === '')) throw new UsageError('export: --format operator needs --cluster NAME (the RabbitmqCluster the resources belong to)')
  if (format === 'operator' && opts.shape !== undefined) throw new UsageError('export: --shape applies to --format definitions only')
  const { vhost: _wanted, ...loadOpts } = opts
  const { topology, loaded } = await loadForCommand('export', file, { ...loadOpts, requireVhost: false }, io)
  const shape = opts.shape ?? 'broker'
  let selected: Topology = topology
  if (opts.vhost !== undefined || shape === 'vhost') {
    const v = pickVhost(topology, opts.vhost, true, displayPath(loaded.file, io.cwd))!
    selected = { ...(topology.rabbitmqVersion === undefined ? {} : { rabbitmqVersion: topology.rabbitmqVersion }), vhosts: new Map([[v.name, v]]) }
  }
  let out: { text: string; notes: readonly string[] }
  if (format === 'operator') {
    const { topologyToOperator } = await import('../../topology/write-operator.js')
    out = topologyToOperator(selected, { cluster: opts.cluster!, ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}) })
  } else {
    out = topologyToDefinitions(selected, { shape })
  }
  writeOutput('export', opts.output, out.text, opts.force === true, io)
  writeNotes(out.notes, io)
  return EXIT_OK
}
