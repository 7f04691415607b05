/**
 * What a definitions export holds that the topology model does not: users, permissions, runtime parameters
 * (federation, shovels, ...), global parameters, vhost limits and metadata. None of it routes a message; an
 * import names it in a note so nothing is dropped silently.
 */
const LEFT_OUT: readonly (readonly [string, string])[] = [
  ['users', 'users'], ['permissions', 'permissions'], ['topic_permissions', 'topic permissions'],
  ['parameters', 'parameters'], ['global_parameters', 'global parameters'],
]

/** One sentence per kind of content left out, e.g. `2 users`, or an empty list. */
export function definitionsLeftOut(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return []
  const o = data as Record<string, unknown>
  const parts: string[] = []
  for (const [key, label] of LEFT_OUT) {
    const v = o[key]
    if (Array.isArray(v) && v.length > 0) {
      const names = v.map((x) => describe(key, x)).filter((s): s is string => s !== undefined)
      parts.push(`${v.length} ${label}${names.length > 0 ? ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})` : ''}`)
    }
  }
  const vhosts = o['vhosts']
  if (Array.isArray(vhosts)) {
    const extras = vhosts.filter((v) => typeof v === 'object' && v !== null && (hasContent((v as Record<string, unknown>)['limits']) || hasContent((v as Record<string, unknown>)['metadata'])))
    if (extras.length > 0) parts.push(`the limits and metadata of ${extras.length} vhost${extras.length === 1 ? '' : 's'} (a vhost's default_queue_type is not applied)`)
  }
  return parts.length === 0 ? [] : [`left out (they do not route messages): ${parts.join('; ')}`]
}

function hasContent(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0
  return typeof v === 'object' && v !== null && Object.keys(v).length > 0
}

/** A short label for one item, never a secret (users are named, their password hashes never). */
function describe(key: string, x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return undefined
  const o = x as Record<string, unknown>
  if (key === 'users' && typeof o['name'] === 'string') return JSON.stringify(o['name'])
  if ((key === 'permissions' || key === 'topic_permissions') && typeof o['user'] === 'string') return `${JSON.stringify(o['user'])} on ${JSON.stringify(o['vhost'])}`
  if (key === 'parameters' && typeof o['component'] === 'string') return `${o['component']} ${JSON.stringify(o['name'])}`
  if (key === 'global_parameters' && typeof o['name'] === 'string') return JSON.stringify(o['name'])
  return undefined
}
