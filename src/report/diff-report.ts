import type { ChalkInstance } from 'chalk'
import type { Publish, RouteResult } from '../core/route-types.js'
import type { DiffResult } from '../diff/diff-topologies.js'
import type { EntityChange, RoutingChange } from '../diff/types.js'
import { terminalText } from './terminal-text.js'
import { traceToJson } from './trace-json.js'
import { makeTraceView } from './trace-view.js'
import { buildRouteTree } from './trace.js'
import { renderTree } from './tree.js'

/** What the report says about the two inputs. */
export interface DiffHeader {
  readonly old: string
  readonly new: string
  readonly rabbitmq: string
  /** Probes read from --probes, if any. */
  readonly userProbes: number
}

const t = terminalText
const vh = (v: string): string => (v === '/' ? '' : `[vhost ${v}] `)
const value = (v: unknown): string => (v === null ? '(none)' : JSON.stringify(v))

function probeText(p: Publish): string {
  const headers = p.headers && p.headers.size > 0 ? ` headers ${JSON.stringify(Object.fromEntries([...p.headers].map(([k, v]) => [k, 'value' in v ? v.value : null])))}` : ''
  return `${p.exchange === '' ? '(default exchange)' : p.exchange} ${JSON.stringify(p.routingKey)}${headers}`
}

function entityLine(e: EntityChange): string {
  const sign = e.change === 'added' ? '+' : e.change === 'removed' ? '-' : '~'
  const fields = e.fields.map((f) => `${f.field} ${value(f.old)} → ${value(f.new)}`).join('; ')
  return `${sign} ${vh(e.vhost)}${e.kind} ${e.name}${fields ? `: ${fields}` : ''}`
}

function routingLine(c: RoutingChange): string {
  const parts: string[] = []
  if (c.lost.length) parts.push(`lost ${c.lost.join(', ')}`)
  if (c.added.length) parts.push(`added ${c.added.join(', ')}`)
  if (c.oldError !== c.newError) parts.push(c.newError ? `now fails: ${c.newError}` : `no longer fails (was: ${c.oldError})`)
  return `${vh(c.vhost)}${probeText(c.probe)}: ${parts.join('; ')}`
}

function treeLines(vhost: string, rabbitmq: string, publish: Publish, route: RouteResult, chalk: ChalkInstance): string[] {
  if (route.error) return [`publish fails: ${route.error.code} ${route.error.message}`]
  const verdict = route.queues.length === 0 ? (route.returned ? 'returned' : 'unroutable') : route.queues.join(', ')
  return [`→ ${verdict}`, ...renderTree(buildRouteTree(makeTraceView(vhost, rabbitmq, publish, route), chalk, false))]
}

/** Human output. */
export function renderDiff(r: DiffResult, h: DiffHeader, chalk: ChalkInstance): string {
  const d = r.diff
  const out: string[] = [chalk.bold(`rmq-sim diff ${t(h.old)} → ${t(h.new)}`) + chalk.dim(` (RabbitMQ ${h.rabbitmq} rules)`)]
  if (d.entities.length === 0 && d.effectivePolicies.length === 0 && d.routing.changes.length === 0 && d.refused.length === 0) {
    out.push(chalk.green(`no changes (${d.routing.probes} probes route the same)`))
    return `${out.join('\n')}\n`
  }
  if (d.entities.length > 0) {
    out.push('', chalk.bold('Changes'))
    for (const e of d.entities) {
      const line = `  ${t(entityLine(e))}`
      out.push(e.change === 'added' ? chalk.green(line) : e.change === 'removed' ? chalk.red(line) : chalk.yellow(line))
    }
  }
  if (d.effectivePolicies.length > 0) {
    out.push('', chalk.bold('Effective policy'))
    for (const p of d.effectivePolicies) out.push(`  ${t(`${vh(p.vhost)}${p.kind} ${p.name}: ${p.old ?? '(none)'} → ${p.new ?? '(none)'}`)}`)
  }
  if (d.refused.length > 0) {
    out.push('', chalk.bold(chalk.red('Refused on redeclare by a running broker')))
    for (const x of d.refused) {
      out.push(`  ${chalk.red('✗')} ${t(`${vh(x.vhost)}${x.kind} ${x.name}`)}: ${x.code} ${t(x.message)}`)
      out.push(`    instead: ${t(x.advice)}`)
    }
  }
  out.push('', chalk.bold(`Routing impact`) + chalk.dim(` (${d.routing.probes} probes: keys and header sets the bindings of both versions imply${h.userProbes > 0 ? `, ${h.userProbes} from the probe file` : ''})`))
  if (d.routing.changes.length === 0) out.push(chalk.green('  no destination changes'))
  for (const c of d.routing.changes) out.push(`  ${t(routingLine(c))}`)
  if (r.first) {
    const c = r.first.change
    out.push('', chalk.bold(`First change: ${t(probeText(c.probe))}`))
    out.push('  old:', ...treeLines(c.vhost, h.rabbitmq, c.probe, r.first.old, chalk).map((l) => `    ${l}`))
    out.push('  new:', ...treeLines(c.vhost, h.rabbitmq, c.probe, r.first.new, chalk).map((l) => `    ${l}`))
  }
  out.push('', summary(r))
  return `${out.join('\n')}\n`
}

function summary(r: DiffResult): string {
  const d = r.diff
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`
  return `${n(d.entities.length, 'entity change')}, ${n(d.effectivePolicies.length, 'effective policy change')}, ${n(d.refused.length, 'refused redeclare')}, ${n(d.routing.changes.length, 'routing change')}`
}

/** `--json`: the whole diff, exact names, and the first change's two routes as trace JSON. */
export function diffJson(r: DiffResult, h: DiffHeader): Record<string, unknown> {
  const probe = (p: Publish) => ({
    exchange: p.exchange, routingKey: p.routingKey,
    ...(p.headers && p.headers.size > 0 ? { headers: Object.fromEntries([...p.headers].map(([k, v]) => [k, 'value' in v ? v.value : null])) } : {}),
  })
  return {
    old: h.old, new: h.new, rabbitmq: h.rabbitmq,
    changed: r.diff.entities.length + r.diff.effectivePolicies.length + r.diff.routing.changes.length + r.diff.refused.length > 0,
    entities: r.diff.entities,
    effectivePolicies: r.diff.effectivePolicies,
    refused: r.diff.refused,
    routing: { probes: r.diff.routing.probes, changes: r.diff.routing.changes.map((c) => ({ ...c, probe: probe(c.probe) })) },
    ...(r.first ? {
      first: {
        probe: probe(r.first.change.probe),
        old: traceToJson(makeTraceView(r.first.change.vhost, h.rabbitmq, r.first.change.probe, r.first.old)),
        new: traceToJson(makeTraceView(r.first.change.vhost, h.rabbitmq, r.first.change.probe, r.first.new)),
      },
    } : {}),
  }
}

/** Inline code in Markdown: a fence longer than any backtick run inside; table pipes escaped. */
function code(s: string): string {
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/\|/g, '\\|')
  const runs = clean.match(/`+/g) ?? []
  const fence = '`'.repeat(Math.max(0, ...runs.map((x) => x.length)) + 1)
  return `${fence}${clean.startsWith('`') || clean.endsWith('`') ? ` ${clean} ` : clean}${fence}`
}

/** `--format markdown`: a pull-request comment. */
export function diffMarkdown(r: DiffResult, h: DiffHeader, plain: ChalkInstance): string {
  const d = r.diff
  const out: string[] = [`### rmq-sim diff: ${code(h.old)} → ${code(h.new)}`, '', `RabbitMQ ${h.rabbitmq} rules.`]
  if (d.refused.length > 0) {
    out.push('', `#### :x: ${d.refused.length} redeclare${d.refused.length === 1 ? '' : 's'} a running broker refuses`, '', '| object | error | instead |', '|---|---|---|')
    for (const x of d.refused) out.push(`| ${x.kind} ${code(x.name)}${x.vhost !== '/' ? ` (vhost ${code(x.vhost)})` : ''} | ${code(`${x.code} ${x.message}`)} | ${x.advice.replace(/\|/g, '\\|')} |`)
  }
  out.push('', `#### Routing impact`, '', `${d.routing.probes} probes (keys and header sets the bindings of both versions imply${h.userProbes > 0 ? `, ${h.userProbes} from the probe file` : ''}).`)
  if (d.routing.changes.length === 0) out.push('', 'No destination changes.')
  else {
    out.push('', '| publish | lost | added |', '|---|---|---|')
    for (const c of d.routing.changes) {
      const err = c.oldError !== c.newError ? (c.newError ? ` (now fails: ${code(c.newError)})` : ` (no longer fails)`) : ''
      out.push(`| ${code(probeText(c.probe))}${c.vhost !== '/' ? ` (vhost ${code(c.vhost)})` : ''}${err} | ${c.lost.map(code).join(', ')} | ${c.added.map(code).join(', ')} |`)
    }
  }
  if (r.first) {
    const c = r.first.change
    const body = ['old:', ...treeLines(c.vhost, h.rabbitmq, c.probe, r.first.old, plain).map((l) => `  ${l}`),
      'new:', ...treeLines(c.vhost, h.rabbitmq, c.probe, r.first.new, plain).map((l) => `  ${l}`)]
    // a fence longer than any backtick run in the names, so no name can close it
    const fence = '`'.repeat(Math.max(3, ...body.flatMap((l) => (l.match(/`+/g) ?? []).map((x) => x.length + 1))))
    out.push('', `<details><summary>Both routes of ${code(probeText(c.probe))}</summary>`, '', `${fence}text`, ...body, fence, '', '</details>')
  }
  if (d.entities.length > 0) {
    out.push('', '#### Changes', '')
    for (const e of d.entities) {
      const sign = e.change === 'added' ? 'added' : e.change === 'removed' ? 'removed' : 'changed'
      const fields = e.fields.map((f) => `${code(f.field)} ${code(value(f.old))} → ${code(value(f.new))}`).join('; ')
      out.push(`- ${sign} ${e.kind} ${code(e.name)}${e.vhost !== '/' ? ` (vhost ${code(e.vhost)})` : ''}${fields ? `: ${fields}` : ''}`)
    }
  }
  if (d.effectivePolicies.length > 0) {
    out.push('', '#### Effective policy', '')
    for (const p of d.effectivePolicies) out.push(`- ${p.kind} ${code(p.name)}: ${p.old ? code(p.old) : '(none)'} → ${p.new ? code(p.new) : '(none)'}`)
  }
  out.push('', `_${summary(r)}_`)
  return `${out.join('\n')}\n`
}
