import type { ChalkInstance } from 'chalk'
import type { TopicExplanation, TopicStep } from '../core/topic-explain.js'
import { summariseTopicMiss } from '../core/topic-explain.js'
import { cell, renderTable, type Cell } from './table.js'
import { nameText } from './value-text.js'

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
  lines.push(`topic pattern ${chalk.cyan(JSON.stringify(e.pattern))} (${e.patternWords.length} word${e.patternWords.length === 1 ? '' : 's'})` +
    ` vs routing key ${chalk.yellow(JSON.stringify(e.key))} (${e.keyWords.length} word${e.keyWords.length === 1 ? '' : 's'})`)
  lines.push(e.matches ? chalk.green('✓ matches') : `${chalk.red('✗ no match')}: ${reasonOnly(e)}`)
  lines.push('')
  lines.push(...renderTable(topicAlignmentRows(e, chalk)))
  const notes = [...e.notes.map((n) => n.message), ...extraNotes]
  if (notes.length > 0) lines.push('')
  for (const n of notes) lines.push(`${chalk.magenta('hint')}: ${n}`)
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
