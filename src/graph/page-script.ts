import { readFileSync } from 'node:fs'

/**
 * The browser bundle of the page script (scripts/bundle-graph-page.mjs writes dist/graph-page/page.js). Found next
 * to the running code: dist/graph/ (tsc), dist/bundle/ (the CLI bundle) and src/graph/ (tests) all sit one or two
 * levels under the package. Undefined when it was not built.
 */
export function readPageScript(): string | undefined {
  for (const rel of ['../graph-page/page.js', '../../dist/graph-page/page.js']) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8')
    } catch {
      // next candidate
    }
  }
  return undefined
}
