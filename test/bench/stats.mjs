// Timing helpers for the benchmark: medians and quartiles of repeated rounds, never a single sample.
import { performance } from 'node:perf_hooks'

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

/** Summary of samples: median, p25, p75 (same unit as the samples). */
export function summarise(samples) {
  const s = [...samples].sort((a, b) => a - b)
  return { median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), n: s.length }
}

/** Runs `fn(i)` over `count` items per round; returns per-round throughput (ops/s). */
export function throughput(rounds, count, fn) {
  const rates = []
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    for (let i = 0; i < count; i++) fn(i)
    const ms = performance.now() - t0
    rates.push(count / (ms / 1000))
  }
  return summarise(rates)
}

/**
 * Memory retained by what `build()` returns (needs node --expose-gc): `heap` (V8 heap used), `offHeap`
 * (process.memoryUsage().external, which includes arrayBuffers: typed arrays live there) and their `total`.
 */
export function retainedBytes(build) {
  const gc = globalThis.gc
  if (!gc) return { value: build(), memory: { heap: NaN, offHeap: NaN, total: NaN } }
  gc(); gc()
  const before = process.memoryUsage()
  const value = build()
  gc(); gc()
  const after = process.memoryUsage()
  const heap = after.heapUsed - before.heapUsed
  const offHeap = after.external - before.external
  return { value, memory: { heap, offHeap, total: heap + offHeap } }
}

export const fmtRate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0))
export const fmtBytes = (b) => (Number.isNaN(b) ? 'n/a' : b >= 1024 ** 2 ? `${(b / 1024 ** 2).toFixed(1)} MiB` : `${(b / 1024).toFixed(0)} KiB`)
export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`)
