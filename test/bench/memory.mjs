// Memory of each topic contender, each measured in its own fresh process (memory-child.mjs).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const child = fileURLToPath(new URL('./memory-child.mjs', import.meta.url))

/** { heap, offHeap, total, rss } bytes retained by one contender built over one workload, in a fresh node. */
export function memoryInChild(contender, workload, bindings) {
  const out = execFileSync(process.execPath, ['--expose-gc', child, contender, workload, String(bindings)], { encoding: 'utf8', maxBuffer: 1 << 20 })
  const m = JSON.parse(out)
  return { heap: m.heap, offHeap: m.offHeap, total: m.heap + m.offHeap, rss: m.rss }
}
