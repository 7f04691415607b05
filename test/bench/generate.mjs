// Seeded generators for the benchmark: realistic topic patterns and keys, headers bindings, definitions exports.

/** mulberry32: a small seeded PRNG, so every run measures the same workload. */
export function prng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  }
}

const DOMAINS = ['orders', 'payments', 'shipping', 'inventory', 'users', 'billing', 'audit', 'search', 'catalog', 'notifications']
const ENTITIES = ['order', 'invoice', 'parcel', 'item', 'account', 'refund', 'cart', 'session', 'price', 'email']
const EVENTS = ['created', 'updated', 'deleted', 'shipped', 'failed', 'retried', 'approved', 'cancelled']
const REGIONS = ['eu', 'us', 'apac', 'latam']

/**
 * Topic bindings as a service fleet writes them: `<tenant>.<domain>.<entity>.<event>[.<region>]` keys, and
 * patterns mixing literals, `*` and `#` (at most two `#`, as RabbitMQ 4.3.5 allows).
 */
export function topicWorkload(bindingCount, keyCount, seed = 42) {
  const r = prng(seed)
  const tenants = Math.max(10, Math.floor(bindingCount / 50))
  const tenant = () => `t${r.int(tenants)}`
  const patterns = []
  for (let i = 0; i < bindingCount; i++) {
    const shape = r.int(10)
    const t = tenant(), d = r.pick(DOMAINS), e = r.pick(ENTITIES), v = r.pick(EVENTS), g = r.pick(REGIONS)
    patterns.push(
      shape === 0 ? `${t}.${d}.#` :
      shape === 1 ? `${t}.${d}.${e}.*` :
      shape === 2 ? `${t}.*.${e}.${v}` :
      shape === 3 ? `${t}.${d}.*.${v}.${g}` :
      shape === 4 ? `${t}.#.${v}` :
      shape === 5 ? `*.${d}.${e}.${v}.#` :
      shape === 6 ? `${t}.${d}.${e}.${v}.${g}` :
      shape === 7 ? `${t}.${d}.#.${g}` :
      shape === 8 ? `${t}.*.*.${v}` :
      `${t}.${d}.${e}.${v}`,
    )
  }
  const keys = []
  for (let i = 0; i < keyCount; i++) {
    const base = `${tenant()}.${r.pick(DOMAINS)}.${r.pick(ENTITIES)}.${r.pick(EVENTS)}`
    keys.push(r.int(2) === 0 ? `${base}.${r.pick(REGIONS)}` : base)
  }
  return { patterns, keys }
}

/** Direct bindings: `queueCount` queues each bound with a few keys; keys hit and miss. */
export function directWorkload(bindingCount, keyCount, seed = 7) {
  const r = prng(seed)
  const keySpace = Math.max(10, Math.floor(bindingCount / 2))
  const bindings = []
  for (let i = 0; i < bindingCount; i++) bindings.push(`svc.${r.int(keySpace)}.${r.pick(EVENTS)}`)
  const keys = []
  for (let i = 0; i < keyCount; i++) keys.push(`svc.${r.int(keySpace * 2)}.${r.pick(EVENTS)}`)
  return { bindings, keys }
}

/** Headers bindings: x-match all/any over a few typed header conditions. */
export function headersWorkload(bindingCount, messageCount, seed = 9) {
  const r = prng(seed)
  const bindings = []
  for (let i = 0; i < bindingCount; i++) {
    const args = { 'x-match': r.int(3) === 0 ? 'any' : 'all', format: r.pick(['pdf', 'csv', 'xml', 'json']) }
    if (r.int(2)) args.region = r.pick(REGIONS)
    if (r.int(3) === 0) args.tenant = r.int(200)
    bindings.push(args)
  }
  const messages = []
  for (let i = 0; i < messageCount; i++) {
    messages.push({ format: r.pick(['pdf', 'csv', 'xml', 'json']), region: r.pick(REGIONS), tenant: r.int(200), size: r.int(1000) })
  }
  return { bindings, messages }
}

/**
 * A rabbitmqctl-style definitions export: `queueCount` queues, `bindingCount` bindings over topic and direct
 * exchanges, dead-lettering to a DLX, as a large production broker looks.
 */
export function definitionsExport(queueCount, bindingCount, seed = 3) {
  const r = prng(seed)
  const exchanges = [{ name: 'dlx', vhost: '/', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }]
  const exchangeCount = Math.max(4, Math.floor(queueCount / 50))
  for (let i = 0; i < exchangeCount; i++) {
    exchanges.push({ name: `${DOMAINS[i % DOMAINS.length]}.x${i}`, vhost: '/', type: i % 3 === 0 ? 'direct' : 'topic', durable: true, auto_delete: false, internal: false, arguments: {} })
  }
  const queues = [{ name: 'dead-letters', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } }]
  for (let i = 0; i < queueCount - 1; i++) {
    queues.push({ name: `${r.pick(DOMAINS)}.q${i}`, vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': i % 4 === 0 ? 'quorum' : 'classic', 'x-dead-letter-exchange': 'dlx' } })
  }
  const bindings = [{ source: 'dlx', vhost: '/', destination: 'dead-letters', destination_type: 'queue', routing_key: '#', arguments: {} }]
  for (let i = 0; i < bindingCount - 1; i++) {
    const q = queues[1 + (i % (queues.length - 1))]
    const x = exchanges[1 + r.int(exchanges.length - 1)]
    const key = x.type === 'direct' ? `${r.pick(ENTITIES)}.${r.pick(EVENTS)}` : `${r.pick(ENTITIES)}.${r.pick(['*', r.pick(EVENTS)])}.#`
    bindings.push({ source: x.name, vhost: '/', destination: q.name, destination_type: 'queue', routing_key: key, arguments: {} })
  }
  return { rabbit_version: '3.13.7', rabbitmq_version: '3.13.7', vhosts: [{ name: '/' }], exchanges, queues, bindings, policies: [] }
}

/**
 * Topic bindings as tenants' services bind them: many bindings per queue (one queue per tenant and service,
 * about `bindingsPerQueue` bindings each), every pattern starting with its tenant, and keys from a wider tenant
 * space, so that about 30% of the keys reach a queue (the rest miss, some after several words).
 */
export function sharedQueueWorkload(bindingCount, keyCount, { bindingsPerQueue = 50, tenantSpread = 1.8, seed = 11 } = {}) {
  const r = prng(seed)
  const tenants = Math.max(4, Math.floor(bindingCount / 100))
  const patterns = []
  const queues = []
  let queue = ''
  for (let i = 0; i < bindingCount; i++) {
    const t = `t${i % tenants}`
    if (i % bindingsPerQueue === 0) queue = `${t}.svc${Math.floor(i / bindingsPerQueue)}`
    const shape = r.int(6)
    const d = r.pick(DOMAINS), e = r.pick(ENTITIES), v = r.pick(EVENTS), g = r.pick(REGIONS)
    patterns.push(
      shape === 0 ? `${t}.${d}.${e}.#` :
      shape === 1 ? `${t}.${d}.*.${v}` :
      shape === 2 ? `${t}.${d}.${e}.${v}.${g}` :
      shape === 3 ? `${t}.#.${v}.${g}` :
      shape === 4 ? `${t}.${d}.${e}.${v}` :
      `${t}.*.${e}.${v}.#`,
    )
    queues.push(queue)
  }
  const keys = []
  for (let i = 0; i < keyCount; i++) {
    const base = `t${r.int(Math.ceil(tenants * tenantSpread))}.${r.pick(DOMAINS)}.${r.pick(ENTITIES)}.${r.pick(EVENTS)}`
    keys.push(r.int(2) === 0 ? `${base}.${r.pick(REGIONS)}` : base)
  }
  return { patterns, queues, keys }
}
