import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import type { Document, YAMLError } from 'yaml'
import validateTopology from './generated/validate-topology.js'
import type { DocPath } from '../core/model.js'
import type { Diagnostic } from './diagnostic.js'
import { buildModel } from './build-model.js'
import type { RawTopology } from './format-types.js'
import type { LoadedTopology, Problem } from './loaded-topology.js'
import { aliasExpansionLimit, DEFAULT_MAX_ALIAS_EXPANSION, expandedSize } from './alias-expansion.js'
import { schemaProblems } from './schema-errors.js'
import { createYamlLocator, keyString, type YamlLocator } from './yaml-locator.js'

export interface YamlOptions {
  /** Aliases may make the document this many times the size of the file (at least 1 MiB). Default: 20 */
  readonly maxAliasExpansion?: number
}

const YAML_RULES: Partial<Record<YAMLError['code'], string>> = {
  RESOURCE_EXHAUSTION: 'yaml/alias-limit',
}

/** Is this scalar a number the source wrote with a fraction or an exponent (`1.0`, `2e3`)? */
function writtenAsFloat(node: unknown): boolean {
  if (!isScalar(node) || typeof node.value !== 'number') return false
  if (node.format === 'HEX' || node.format === 'OCT') return false
  return /[.eE]/.test(node.source ?? '')
}

/** Offset of the first YAML error in a text (the position of a JSON syntax error V8's message does not give). */
export function yamlErrorOffset(text: string): number | undefined {
  return parseDocument(text).errors[0]?.pos[0]
}

/**
 * Loads a YAML topology: parse once (positions from the LineCounter), convert to JS once, validate with the
 * generated schema validator, build the model. Nodes are consulted only for typed numbers in argument maps
 * and for the positions of what is reported.
 */
export function parseYamlTopology(text: string, file: string, options: YamlOptions = {}): LoadedTopology {
  const lineCounter = new LineCounter()
  const diagnostics: Diagnostic[] = []
  let doc: Document.Parsed | undefined
  let locator: YamlLocator | undefined

  const posOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset))
  const locate = (path: DocPath, at?: 'key' | 'value') => (locator === undefined ? undefined : posOf(locator.offset(path, at ?? 'auto')))
  const report = (p: Problem, offset?: number): void => {
    const span = offset !== undefined || locator === undefined ? undefined : locator.span(p.path, p.at ?? 'auto')
    const pos = offset !== undefined ? posOf(offset) : posOf(span?.start)
    // an end only for spans on one line (a key or a scalar), where an underline helps
    const end = span !== undefined && span.end > span.start ? posOf(span.end) : undefined
    const endPos = end !== undefined && pos !== undefined && end.line === pos.line ? end : undefined
    diagnostics.push({ rule: p.rule, severity: p.severity, message: p.message, ...(p.hint ? { hint: p.hint } : {}), file, path: p.path, ...(pos ? { pos } : {}), ...(endPos ? { endPos } : {}) })
  }
  const result = (topology?: LoadedTopology['topology']): LoadedTopology => ({
    file, format: 'yaml', diagnostics, source: text, duplicates: [], locate: (path) => locate(path),
    ...(topology && !diagnostics.some((d) => d.severity === 'error') ? { topology } : {}),
  })

  try {
    // uniqueKeys: yaml's own check compares every pair of keys (quadratic: half the parse time of a 10k-queue map);
    // duplicateKeys() below does the same job with a Set.
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false })
  } catch (err) {
    report({ rule: deepOrSyntax(err), severity: 'error', message: failureMessage(err, 'parse'), path: [] })
    return result()
  }
  locator = createYamlLocator(doc)
  for (const e of doc.errors) {
    // yaml turns a stack overflow on deep nesting into a RESOURCE_EXHAUSTION error
    const deep = /call stack/i.test(e.message)
    report({
      rule: deep ? 'yaml/too-deep' : YAML_RULES[e.code] ?? 'yaml/syntax', severity: 'error',
      message: deep ? 'the document is nested too deeply to read' : firstLine(e.message), path: [],
    }, e.pos[0])
  }
  for (const w of doc.warnings) {
    report({ rule: 'yaml/warning', severity: 'warning', message: firstLine(w.message), path: [] }, w.pos[0])
  }
  for (const d of duplicateKeys(doc)) {
    const first = lineCounter.linePos(d.firstOffset)
    report({ rule: 'yaml/duplicate-key', severity: 'error', message: `duplicate key '${d.name}' (first at line ${first.line})`, path: [] }, d.offset)
  }
  if (diagnostics.some((d) => d.severity === 'error')) return result()

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    report({ rule: 'yaml/empty', severity: 'error', message: 'the file is empty: no exchanges, queues or bindings', path: [] }, 0)
    return result({ vhosts: new Map([['/', { name: '/', exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }]]) })
  }
  if (!isMap(doc.contents)) {
    report({ rule: 'yaml/not-a-mapping', severity: 'error', message: 'a topology must be a mapping (exchanges:, queues:, bindings:, ...)', path: [] }, doc.contents.range?.[0] ?? 0)
    return result()
  }

  // Billion laughs: measured by what the aliases expand to, relative to the file (an anchor shared by many queues
  // is fine; 9 levels of 9 aliases is not). Only files with both an anchor and an alias need measuring.
  if (text.includes('&') && text.includes('*')) {
    const factor = options.maxAliasExpansion ?? DEFAULT_MAX_ALIAS_EXPANSION
    const expanded = expandedSize(doc)
    if (expanded > aliasExpansionLimit(text.length, factor)) {
      report({
        rule: 'yaml/alias-limit', severity: 'error', path: [],
        message: Number.isFinite(expanded)
          ? `aliases expand the document to ${Math.round(expanded / Math.max(1, text.length))} times its size (limit ${factor}×, at least 1 MiB): refusing a possible "billion laughs" file`
          : 'an alias refers to the node that contains it: the document would be infinite',
        hint: 'raise the limit with --max-alias-expansion <factor> if the file is really a topology',
      }, 0)
      return result()
    }
  }

  let js: unknown
  try {
    // the size guard above replaces yaml's alias-count guard (which refuses one anchor used 101 times)
    js = doc.toJS({ maxAliasCount: -1 })
  } catch (err) {
    report({ rule: deepOrSyntax(err), severity: 'error', message: failureMessage(err, 'read'), path: [] }, 0)
    return result()
  }

  for (const p of nonStringKeys(doc)) report(p)

  let valid: boolean
  try {
    valid = validateTopology(js)
  } catch (err) {
    report({ rule: deepOrSyntax(err), severity: 'error', message: failureMessage(err, 'validate'), path: [] }, 0)
    return result()
  }
  if (!valid) {
    for (const p of schemaProblems(validateTopology.errors ?? [], js)) report({ ...p, severity: 'error' })
    return result()
  }

  const loc = locator
  const built = buildModel(js as RawTopology, {
    integralDouble: (tablePath, rel) => writtenAsFloat(loc.node([...tablePath, ...rel])),
    keyOrder: (path) => {
      const n = loc.node(path)
      return isMap(n) ? n.items.map((pair) => keyString(pair.key) ?? '') : undefined
    },
    numberText: (path, value) => {
      const n = loc.node(path)
      return isScalar(n) && typeof n.source === 'string' ? n.source : String(value)
    },
  })
  for (const p of built.problems) report(p)
  return { ...result(built.topology), duplicates: built.duplicates }
}

/**
 * Keys that appear twice in one mapping, compared as the names toJS makes of them (`1` and `"1"` collide there too).
 * Iterative, so deep documents cannot overflow the stack; aliases are not followed (their target is checked once).
 */
function* duplicateKeys(doc: Document.Parsed): Generator<{ name: string; offset: number; firstOffset: number }> {
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const node = stack.pop()
    if (isMap(node)) {
      const seen = new Map<string, number>()
      for (const pair of node.items) {
        const name = keyString(pair.key)
        const offset = (pair.key as { range?: number[] } | null)?.range?.[0] ?? 0
        if (name !== undefined) {
          const first = seen.get(name)
          if (first === undefined) seen.set(name, offset)
          else yield { name, offset, firstOffset: first }
        }
        if (isCollection(pair.key)) stack.push(pair.key)
        if (isCollection(pair.value)) stack.push(pair.value)
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (isCollection(item)) stack.push(item)
    }
  }
}

/** Entity names written as numbers, booleans or null (`1.0:` is the name "1"): legal YAML, rarely meant. */
function* nonStringKeys(doc: Document.Parsed): Generator<Problem> {
  const root = doc.contents
  if (!isMap(root)) return
  const sections: { map: unknown; base: DocPath }[] = [{ map: root, base: [] }]
  const vhosts = root.get('vhosts', true)
  if (isMap(vhosts)) {
    for (const pair of vhosts.items) {
      const name = keyString(pair.key)
      if (name !== undefined) sections.push({ map: pair.value, base: ['vhosts', name] })
    }
  }
  for (const { map, base } of sections) {
    if (!isMap(map)) continue
    for (const kind of base.length === 0 ? ['exchanges', 'queues', 'policies', 'vhosts'] : ['exchanges', 'queues', 'policies']) {
      const section = map.get(kind, true)
      if (!isMap(section)) continue
      for (const pair of section.items) {
        const key = pair.key
        if (isScalar(key) && typeof key.value !== 'string') {
          const name = keyString(key) ?? ''
          yield {
            rule: 'yaml/non-string-key', severity: 'warning',
            message: `the name ${key.source ?? String(key.value)} is read as ${key.value === null ? 'null' : typeof key.value} ${JSON.stringify(key.value)}, so the name is "${name}"`,
            hint: 'quote the name to keep it as written',
            path: [...base, kind, name], at: 'key',
          }
        }
      }
    }
  }
}

const firstLine = (s: string): string => s.split('\n')[0] ?? s

const deepOrSyntax = (err: unknown): string => (err instanceof RangeError ? 'yaml/too-deep' : 'yaml/syntax')

function failureMessage(err: unknown, stage: string): string {
  if (err instanceof RangeError) return 'the document is nested too deeply to read'
  return `could not ${stage} the YAML: ${firstLine(err instanceof Error ? err.message : String(err))}`
}
