import type { ChalkInstance } from 'chalk'
import type { CaseResult, SpecRun } from '../spec/run-spec.js'
import { totals } from '../spec/run-spec.js'
import type { RouteResult } from '../core/route-types.js'
import { errorJson, traceToJson } from './trace-json.js'
import { makeTraceView } from './trace-view.js'
import { buildRouteTree } from './trace.js'
import { renderTree } from './tree.js'
import { terminalText } from './terminal-text.js'
import type { JUnitSuite } from './junit-xml.js'

const casePos = (run: SpecRun, r: CaseResult) => run.spec.locate(['cases', r.case.index])
const where = (run: SpecRun, r: CaseResult): string => {
  const pos = casePos(run, r)
  return pos ? `${run.display}:${pos.line}:${pos.col}` : run.display
}

/** The actual route of a failed case as trace's tree (plus the verdict), for people and for JUnit's failure text. */
function routeLines(run: SpecRun, r: CaseResult, chalk: ChalkInstance): string[] {
  const o = r.outcome
  const lines: string[] = []
  if (o.inQueue) {
    lines.push(`${terminalText(o.inQueue.queue)} holds ${o.inQueue.count} message(s)${o.inQueue.xDeath ? `; x-death[0] ${terminalText(JSON.stringify(o.inQueue.xDeath))}` : ''}`)
  }
  if (o.route.error) return lines
  lines.push(`${o.publish.exchange === '' ? 'default exchange' : `exchange ${terminalText(o.publish.exchange)}`}, routing key ${terminalText(JSON.stringify(o.publish.routingKey))}: ${o.route.queues.length === 0 ? (o.route.returned ? 'returned' : 'unroutable') : `${o.route.queues.length} queue(s)`}`)
  lines.push(...renderTree(buildRouteTree(makeTraceView(run.vhost, run.rabbitmq, o.publish, o.route), chalk, false)))
  return lines
}

/** Human output: a header per spec, one line per case; a failure adds why and the actual route tree. */
export function renderSpecRuns(runs: readonly SpecRun[], chalk: ChalkInstance): string {
  const out: string[] = []
  for (const run of runs) {
    out.push(chalk.bold(`${terminalText(run.display)}`) + chalk.dim(` (RabbitMQ ${run.rabbitmq} rules, vhost ${terminalText(JSON.stringify(run.vhost))})`))
    for (const r of run.results) {
      const name = terminalText(r.case.name)
      if (r.outcome.passed) {
        out.push(`  ${chalk.green('✓')} ${name}`)
        continue
      }
      out.push(`  ${chalk.red('✗')} ${name} ${chalk.dim(terminalText(where(run, r)))}`)
      out.push(`      ${chalk.red(terminalText(r.outcome.message ?? 'failed'))}`)
      for (const l of routeLines(run, r, chalk)) out.push(`      ${l}`)
    }
  }
  const t = totals(runs)
  const summary = `${t.passed} passed, ${t.failed} failed (${t.cases} case${t.cases === 1 ? '' : 's'}, ${t.timeMs.toFixed(1)} ms)`
  out.push(t.failed > 0 ? chalk.red(summary) : chalk.green(summary))
  return `${out.join('\n')}\n`
}

/** `--format json`: exact names, the route of every case (trace's JSON), and totals. */
export function specRunsJson(runs: readonly SpecRun[]): Record<string, unknown> {
  const t = totals(runs)
  return {
    passed: t.failed === 0,
    totals: { cases: t.cases, passed: t.passed, failed: t.failed },
    specs: runs.map((run) => ({
      file: run.display,
      rabbitmq: run.rabbitmq,
      vhost: run.vhost,
      cases: run.results.map((r) => {
        const pos = casePos(run, r)
        return {
        name: r.case.name,
        index: r.case.index,
        ...(pos ? { line: pos.line, col: pos.col } : {}),
        passed: r.outcome.passed,
        ...(r.outcome.message !== undefined ? { message: r.outcome.message } : {}),
        expect: r.case.expect,
        // the whole route (trace's JSON) for failures; the verdict for passes keeps a 10k-case report small
        actual: r.outcome.passed ? verdictJson(r.outcome.route) : traceToJson(makeTraceView(run.vhost, run.rabbitmq, r.outcome.publish, r.outcome.route)),
        ...(r.outcome.inQueue ? { inQueue: r.outcome.inQueue } : {}),
        }
      }),
    })),
  }
}

function verdictJson(route: RouteResult): Record<string, unknown> {
  return { queues: route.queues, routed: route.routed, returned: route.returned, ...(route.error ? { error: errorJson(route.error) } : {}) }
}

/** The runs as JUnit suites: one suite per spec file, one testcase per case; a failure carries the route tree. */
export function specRunsJUnit(runs: readonly SpecRun[], chalk: ChalkInstance): JUnitSuite[] {
  return runs.map((run) => ({
    name: run.display,
    timeSeconds: run.timeMs / 1000,
    properties: [['rabbitmq', run.rabbitmq], ['vhost', run.vhost]],
    cases: run.results.map((r) => ({
      name: r.case.name,
      classname: run.display,
      timeSeconds: r.timeMs / 1000,
      ...(r.outcome.passed ? {} : {
        failures: [{
          message: r.outcome.message ?? 'failed',
          type: r.case.expect.kind,
          text: [`${where(run, r)}: ${r.outcome.message ?? 'failed'}`, ...routeLines(run, r, chalk)].join('\n'),
        }],
      }),
    })),
  }))
}
