import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import type { ErrorObject } from 'ajv'
import type { AmqpValue } from '../core/amqp-value.js'
import type { DocPath } from '../core/model.js'
import type { Diagnostic, LinePos } from '../topology/diagnostic.js'
import { pointerToPath } from '../topology/schema-errors.js'
import { decodeTypedTable } from '../topology/typed-value.js'
import { createJsonLocator } from '../topology/json-locator.js'
import { createLineIndex } from '../topology/line-index.js'
import { createYamlLocator } from '../topology/yaml-locator.js'
import validateSpec from './generated/validate-spec.js'
import { durationMs } from './duration.js'
import type { Expectation, SpecCase, SpecPublish, Spec, Step } from './types.js'

export interface ParsedSpec {
  /** undefined when the spec has errors. */
  readonly spec?: Spec
  readonly diagnostics: readonly Diagnostic[]
}

type Obj = Record<string, unknown>

/**
 * Parses a `rmq-sim test` spec (YAML, so JSON too): YAML syntax, then the generated schema validator
 * (schemas/spec.schema.json), then header values decoded as topologies type them. Every problem is a
 * diagnostic with a position; never throws.
 */
export function parseSpecText(text: string, file: string): ParsedSpec {
  const fast = parseJsonSpec(text, file)
  return fast ?? parseYamlSpec(text, file)
}

/**
 * A spec written as JSON: JSON.parse and the validator, positions worked out only for what is reported (yaml reads
 * about 1 MiB/s; a 10k-case spec is about that size). Returns undefined for anything that is not a valid JSON spec,
 * so the YAML path reports it with positions.
 */
function parseJsonSpec(text: string, file: string): ParsedSpec | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (!/^\s*\{/.test(body)) return undefined
  let data: unknown
  try {
    data = JSON.parse(body)
  } catch {
    return undefined
  }
  if (!validateSpec(data)) return undefined
  const offset = text.length - body.length
  const locator = createJsonLocator(body)
  const lineOf = createLineIndex(text)
  const locate = (path: DocPath): LinePos | undefined => {
    const o = locator.offsetOf(path, 'value')
    return o === undefined ? undefined : lineOf(o + offset)
  }
  const writtenAsFloat = (path: DocPath): boolean => {
    const o = locator.offsetOf(path, 'value')
    return o !== undefined && /^-?\d+[.eE]/.test(body.slice(o, o + 40))
  }
  return buildSpec(data as Obj, file, locate, writtenAsFloat)
}

function parseYamlSpec(text: string, file: string): ParsedSpec {
  const lineCounter = new LineCounter()
  const diagnostics: Diagnostic[] = []
  let doc
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false })
  } catch (err) {
    return { diagnostics: [{ rule: 'yaml/syntax', severity: 'error', message: (err as Error).message, file, path: [] }] }
  }
  const locator = createYamlLocator(doc)
  const posOf = (offset: number | undefined): LinePos | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset))
  const locate = (path: DocPath, at: 'key' | 'value' | 'auto' = 'auto'): LinePos | undefined => posOf(locator.offset(path, at))
  const report = (rule: string, message: string, path: DocPath, at: 'key' | 'value' | 'auto' = 'auto', offset?: number): void => {
    const pos = offset !== undefined ? posOf(offset) : locate(path, at)
    diagnostics.push({ rule, severity: 'error', message, file, path, ...(pos ? { pos } : {}) })
  }
  for (const e of doc.errors) report('yaml/syntax', e.message.split('\n')[0] ?? e.message, [], 'auto', e.pos[0])
  if (diagnostics.length > 0) return { diagnostics }
  if (!isMap(doc.contents)) {
    report('spec/not-a-mapping', 'a spec is a mapping: topology:, rabbitmq:, cases:', [], 'auto', 0)
    return { diagnostics }
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (err) {
    report('yaml/alias-limit', `the spec could not be read: ${(err as Error).message}`, [], 'auto', 0)
    return { diagnostics }
  }
  if (!validateSpec(data)) {
    for (const e of pickErrors(validateSpec.errors ?? [])) {
      const path = pointerToPath(e.instancePath, data)
      if (e.keyword === 'additionalProperties') {
        const extra = (e.params as { additionalProperty: string }).additionalProperty
        report('spec/unknown-property', `unknown property '${extra}'${allowedList(e)}`, [...path, extra], 'key')
      } else if (e.keyword === 'required') {
        report('spec/missing-property', `missing property '${(e.params as { missingProperty: string }).missingProperty}'`, path, 'key')
      } else if (e.keyword === 'maxProperties' || e.keyword === 'minProperties') {
        report('spec/expectation', path.at(-1) === 'expect'
          ? 'give exactly one expectation: exactly, at_least, none_of, unroutable, returned, error or in_queue'
          : 'a step is one of: publish (with times), reject, nack, expire', path, 'key')
      } else {
        report(`schema/${e.keyword}`, `${describe(path)} ${e.message ?? 'is invalid'}${e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : ''}`, path, 'value')
      }
    }
    return { diagnostics }
  }

  const writtenAsFloat = (path: DocPath): boolean => {
    const node = locator.node(path)
    return isScalar(node) && typeof node.value === 'number' && /[.eE]/.test(node.source ?? '')
  }
  return buildSpec(data as Obj, file, (path) => locate(path, 'value'), writtenAsFloat)
}

/** The validated spec data as a Spec: headers decoded with their AMQP types, steps and expectations checked. */
function buildSpec(
  root: Obj, file: string, locate: (path: DocPath) => LinePos | undefined, writtenAsFloat: (path: DocPath) => boolean,
): ParsedSpec {
  const diagnostics: Diagnostic[] = []
  const fail = (rule: string, message: string, path: DocPath): void => {
    const pos = locate(path)
    diagnostics.push({ rule, severity: 'error', message, file, path, ...(pos ? { pos } : {}) })
  }
  const readPublish = (p: Obj, path: DocPath): SpecPublish | undefined => {
    const headers = new Map<string, AmqpValue>()
    if (p.headers !== undefined) {
      const t = decodeTypedTable(p.headers, { integralDouble: (rel) => writtenAsFloat([...path, 'headers', ...rel]) })
      if (!t.ok) {
        fail('spec/header', t.message, [...path, 'headers', ...t.path])
        return undefined
      }
      for (const [k, v] of t.value) headers.set(k, v)
    }
    const keys = (field: 'cc' | 'bcc', header: 'CC' | 'BCC'): void => {
      const list = p[field] as string[] | undefined
      if (list && list.length > 0) headers.set(header, { type: 'array', value: list.map((k) => ({ type: 'longstr', value: k })) })
    }
    keys('cc', 'CC')
    keys('bcc', 'BCC')
    return {
      publish: {
        exchange: p.exchange as string,
        routingKey: (p.routing_key as string | undefined) ?? '',
        ...(headers.size > 0 ? { headers } : {}),
        mandatory: p.mandatory === true,
      },
      ...(typeof p.expiration === 'string' ? { expiration: p.expiration } : {}),
      path,
    }
  }

  const cases: SpecCase[] = []
  const rawCases = root.cases as Obj[]
  for (let i = 0; i < rawCases.length; i++) {
    const c = rawCases[i]!
    const path: DocPath = ['cases', i]
    const publish = readPublish(c.publish as Obj, [...path, 'publish'])
    if (publish === undefined) continue
    const expect = readExpect(c.expect as Obj)
    let steps: Step[] | undefined
    if (Array.isArray(c.steps)) {
      steps = []
      for (let j = 0; j < c.steps.length; j++) {
        const s = c.steps[j] as Obj
        const sp: DocPath = [...path, 'steps', j]
        const kinds = ['publish', 'reject', 'nack', 'expire'].filter((k) => Object.hasOwn(s, k))
        if (kinds.length !== 1 || (s.times !== undefined && kinds[0] !== 'publish')) {
          fail('spec/step', 'a step is one of: publish (with optional times), reject: <queue>, nack: <queue>, expire: <duration>', sp)
          continue
        }
        if (kinds[0] === 'publish') {
          const p = readPublish(s.publish as Obj, [...sp, 'publish'])
          if (p) steps.push({ kind: 'publish', publish: p, times: (s.times as number | undefined) ?? 1, path: sp })
        } else if (kinds[0] === 'expire') {
          steps.push({ kind: 'expire', ms: durationMs(s.expire as string) ?? 0, text: s.expire as string, path: [...sp, 'expire'] })
        } else {
          const kind = kinds[0] as 'reject' | 'nack'
          steps.push({ kind, queue: s[kind] as string, path: [...sp, kind] })
        }
      }
      if (expect.kind !== 'in_queue') fail('spec/expectation', 'a case with steps expects in_queue: {queue, count, x-death}', [...path, 'expect'])
    } else if (expect.kind === 'in_queue') {
      fail('spec/expectation', 'in_queue needs steps (steps: [] for the publish alone)', [...path, 'expect'])
    }
    cases.push({
      index: i,
      name: typeof c.name === 'string' && c.name !== '' ? c.name : defaultName(publish),
      publish,
      ...(steps ? { steps } : {}),
      expect,
    })
  }
  if (diagnostics.length > 0) return { diagnostics }
  const topologies = typeof root.topology === 'string'
    ? [{ file: root.topology, path: ['topology'] }]
    : (root.topology as string[]).map((f, i) => ({ file: f, path: ['topology', i] }))
  const spec: Spec = {
    file, topologies, cases,
    ...(typeof root.rabbitmq === 'string' ? { rabbitmq: root.rabbitmq } : {}),
    ...(typeof root.vhost === 'string' ? { vhost: root.vhost } : {}),
    locate,
  }
  return { spec, diagnostics }
}

function readExpect(e: Obj): Expectation {
  if (Array.isArray(e.exactly)) return { kind: 'exactly', queues: e.exactly as string[] }
  if (Array.isArray(e.at_least)) return { kind: 'at_least', queues: e.at_least as string[] }
  if (Array.isArray(e.none_of)) return { kind: 'none_of', queues: e.none_of as string[] }
  if (e.unroutable === true) return { kind: 'unroutable' }
  if (e.returned === true) return { kind: 'returned' }
  if (typeof e.error === 'number') return { kind: 'error', code: e.error as 403 | 404 | 406 }
  const q = e.in_queue as Obj
  const xd = q['x-death'] as Obj | undefined
  return {
    kind: 'in_queue', queue: q.queue as string,
    ...(typeof q.count === 'number' ? { count: q.count } : {}),
    ...(xd ? {
      xDeath: {
        ...(typeof xd.reason === 'string' ? { reason: xd.reason } : {}),
        ...(typeof xd.queue === 'string' ? { queue: xd.queue } : {}),
        ...(typeof xd.exchange === 'string' ? { exchange: xd.exchange } : {}),
        ...(typeof xd.count === 'number' ? { count: xd.count } : {}),
        ...(Array.isArray(xd['routing-keys']) ? { routingKeys: xd['routing-keys'] as string[] } : {}),
      },
    } : {}),
  }
}

function defaultName(p: SpecPublish): string {
  const x = p.publish.exchange === '' ? '(default)' : p.publish.exchange
  return `${x} ${JSON.stringify(p.publish.routingKey)}`
}

/** ajv reports every branch of a oneOf; keep the errors that say the most, one per place. */
function pickErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>()
  const out: ErrorObject[] = []
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(e)
  }
  // a oneOf of string | list: keep only the first complaint at a place
  const byPlace = new Map<string, ErrorObject>()
  for (const e of out) {
    const place = e.keyword === 'additionalProperties' ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}` : e.instancePath
    if (!byPlace.has(place)) byPlace.set(place, e)
  }
  return [...byPlace.values()]
}

function allowedList(e: ErrorObject): string {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties
  return props ? ` (allowed: ${Object.keys(props).join(', ')})` : ''
}

function describe(path: DocPath): string {
  return path.length === 0 ? 'the spec' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')
}
