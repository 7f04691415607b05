import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml'
import type { Document } from 'yaml'
import type { AmqpTable } from '../core/amqp-value.js'
import type { DocPath, PolicyApplyTo, Topology } from '../core/model.js'
import { freezeVhost, newVhost, queueTypeOf, type VhostBuilder } from './build-model.js'
import type { Diagnostic } from './diagnostic.js'
import type { DuplicateEntity, LoadedTopology, Problem } from './loaded-topology.js'
import { decodeTypedTable } from './typed-value.js'
import { createYamlLocator, type YamlLocator } from './yaml-locator.js'

/**
 * RabbitMQ messaging-topology-operator manifests (apiVersion rabbitmq.com/v1beta1): multi-document YAML where each
 * Exchange, Queue, Binding and Policy resource is one entity. Field names and defaults follow the operator's CRDs
 * (api/v1beta1/{exchange,queue,binding,policy}_types.go): `spec.name` is the RabbitMQ name (metadata.name is only
 * Kubernetes'), `spec.vhost` defaults to "/", `durable` and `autoDelete` are Go bools with omitempty (absent =
 * false), an exchange's type defaults to direct, a policy's applyTo to all and priority to 0, and a queue's
 * `spec.type` becomes its x-queue-type argument (internal/queue.go). Other kinds (User, Permission, Federation,
 * Shovel, ...) do not route: they are skipped with a note. Paths are `[documentIndex, 'spec', ...]`.
 */

const ROUTING_KINDS = new Set(['Exchange', 'Queue', 'Binding', 'Policy'])
const EXCHANGE_TYPES = new Set(['direct', 'fanout', 'headers', 'topic'])
const APPLY_TO = new Set(['queues', 'classic_queues', 'quorum_queues', 'exchanges', 'all'])

/** Does this text look like operator manifests (a document whose apiVersion is rabbitmq.com/...)? Cheap: no parse. */
export function looksLikeOperatorManifests(text: string): boolean {
  return /^apiVersion:\s*["']?rabbitmq\.com\//m.test(text)
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Loads operator manifests. Never throws; problems are diagnostics with file:line:col. */
export function parseOperatorManifests(text: string, file: string): LoadedTopology {
  const lineCounter = new LineCounter()
  const diagnostics: Diagnostic[] = []
  const duplicates: DuplicateEntity[] = []
  let docs: Document.Parsed[] = []
  const locators: YamlLocator[] = []
  const posOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset))
  const locate = (path: DocPath, at: 'key' | 'value' | 'auto' = 'auto') => {
    const [i, ...rest] = path
    const loc = typeof i === 'number' ? locators[i] : undefined
    if (loc === undefined) return undefined
    return posOf(loc.offset(rest, at) ?? docs[i as number]?.range[0])
  }
  const report = (p: Problem): void => {
    const pos = locate(p.path, p.at ?? 'auto')
    diagnostics.push({ rule: p.rule, severity: p.severity, message: p.message, ...(p.hint ? { hint: p.hint } : {}), file, path: p.path, ...(pos ? { pos } : {}) })
  }
  const loaded = (topology?: Topology): LoadedTopology => ({
    file, format: 'operator', diagnostics, source: text, duplicates, locate: (path) => locate(path),
    ...(topology && !diagnostics.some((d) => d.severity === 'error') ? { topology } : {}),
  })

  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false }) as Document.Parsed[]
  } catch (err) {
    diagnostics.push({ rule: 'yaml/syntax', severity: 'error', message: `could not parse the YAML: ${(err as Error).message.split('\n')[0]}`, file, path: [] })
    return loaded()
  }
  if (!Array.isArray(docs)) docs = []
  for (const doc of docs) locators.push(createYamlLocator(doc))
  for (const doc of docs) {
    for (const e of doc.errors) diagnostics.push({ rule: 'yaml/syntax', severity: 'error', message: e.message.split('\n')[0] ?? e.message, file, path: [], ...(posOf(e.pos[0]) ? { pos: posOf(e.pos[0])! } : {}) })
  }
  if (diagnostics.length > 0) return loaded()

  const vhosts = new Map<string, VhostBuilder>()
  const vhostOf = (name: string): VhostBuilder => {
    let v = vhosts.get(name)
    if (v === undefined) { v = newVhost(name); vhosts.set(name, v) }
    return v
  }
  const clusters = new Set<string>()

  docs.forEach((doc, i) => {
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return
    if (!isMap(doc.contents)) { report({ rule: 'operator/not-a-resource', severity: 'error', message: `document ${i + 1} is not a Kubernetes resource (a mapping with apiVersion and kind)`, path: [i] }); return }
    const js = doc.toJS({ maxAliasCount: 100 }) as Obj
    const apiVersion = js['apiVersion']
    const kind = js['kind']
    const meta = isObj(js['metadata']) ? js['metadata'] : {}
    const what = `${typeof kind === 'string' ? kind : 'resource'} ${typeof meta['name'] === 'string' ? JSON.stringify(meta['name']) : `(document ${i + 1})`}`
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      report({ rule: 'operator/not-a-resource', severity: 'error', message: `document ${i + 1} has no apiVersion or kind`, path: [i] })
      return
    }
    if (!apiVersion.startsWith('rabbitmq.com/') || !ROUTING_KINDS.has(kind)) {
      report({ rule: 'operator/skipped-kind', severity: 'info', message: `${what} (${apiVersion}) skipped: rmq-sim reads Exchange, Queue, Binding and Policy; this kind does not route messages`, path: [i, 'kind'], at: 'value' })
      return
    }
    if (apiVersion !== 'rabbitmq.com/v1beta1') report({ rule: 'operator/api-version', severity: 'warning', message: `${what}: apiVersion ${apiVersion} read as rabbitmq.com/v1beta1`, path: [i, 'apiVersion'], at: 'value' })
    const spec = js['spec']
    if (!isObj(spec)) { report({ rule: 'operator/missing-field', severity: 'error', message: `${what} has no spec`, path: [i] }); return }
    const base: DocPath = [i, 'spec']
    let ok = true
    const field = <T extends 'string' | 'boolean' | 'integer' | 'object'>(name: string, type: T, required: boolean): unknown => {
      const v = spec[name]
      if (v === undefined || v === null) {
        if (required) { report({ rule: 'operator/missing-field', severity: 'error', message: `${what}: spec.${name} is required`, path: base }); ok = false }
        return undefined
      }
      const good = type === 'integer' ? Number.isInteger(v) : type === 'object' ? isObj(v) : typeof v === type
      if (!good) { report({ rule: 'operator/type', severity: 'error', message: `${what}: spec.${name} must be ${type === 'integer' ? 'an integer' : type === 'object' ? 'a mapping' : `a ${type}`}`, path: [...base, name], at: 'value' }); ok = false; return undefined }
      return v
    }
    const vhost = (field('vhost', 'string', false) as string | undefined) ?? '/'
    const ref = spec['rabbitmqClusterReference']
    if (!isObj(ref)) report({ rule: 'operator/missing-field', severity: 'warning', message: `${what}: spec.rabbitmqClusterReference is required by the operator`, path: base })
    else if (typeof ref['name'] === 'string') clusters.add(`${typeof ref['namespace'] === 'string' ? `${ref['namespace']}/` : ''}${ref['name']}`)
    const loc = locators[i]!
    const args = (name: string): AmqpTable => {
      const raw = field(name, 'object', false)
      if (raw === undefined) return new Map()
      const r = decodeTypedTable(raw, {
        objectsAsTables: true,
        integralDouble: (rel) => { const n = loc.node(['spec', name, ...rel]); return isScalar(n) && typeof n.value === 'number' && /[.eE]/.test(n.source ?? '') },
      })
      if (!r.ok) { report({ rule: 'operator/argument', severity: 'error', message: `${what}: spec.${name}: ${r.message}`, path: [...base, name, ...r.path], at: 'value' }); ok = false; return new Map() }
      return r.value
    }
    const path = base
    if (kind === 'Exchange') {
      const name = field('name', 'string', true) as string
      const type = (field('type', 'string', false) as string | undefined) ?? 'direct'
      if (!EXCHANGE_TYPES.has(type)) report({ rule: 'operator/enum', severity: 'warning', message: `${what}: the Exchange CRD allows type direct, fanout, headers or topic, not ${JSON.stringify(type)}`, path: [...base, 'type'], at: 'value' })
      const durable = (field('durable', 'boolean', false) as boolean | undefined) ?? false
      const autoDelete = (field('autoDelete', 'boolean', false) as boolean | undefined) ?? false
      const a = args('arguments')
      if (!ok) return
      const v = vhostOf(vhost)
      const first = v.exchanges.get(name)
      if (first !== undefined) { duplicates.push({ kind: 'exchange', vhost, name, path, firstPath: first.path ?? [] }); return }
      v.exchanges.set(name, { vhost, name, type, durable, autoDelete, internal: false, arguments: a, path })
    } else if (kind === 'Queue') {
      const name = field('name', 'string', true) as string
      const type = field('type', 'string', false) as string | undefined
      const durable = (field('durable', 'boolean', false) as boolean | undefined) ?? false
      const autoDelete = (field('autoDelete', 'boolean', false) as boolean | undefined) ?? false
      const a = new Map(args('arguments'))
      if (!ok) return
      // the operator puts spec.type into x-queue-type (internal/queue.go), over any argument of that name
      if (type !== undefined && type !== '') {
        const given = a.get('x-queue-type')
        if (given !== undefined && !(given.type === 'longstr' && given.value === type)) report({ rule: 'operator/queue-type', severity: 'warning', message: `${what}: spec.type ${JSON.stringify(type)} replaces the x-queue-type argument`, path: [...base, 'type'], at: 'value' })
        a.set('x-queue-type', { type: 'longstr', value: type })
      }
      const v = vhostOf(vhost)
      const first = v.queues.get(name)
      if (first !== undefined) { duplicates.push({ kind: 'queue', vhost, name, path, firstPath: first.path ?? [] }); return }
      v.queues.set(name, { vhost, name, type: queueTypeOf(a), durable, exclusive: false, autoDelete, arguments: a, path })
    } else if (kind === 'Binding') {
      const source = (field('source', 'string', false) as string | undefined) ?? ''
      const destination = (field('destination', 'string', false) as string | undefined) ?? ''
      const dt = field('destinationType', 'string', false) as string | undefined
      const routingKey = (field('routingKey', 'string', false) as string | undefined) ?? ''
      const a = args('arguments')
      if (dt !== undefined && dt !== 'queue' && dt !== 'exchange') { report({ rule: 'operator/enum', severity: 'error', message: `${what}: spec.destinationType must be queue or exchange, not ${JSON.stringify(dt)}`, path: [...base, 'destinationType'], at: 'value' }); ok = false }
      if (dt === undefined) report({ rule: 'operator/missing-field', severity: 'warning', message: `${what}: no spec.destinationType: read as queue`, path: base })
      if (!ok) return
      vhostOf(vhost).bindings.push({ vhost, source, destination, destinationType: (dt ?? 'queue') as 'queue' | 'exchange', routingKey, arguments: a, path })
    } else {
      const name = field('name', 'string', true) as string
      const pattern = field('pattern', 'string', true) as string
      const applyTo = (field('applyTo', 'string', false) as string | undefined) ?? 'all'
      const priority = (field('priority', 'integer', false) as number | undefined) ?? 0
      const definition = field('definition', 'object', true) as Obj | undefined
      if (!APPLY_TO.has(applyTo)) { report({ rule: 'operator/enum', severity: 'error', message: `${what}: spec.applyTo must be one of ${[...APPLY_TO].join(', ')}, not ${JSON.stringify(applyTo)}`, path: [...base, 'applyTo'], at: 'value' }); ok = false }
      if (!ok || definition === undefined) return
      const v = vhostOf(vhost)
      const firstPath = v.policyPaths.get(name)
      if (firstPath !== undefined) { duplicates.push({ kind: 'policy', vhost, name, path, firstPath }); return }
      v.policyPaths.set(name, path)
      v.policies.push({ vhost, name, pattern, applyTo: applyTo as PolicyApplyTo, priority, definition: new Map(Object.keys(definition).map((k) => [k, definition[k]])), path })
    }
  })
  if (clusters.size > 1) report({ rule: 'operator/several-clusters', severity: 'warning', message: `the resources reference ${clusters.size} RabbitmqClusters (${[...clusters].join(', ')}): rmq-sim reads them as one broker`, path: [] })
  if (vhosts.size === 0) vhostOf('/')
  return loaded({ vhosts: new Map([...vhosts].map(([k, v]) => [k, freezeVhost(v)])) })
}
