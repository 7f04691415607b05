import type { Publish } from '../../core/route-types.js'
import { createRouter } from '../../core/router.js'
import { makeTraceView } from '../../report/trace-view.js'
import { buildHeaders, type HeaderOptions } from '../header-args.js'
import type { InputOptions } from '../input-options.js'
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.js'
import { loadForCommand } from '../load-for-command.js'

/** Options of `rmq-sim trace` (declared in program.ts). */
export interface TraceOptions extends HeaderOptions, InputOptions {
  readonly exchange?: string
  readonly key?: string
  readonly vhost?: string
  readonly mandatory?: boolean
  readonly batch?: string
  /** Batch only: print these result fields, one compact JSON line per probe (trace-fields.ts). Default: the full shape */
  readonly fields?: string
  readonly verbose?: boolean
  readonly json?: boolean
  readonly rabbitmq?: string
  /** false with --no-color. */
  readonly color?: boolean
}

/**
 * `rmq-sim trace`: which queues one publish reaches and why. Exit 0 when the route was computed
 * (unroutable included), 1 when the publish itself fails (404/403/406), 2 on usage or I/O errors.
 */
export async function traceCommand(topology: string | undefined, opts: TraceOptions, io: CliIO): Promise<number> {
  if (opts.batch !== undefined) {
    const { traceBatch } = await import('./trace-batch.js')
    return traceBatch(topology, opts.batch, opts, io)
  }
  if (opts.fields !== undefined) throw new UsageError('trace: --fields applies to --batch (one compact JSON line per probe)')
  if (opts.exchange === undefined) {
    throw new UsageError('trace: --exchange is required (--exchange "" is the default exchange), or use --batch')
  }
  // Usage errors in the message come before reading the file.
  const headers = buildHeaders(opts)
  const { vhost, rules } = await loadForCommand('trace', topology, opts, io)
  const vh = vhost!
  const router = createRouter(vh, rules)
  const publish: Publish = {
    exchange: opts.exchange,
    routingKey: opts.key ?? '',
    ...(headers.size > 0 ? { headers } : {}),
    mandatory: opts.mandatory === true,
  }
  const result = router.trace(publish, { explain: opts.verbose === true })
  const view = makeTraceView(vh.name, rules.label, publish, result, result.error?.code === 404 ? router.exchanges().map((x) => x.name) : undefined)
  // Only the presenter in use is loaded (cold start: --json never loads chalk).
  if (opts.json) {
    const { traceToJson } = await import('../../report/trace-json.js')
    io.stdout.write(`${JSON.stringify(traceToJson(view), null, 2)}\n`)
  } else {
    const [{ makeChalk }, { renderTrace }] = await Promise.all([import('../../report/colour.js'), import('../../report/trace.js')])
    const chalk = await makeChalk(io.env, io.stdout, opts.color === false ? false : undefined)
    io.stdout.write(renderTrace(view, chalk, { verbose: opts.verbose === true }))
  }
  return result.error ? EXIT_FINDINGS : EXIT_OK
}
