import type { ChalkInstance } from 'chalk'
import type { TopicExplanation, TopicStep } from '../core/topic-explain.js'
import { summariseTopicMiss } from '../core/topic-explain.js'
import { cell, renderTable, type Cell } from './table.js'
import { nameText, tableText, valueText } from './value-text.js'
import type { HeadersBindingExplanation } from '../core/headers.js'
import { encodeTypedValue } from '../topology/typed-value.js'
import type { BindingExplanation, ExchangeExplanation, KeyOrigin } from './exchange-explanation.js'
import { bindingJson, errorJson, tableJson } from './trace-json.js'
import { quoted, terminalText } from './terminal-text.js'

/** A topic word as shown in tables: bare, `""` when empty, JSON-quoted when it has spaces or quotes. */
const word = (w: string): string => nameText(w)

function stepCells(s: TopicStep, chalk: ChalkInstance): Cell[] {
  const took = s.took.length === 0 ? '(nothing)' : s.took.map(word).join('.')
  let note: string
  if (s.kind === 'hash') note = `# took ${s.took.length} word${s.took.length === 1 ? '' : 's'}`
  else if (s.kind === 'star') note = s.took[0] === '' ? '* took one (empty) word' : '* took one word'
  else note = 'equal'
  return [cell(word(s.patternWord), chalk.cyan), cell(took, chalk.yellow), cell(note, chalk.green)]
}

/** The rows of the alignment table: steps taken, then the row where it fails. */
export function topicAlignmentRows(e: TopicExplanation, chalk: ChalkInstance): Cell[][] {
  const rows: Cell[][] = [[cell('pattern', chalk.dim), cell('key', chalk.dim), cell('', chalk.dim)]]
  for (const s of e.steps ?? e.stepsBeforeFailure ?? []) rows.push(stepCells(s, chalk))
  const f = e.failure
  if (f) {
    switch (f.kind) {
      case 'literal-mismatch': {
        const caseOnly = f.expected.toLowerCase() === f.actual.toLowerCase()
        rows.push([cell(word(f.expected), chalk.cyan), cell(word(f.actual), chalk.yellow),
          cell(caseOnly ? '✗ differs only in letter case (byte-exact)' : '✗ differs', chalk.red)])
        break
      }
      case 'key-exhausted':
        f.missing.forEach((w, i) => {
          const can = w === '#'
          rows.push([cell(word(w), chalk.cyan), cell('(none)', chalk.dim),
            i === 0 && !can ? cell('✗ no key word left', chalk.red) : cell(can ? '# can take nothing' : 'no key word left', chalk.dim)])
        })
        break
      case 'pattern-exhausted':
        rows.push([cell('(end)', chalk.dim), cell(f.extra.map(word).join('.'), chalk.yellow),
          cell(`✗ ${f.extra.length} key word${f.extra.length === 1 ? '' : 's'} left over`, chalk.red)])
        break
    }
  }
  return rows
}

/** `rmq-sim explain <pattern> <key>`: the verdict, the word alignment table, and hints (near misses, case, empty words). */
export function renderTopicExplanation(e: TopicExplanation, chalk: ChalkInstance, extraNotes: readonly string[] = []): string {
  const lines: string[] = []
  lines.push(`topic pattern ${chalk.cyan(quoted(e.pattern))} (${e.patternWords.length} word${e.patternWords.length === 1 ? '' : 's'})` +
    ` vs routing key ${chalk.yellow(quoted(e.key))} (${e.keyWords.length} word${e.keyWords.length === 1 ? '' : 's'})`)
  lines.push(e.matches ? chalk.green('✓ matches') : `${chalk.red('✗ no match')}: ${terminalText(reasonOnly(e))}`)
  lines.push('')
  lines.push(...renderTable(topicAlignmentRows(e, chalk)))
  const notes = [...e.notes.map((n) => n.message), ...extraNotes]
  if (notes.length > 0) lines.push('')
  for (const n of notes) lines.push(`${chalk.magenta('hint')}: ${terminalText(n)}`)
  return lines.join('\n') + '\n'
}

/** The failure reason without the appended hint (hints are printed on their own lines). */
function reasonOnly(e: TopicExplanation): string {
  const full = summariseTopicMiss(e)
  const hint = e.notes.find((n) => n.kind === 'would-match' || n.kind === 'case-only' || n.kind === 'glued-wildcard')
  return hint && full.endsWith(` (${hint.message})`) ? full.slice(0, -(hint.message.length + 3)) : full
}

/** The JSON of pattern mode: the explanation as data, plus the one-line reason. */
export function topicExplanationJson(e: TopicExplanation, extraNotes: readonly string[] = []): Record<string, unknown> {
  return {
    mode: 'pattern',
    pattern: e.pattern,
    key: e.key,
    matches: e.matches,
    patternWords: e.patternWords,
    keyWords: e.keyWords,
    steps: e.steps ?? e.stepsBeforeFailure ?? [],
    ...(e.failure ? { failure: e.failure, reason: reasonOnly(e) } : {}),
    notes: [...e.notes, ...extraNotes.map((message) => ({ kind: 'rule', message }))],
  }
}

// ---- topology mode: every binding of one exchange ----

const originText = (origin: KeyOrigin): string => (origin === 'key' ? 'key' : origin)

/** The per-condition table of a headers binding: header, binding value and type, message value and type, held? */
function headersRows(h: HeadersBindingExplanation, chalk: ChalkInstance): Cell[][] {
  const rows: Cell[][] = [[cell('header', chalk.dim), cell('binding', chalk.dim), cell('message', chalk.dim), cell('', chalk.dim)]]
  for (const c of h.conditions) {
    rows.push([
      cell(nameText(c.name), chalk.cyan),
      cell(c.bindingValue.type === 'void' ? '(void: presence)' : valueText(c.bindingValue)),
      cell(c.messageValue === undefined ? '(absent)' : valueText(c.messageValue), chalk.yellow),
      c.held ? cell(`✓ ${c.why}`, chalk.green) : cell(`✗ ${c.why}`, chalk.red),
    ])
  }
  return rows
}

function wildcardSummary(e: TopicExplanation): string {
  const parts = (e.steps ?? []).filter((s) => s.kind !== 'literal').map((s) => s.kind === 'hash'
    ? `# took ${s.took.length === 0 ? '0 words' : s.took.map(word).join('.')}`
    : `* took ${word(s.took[0] ?? '')}`)
  return parts.length > 0 ? parts.join(', ') : 'every word equal'
}

function bindingHead(b: BindingExplanation, type: string, chalk: ChalkInstance): string {
  const bb = b.binding
  const key = type === 'headers' ? `{${tableText(bb.arguments)}}` : type === 'fanout' ? (bb.routingKey === '' ? '(any key)' : `${quoted(bb.routingKey)} (ignored)`) : chalk.yellow(quoted(bb.routingKey))
  const mark = b.unsupported ? chalk.yellow('?') : b.matched ? chalk.green('✓') : chalk.red('✗')
  const dest = bb.destinationType === 'queue' ? `queue ${chalk.green(nameText(bb.destination))}` : `exchange ${chalk.cyan(nameText(bb.destination))}`
  return `${mark} ${key} → ${dest}`
}

function bindingDetail(b: BindingExplanation, type: string, chalk: ChalkInstance): string[] {
  const out: string[] = []
  if (b.headers) {
    const h = b.headers
    const any = h.mode === 'any' || h.mode === 'any-with-x'
    const rule = any ? 'at least one condition must hold' : 'every condition must hold'
    const verdict = h.conditions.length === 0 ? (b.matched ? chalk.green(terminalText(b.reason)) : chalk.red(terminalText(b.reason))) : b.matched ? chalk.green('matches') : chalk.red('does not match')
    out.push(`x-match ${h.mode} (${rule})${h.xMatchValid ? '' : chalk.red(' (invalid x-match: RabbitMQ refuses this binding at bind time, 406)')}: ${verdict}`)
    if (h.conditions.length > 0) out.push(...renderTable(headersRows(h, chalk), ''))
    for (const s of h.skipped) {
      if (s.why !== 'x-match') out.push(chalk.dim(`skipped: ${nameText(s.name)} = ${valueText(s.value)} (x- arguments are ignored unless x-match is all-with-x or any-with-x)`))
    }
    return out
  }
  if (b.keys) {
    for (const k of b.keys) {
      const label = `${originText(k.origin)} ${chalk.yellow(quoted(k.key))}`
      if (k.topic) {
        if (k.matches) out.push(`${label}: ${chalk.green('matches')} (${wildcardSummary(k.topic)})`)
        else {
          out.push(`${label}: ${chalk.red(terminalText(reasonOnly(k.topic)))}`)
          for (const n of k.topic.notes) out.push(`  ${chalk.magenta('hint')}: ${terminalText(n.message)}`)
        }
      } else {
        out.push(`${label}: ${k.matches ? chalk.green('equal') : k.caseOnly ? chalk.red('differs only in letter case (direct matching is byte-exact)') : chalk.red('differs')}`)
      }
    }
    return out
  }
  if (type !== 'fanout' || b.unsupported) out.push(chalk.dim(terminalText(b.reason)))
  return out
}

/** `rmq-sim explain <topology> --exchange X --key K`: every binding of X, matched or not, and why. */
export function renderExchangeExplanation(x: ExchangeExplanation, chalk: ChalkInstance): string {
  const lines: string[] = []
  const p = x.publish
  const keyParts = x.routingKeys.map((k) => `${k.origin === 'key' ? 'routing key' : k.origin} ${chalk.yellow(quoted(k.key))}`)
  lines.push(chalk.dim(`exchange ${x.exchange === '' ? '""' : nameText(x.exchange)} (${x.type}) · ${keyParts.join(' · ')} · vhost ${quoted(x.vhost)} · RabbitMQ ${x.rabbitmq} rules`))
  const r = x.route
  if (r.error) {
    lines.push(`${chalk.red('✗ publish fails')}: channel error ${r.error.code} ${chalk.red(terminalText(r.error.message))}`)
    if (x.didYouMean !== undefined) lines.push(`  did you mean ${chalk.cyan(quoted(x.didYouMean))}?`)
    if (r.error.code !== 403) return lines.join('\n') + '\n'
    lines.push(chalk.dim('(an internal exchange still routes what reaches it through bindings and as an alternate exchange; its bindings:)'))
  }
  const hop = r.hops[0]
  if (p.exchange === '' && hop?.defaultExchange) {
    lines.push('the default exchange has no bindings: each routing key names a queue')
    for (const q of hop.defaultExchange.queues) lines.push(`${chalk.green('✓')} key ${chalk.yellow(quoted(q))} → queue ${chalk.green(nameText(q))}`)
    for (const q of hop.defaultExchange.missingQueues) lines.push(`${chalk.red('✗')} key ${chalk.yellow(quoted(q))}: no queue of that name`)
    return lines.join('\n') + '\n'
  }
  const matched = x.bindings.filter((b) => b.matched).length
  const n = x.bindings.length
  lines.push(n === 0 ? 'no bindings' : `${n} binding${n === 1 ? '' : 's'}: ${matched} match${matched === 1 ? 'es' : ''}, ${n - matched} do${n - matched === 1 ? 'es' : ''} not`)
  if (x.bindings.some((b) => b.unsupported)) lines.push(chalk.yellow(`! cannot simulate ${x.type}: which bindings take the message is unknown`))
  for (const b of x.bindings) {
    lines.push('')
    lines.push(bindingHead(b, x.type, chalk))
    for (const d of bindingDetail(b, x.type, chalk)) lines.push(`    ${d}`)
  }
  const ae = hop?.alternate
  if (ae) {
    lines.push('')
    const via = ae.source === 'policy' ? `policy ${nameText(ae.policy ?? '?')}` : 'argument'
    if (!ae.used) lines.push(chalk.dim(`alternate exchange ${nameText(ae.name)} (via ${via}): not used, a binding matched`))
    else {
      const outcome = ae.missing ? chalk.red('does not exist: nothing delivered')
        : ae.name === '' ? chalk.red('is the default exchange, which as an alternate exchange delivers nothing')
          : 'takes the message with the same keys'
      lines.push(`no binding matched: alternate exchange ${chalk.cyan(ae.name === '' ? '""' : nameText(ae.name))} (via ${via}) ${outcome}`)
    }
  }
  if (!r.error) {
    lines.push('')
    lines.push(r.routed ? `queues reached (whole route): ${r.queues.map((q) => chalk.green(nameText(q))).join(', ')}` : chalk.red('unroutable: no queue reached on the whole route'))
  }
  return lines.join('\n') + '\n'
}

/** The JSON of topology mode. Binding arguments and header values in the typed encoding. */
export function exchangeExplanationJson(x: ExchangeExplanation): Record<string, unknown> {
  return {
    mode: 'exchange',
    vhost: x.vhost,
    rabbitmq: x.rabbitmq,
    exchange: x.exchange,
    type: x.type,
    routingKeys: x.routingKeys,
    headers: tableJson(x.headers),
    ...(x.route.error ? { error: errorJson(x.route.error) } : {}),
    ...(x.didYouMean !== undefined ? { didYouMean: x.didYouMean } : {}),
    bindings: x.bindings.map((b) => ({
      ...bindingJson(b.binding),
      matched: b.matched,
      reason: b.reason,
      ...(b.unsupported ? { unsupported: true } : {}),
      ...(b.keys ? { keys: b.keys.map((k) => ({ key: k.key, origin: k.origin, matches: k.matches, ...(k.caseOnly ? { caseOnly: true } : {}), ...(k.topic ? { alignment: k.topic.steps ?? k.topic.stepsBeforeFailure ?? [], ...(k.topic.failure ? { failure: k.topic.failure } : {}), notes: k.topic.notes } : {}) })) } : {}),
      ...(b.headers ? { headers: {
        mode: b.headers.mode,
        xMatchValid: b.headers.xMatchValid,
        conditions: b.headers.conditions.map((c) => ({
          name: c.name, binding: encodeTypedValue(c.bindingValue), bindingType: c.bindingValue.type,
          ...(c.messageValue !== undefined ? { message: encodeTypedValue(c.messageValue), messageType: c.messageValue.type } : {}),
          held: c.held, why: c.why,
        })),
        skipped: b.headers.skipped.map((s) => ({ name: s.name, value: encodeTypedValue(s.value), why: s.why })),
      } } : {}),
    })),
    ...(x.route.hops[0]?.defaultExchange ? { defaultExchange: x.route.hops[0].defaultExchange } : {}),
    ...(x.route.hops[0]?.alternate ? { alternate: x.route.hops[0].alternate } : {}),
    queues: x.route.queues,
    routed: x.route.routed,
  }
}
