import type { DocPath, Topology } from '../../core/model.js'

/**
 * The names of the objects a finding is about, found from its document path: the exchange, queue or policy whose
 * declaration holds the path, or a binding's source and destination. Built once per file; lookups walk the path's
 * prefixes, longest first.
 */
export function objectNameIndex(topology: Topology | undefined): (path: DocPath) => readonly string[] {
  const byPath = new Map<string, string[]>()
  if (topology) {
    for (const vhost of topology.vhosts.values()) {
      for (const x of vhost.exchanges.values()) if (x.path) byPath.set(key(x.path), [x.name])
      for (const q of vhost.queues.values()) if (q.path) byPath.set(key(q.path), [q.name])
      for (const p of vhost.policies) if (p.path) byPath.set(key(p.path), [p.name])
      for (const b of vhost.bindings) if (b.path) byPath.set(key(b.path), [b.source, b.destination])
    }
  }
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const names = byPath.get(key(path.slice(0, n)))
      if (names) return names
    }
    return []
  }
}

const key = (path: DocPath): string => JSON.stringify(path)
