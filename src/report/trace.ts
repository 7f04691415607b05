import type { ChalkInstance } from 'chalk'
import type { Binding } from '../core/model.js'
import type { Hop } from '../core/route-types.js'
import type { BindingMatch } from '../core/exchange-type.js'
import { renderTree, type TreeNode } from './tree.js'
import { nameText, tableText, valueText } from './value-text.js'
import { closestName } from './suggest.js'
import type { TraceView } from './trace-view.js'
import { quoted, terminalText } from './terminal-text.js'

export type { TraceView } from './trace-view.js'
export { makeTraceView } from './trace-view.js'

export interface TraceRenderOptions {
  /** Also list the bindings tested that did not match (the result must come from route(..., { explain: true })). Default: false */
  readonly verbose?: boolean
}

/**
 * `rmq-sim trace` for people: the publish, the verdict (queues reached, dropped, returned, or the channel
 * error), then the route as a tree: exchange → binding that matched → destination, alternate exchanges marked.
 * Pure: the same view and chalk level always give the same text (the REPL reuses it).
 */
export function renderTrace(view: TraceView, chalk: ChalkInstance, options: TraceRenderOptions = {}): string {
  const lines: string[] = [publishLine(view, chalk)]
  const { result } = view
  if (result.error) {
    lines.push(`${chalk.red('✗ publish fails')}: channel error ${result.error.code} ${chalk.red(terminalText(result.error.message))}`)
    if (result.error.code === 404 && view.exchangeNames) {
      const guess = closestName(view.publish.exchange, view.exchangeNames)
      if (guess !== undefined) lines.push(`  did you mean ${chalk.cyan(quoted(guess))}?`)
    }
    return lines.join('\n') + '\n'
  }
  lines.push(verdictLine(view, chalk))
  const byExchange = hopByExchange(result.hops)
  for (const name of result.unsupported) {
    const hop = byExchange.get(name)
    lines.push(chalk.yellow(`! cannot simulate ${hop?.type ?? 'this exchange type'} (exchange ${nameText(name)}): answer partial`))
  }
  lines.push('')
  lines.push(...renderTree(buildRouteTree(view, chalk, options.verbose === true)))
  const repeated = result.routes.filter((r) => r.via.length > 1)
  if (repeated.length > 0) {
    lines.push('')
    for (const r of repeated) {
      const ways = r.via.map((v) => {
        const type = byExchange.get(v.exchange)?.type
        const key = !v.binding || type === 'fanout' ? '' : type === 'headers' ? ` {${tableText(v.binding.arguments)}}` : ` ${quoted(v.binding.routingKey)}`
        return `${exchangeName(v.exchange)}${key}${keysText(v.keys, view, chalk, ' ')}`
      })
      lines.push(`${chalk.green(nameText(r.queue))} gets one copy, reached ${r.via.length} ways: ${ways.join('; ')}`)
    }
  }
  return lines.join('\n') + '\n'
}

function publishLine(view: TraceView, chalk: ChalkInstance): string {
  const p = view.publish
  const parts = [`publish to ${p.exchange === '' ? 'the default exchange ""' : `exchange ${chalk.cyan(nameText(p.exchange))}`}`,
    `routing key ${chalk.yellow(quoted(p.routingKey))}`]
  if (view.cc.length > 0) parts.push(`CC ${view.cc.map((k) => chalk.yellow(quoted(k))).join(', ')}`)
  if (view.bcc.length > 0) parts.push(`BCC ${view.bcc.map((k) => chalk.yellow(quoted(k))).join(', ')}`)
  const shown = p.headers ? [...p.headers].filter(([k]) => k !== 'CC' && k !== 'BCC') : []
  // A few headers are listed with their types (they decide headers-exchange matches); many are counted.
  if (shown.length > 0 && shown.length <= 4) parts.push(`headers ${shown.map(([k, v]) => `${nameText(k)}=${valueText(v)}`).join(', ')}`)
  else if (shown.length > 4) parts.push(`${shown.length} headers`)
  if (p.mandatory) parts.push('mandatory')
  parts.push(`vhost ${quoted(view.vhost)}`, `RabbitMQ ${view.rabbitmq} rules`)
  return chalk.dim(parts.join(' · '))
}

/** Queues named on the verdict line; the tree (and --json) list them all. */
const MAX_LISTED = 20

function verdictLine(view: TraceView, chalk: ChalkInstance): string {
  const { result } = view
  const n = result.queues.length
  if (result.routed) {
    const shown = result.queues.slice(0, MAX_LISTED).map((q) => chalk.green(nameText(q)))
    if (n > MAX_LISTED) shown.push(`and ${n - MAX_LISTED} more`)
    const names = shown.join(', ')
    return n === 1 ? `${chalk.green('✓ routed')} to 1 queue: ${names}` : `${chalk.green('✓ routed')}: copies to ${n} queues: ${names}`
  }
  // A plugin exchange on the way may route where the simulator cannot see: no verdict of "dropped".
  if (result.unsupported.length > 0) return `${chalk.yellow('? no queue reached')} by the part of the route the simulator can follow`
  if (result.returned) return `${chalk.red('✗ unroutable')}: returned (basic.return 312 NO_ROUTE)`
  return `${chalk.red('✗ unroutable')}: dropped (publish with --mandatory to have it returned)`
}

const exchangeName = (name: string): string => (name === '' ? '""' : nameText(name))

/** Labels each key with where it came from: the routing key, a CC key or a BCC key. */
function keysText(keys: readonly string[], view: TraceView, chalk: ChalkInstance, lead = ' · '): string {
  if (keys.length === 0) return ''
  const labelled = keys.map((k) => {
    const origin = k === view.publish.routingKey ? 'key' : view.cc.includes(k) ? 'CC' : view.bcc.includes(k) ? 'BCC' : 'key'
    return `${origin} ${chalk.yellow(quoted(k))}`
  })
  return `${lead}via ${labelled.join(', ')}`
}

function bindingText(type: string, b: Binding, chalk: ChalkInstance): string {
  if (type === 'fanout') return b.routingKey === '' ? 'binding' : `binding ${chalk.dim(`${quoted(b.routingKey)} (key ignored by fanout)`)}`
  if (type === 'headers') return `binding {${tableText(b.arguments)}}`
  return `binding ${chalk.yellow(quoted(b.routingKey))}`
}

function hopByExchange(hops: readonly Hop[]): Map<string, Hop> {
  const m = new Map<string, Hop>()
  for (const h of hops) if (!m.has(h.exchange)) m.set(h.exchange, h)
  return m
}

/** Bindings as the file lists them (their `path`), so the tree reads like the topology; stable otherwise. */
function inFileOrder<T extends { readonly binding: Binding }>(items: readonly T[]): readonly T[] {
  if (items.length < 2 || items.some((i) => i.binding.path === undefined)) return items
  return [...items].sort((a, b) => comparePaths(a.binding.path!, b.binding.path!))
}

function comparePaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x - y
    return String(x) < String(y) ? -1 : 1
  }
  return a.length - b.length
}

/** Why a binding whose destination the file does not declare never matches (see Hop.undeclared). */
export const SKIPPED_UNDECLARED = 'skipped (destination not declared: an import leaves the binding out)'

/** The route as a tree. Each exchange hop is drawn once, under the binding (or alternate-exchange link) that reached it. */
export function buildRouteTree(view: TraceView, chalk: ChalkInstance, verbose: boolean): TreeNode[] {
  const { result } = view
  const drawn = new Set<Hop>()
  const queuesReached = new Set(result.queues)

  // Each exchange is visited at most once (rabbit_exchange route1 SeenXs), so a hop is found by its name.
  const byExchange = hopByExchange(result.hops)
  const childHop = (from: string, to: string, kind: 'binding' | 'alternate-exchange'): Hop | undefined => {
    const h = byExchange.get(to)
    return h !== undefined && !drawn.has(h) && h.cause.kind === kind && h.cause.from === from ? h : undefined
  }

  const exchangeLabel = (hop: Hop): string => {
    if (hop.exchange !== '') return `exchange ${chalk.cyan(nameText(hop.exchange))} (${hop.type})`
    // Only a publish to "" maps keys to queue names; reached any other way (as an AE) it has no bindings and
    // delivers nothing (rabbit_exchange:route/3 special-cases the publish; observed on RabbitMQ 3.10.8).
    return hop.defaultExchange
      ? `default exchange ${chalk.cyan('""')} (direct): each routing key names a queue`
      : `default exchange ${chalk.cyan('""')} (direct) ${chalk.dim('(not published to directly: it has no bindings and delivers nothing)')}`
  }

  const matchNode = (hop: Hop, m: BindingMatch): TreeNode => {
    const b = m.binding
    const head = `${bindingText(hop.type, b, chalk)} → `
    const keys = hop.type === 'fanout' || hop.type === 'headers' ? '' : keysText(m.keys, view, chalk)
    if (b.destinationType === 'queue') {
      const missing = queuesReached.has(b.destination) ? '' : chalk.red(' (no such queue: nothing delivered)')
      return { label: `${head}queue ${chalk.green(nameText(b.destination))}${keys}${missing}` }
    }
    const next = childHop(hop.exchange, b.destination, 'binding')
    if (next) return { label: `${head}${exchangeLabel(next)}${keys}`, children: hopChildren(next) }
    const reached = byExchange.get(b.destination)
    let why = 'already visited: skipped (cycle or diamond, each exchange routes once)'
    if (hop.skippedMissing?.includes(b.destination) || (!reached && !hop.skippedSeen?.includes(b.destination))) why = 'does not exist: skipped'
    else if (reached && reached.cause.kind === 'binding' && reached.cause.from === hop.exchange) why = 'same exchange as above: routes once'
    return { label: `${head}exchange ${chalk.cyan(exchangeName(b.destination))}${keys} ${chalk.dim(`(${why})`)}` }
  }

  const hopChildren = (hop: Hop): TreeNode[] => {
    drawn.add(hop)
    const children: TreeNode[] = []
    if (hop.unsupported) children.push({ label: chalk.yellow(`! cannot simulate ${hop.type}: answer partial`) })
    if (hop.defaultExchange) {
      for (const q of hop.defaultExchange.queues) children.push({ label: `key ${chalk.yellow(quoted(q))} → queue ${chalk.green(nameText(q))}` })
      for (const q of hop.defaultExchange.missingQueues) children.push({ label: `key ${chalk.yellow(quoted(q))}: ${chalk.red('no queue of that name: nothing delivered')}` })
    }
    for (const m of inFileOrder(hop.matches)) children.push(matchNode(hop, m))
    if (hop.matches.length === 0 && !hop.defaultExchange && !hop.unsupported && hop.exchange !== '') {
      children.push({ label: chalk.dim(hop.type === 'fanout' ? 'no bindings' : 'no binding matched') })
    }
    const ae = hop.alternate
    if (ae) {
      const via = ae.source === 'policy' ? `policy ${nameText(ae.policy ?? '?')}` : 'argument'
      if (!ae.used) {
        if (verbose) children.push({ label: chalk.dim(`alternate exchange ${exchangeName(ae.name)} (via ${via}) not consulted: a binding matched`) })
      } else if (ae.missing) {
        children.push({ label: `alternate exchange ${chalk.cyan(exchangeName(ae.name))} (via ${via}) ${chalk.red('does not exist: nothing delivered')}` })
      } else {
        const next = childHop(hop.exchange, ae.name, 'alternate-exchange')
        if (next) {
          children.push({ label: `${exchangeLabel(next)} ${chalk.magenta(`(alternate exchange of ${exchangeName(hop.exchange)}, via ${via})`)}`, children: hopChildren(next) })
        } else {
          children.push({ label: `alternate exchange ${chalk.cyan(exchangeName(ae.name))} (via ${via}) ${chalk.dim('already visited: skipped (each exchange routes once)')}` })
        }
      }
    }
    if (verbose && hop.misses) {
      for (const miss of inFileOrder(hop.misses)) {
        const b = miss.binding
        children.push({ label: chalk.dim(`✗ ${bindingText(hop.type, b, chalk)} → ${b.destinationType} ${exchangeName(b.destination)}: ${terminalText(miss.reason)}`) })
      }
    }
    if (verbose && hop.undeclared) {
      for (const b of inFileOrder(hop.undeclared.map((binding) => ({ binding })))) {
        const d = b.binding
        children.push({ label: chalk.dim(`✗ ${bindingText(hop.type, d, chalk)} → ${d.destinationType} ${exchangeName(d.destination)}: ${SKIPPED_UNDECLARED}`) })
      }
    }
    return children
  }

  const roots: TreeNode[] = []
  for (const hop of result.hops) {
    if (drawn.has(hop)) continue
    const how = hop.cause.kind === 'publish' ? chalk.dim(' (published here)') : chalk.dim(` (reached from ${exchangeName(hop.cause.from)})`)
    roots.push({ label: `${exchangeLabel(hop)}${how}`, children: hopChildren(hop) })
  }
  return roots
}
