import type { VhostTopology } from '../core/model.js'
import type { VhostGraph } from './model.js'

/** What the HTML page carries: each vhost's graph and topology, the rules, and the probe to show first. */
export interface PageData {
  /** Label of the RabbitMQ version whose rules apply (core/versions.ts rulesFor takes it back). */
  readonly rabbitmq: string
  readonly vhosts: readonly { readonly graph: VhostGraph; readonly topology: VhostTopology }[]
  /** The VhostGraph id the form starts on. */
  readonly vhostId: string
  readonly probe?: { readonly exchange: string; readonly key: string; readonly headers: string; readonly mandatory: boolean }
}

// Maps (every user-keyed table) cross JSON as {"\u0000map": entries}; no topology key can be a NUL-led name
// that collides with it in a place where a Map is expected, since plain objects here have fixed field names.
const MAP_MARK = '\u0000map'

/**
 * The page data as JSON safe inside `<script type="application/json">`: `<`, `>` and `&` are written as
 * \u escapes, so a name holding `</script>` cannot end the block.
 */
export function encodePageData(data: PageData): string {
  const json = JSON.stringify(data, (_k, v: unknown) => (v instanceof Map ? { [MAP_MARK]: [...v] } : v))
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The inverse of encodePageData (run by the page). */
export function decodePageData(text: string): PageData {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const entries = (v as Record<string, unknown>)[MAP_MARK]
      if (Array.isArray(entries) && Object.keys(v).length === 1) return new Map(entries as [unknown, unknown][])
    }
    return v
  }) as PageData
}
