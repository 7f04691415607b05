import type { Publish, RouteResult } from '../../src/core/route-types.js'

/**
 * What the agreeing probes exercised, tallied from the core's route (trusted only where the broker agreed):
 * shows the generator reaches the features it claims to cover. Counts are probes, not hops.
 */
export class Coverage {
  private readonly counts = new Map<string, number>()

  private bump(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }

  add(publish: Publish, r: RouteResult): void {
    if (r.error) { this.bump(`error ${r.error.code}`); return }
    this.bump(r.routed ? 'routed' : 'returned')
    const causes = new Set<string>()
    for (const hop of r.hops) {
      if (hop.cause.kind === 'alternate-exchange') causes.add(`AE hop (${hop.cause.source})`)
      if (hop.cause.kind === 'binding') causes.add('E2E hop')
      if (hop.alternate?.missing && hop.alternate.used) causes.add('missing AE used')
      if ((hop.skippedSeen?.length ?? 0) > 0) causes.add('cycle/diamond skip')
      if (hop.type === 'headers' && hop.matches.length > 0) causes.add('headers match')
      if (hop.type === 'topic' && hop.matches.length > 0) causes.add('topic match')
      if (hop.defaultExchange) causes.add('default exchange')
    }
    const keys = r.routingKeys
    if (keys.some((k) => k === '' || k.startsWith('.') || k.endsWith('.') || k.includes('..'))) causes.add('empty words in a key')
    const h = publish.headers
    if (h?.has('CC') || h?.has('BCC')) causes.add('CC/BCC')
    for (const c of causes) this.bump(c)
  }

  summary(): string {
    return [...this.counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ')
  }
}
