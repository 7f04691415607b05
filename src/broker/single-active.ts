import { insertActive } from './consumer-rotation.js'
import type { ConsumerState, QueueState } from './state.js'

/**
 * Single active consumer state of one queue (x-single-active-consumer). Only `active` is in the rotation.
 * Classic queues (rabbit_queue_consumers) and quorum queues before 4.0 activate consumers in registration order.
 * Quorum queues from 4.0 (rabbit_fifo activate_next_consumer) keep the waiting consumers by priority: a consumer of
 * higher priority takes over at once when the active one has nothing unacked, else the active one is "quiescing" (no
 * new deliveries) until it has settled everything.
 */
export interface SingleActiveState {
  active: ConsumerState | undefined
  quiescing: boolean
  /** Consumer priorities choose the active consumer (quorum, 4.0+). */
  readonly byPriority: boolean
}

/** The consumer that should be active next: the first registered, or (byPriority) the highest priority first. */
function best(q: QueueState, sac: SingleActiveState): ConsumerState | undefined {
  let pick: ConsumerState | undefined
  for (const c of q.consumers) {
    if (c === sac.active || c.cancelled) continue
    if (pick === undefined) pick = c
    else if (sac.byPriority && c.priority > pick.priority) pick = c
    if (!sac.byPriority) break
  }
  return pick
}

function activate(q: QueueState, sac: SingleActiveState, c: ConsumerState): void {
  const old = sac.active
  if (old !== undefined) {
    const i = q.active.indexOf(old)
    if (i >= 0) q.active.splice(i, 1)
  }
  sac.active = c
  sac.quiescing = false
  c.blocked = false
  insertActive(q, c)
}

/** A new consumer: the first becomes active; a higher-priority one may take over (quorum 4.0+). */
export function singleActiveOnConsume(q: QueueState, sac: SingleActiveState, c: ConsumerState): void {
  const active = sac.active
  if (active === undefined) return activate(q, sac, c)
  if (!sac.byPriority || c.priority <= active.priority) return
  if (active.unacked === 0) return activate(q, sac, c)
  // Quiescing: the active consumer gets nothing new until it has settled what it holds.
  sac.quiescing = true
  const i = q.active.indexOf(active)
  if (i >= 0) q.active.splice(i, 1)
}

/** A consumer went: when it was the active one, the next takes over (the caller runs the queue). */
export function singleActiveOnRemove(q: QueueState, sac: SingleActiveState, c: ConsumerState): void {
  if (sac.active !== c) return
  sac.active = undefined
  sac.quiescing = false
  const next = best(q, sac)
  if (next !== undefined) activate(q, sac, next)
}

/** After a settlement: a quiescing consumer with nothing left hands over. True when the queue should run. */
export function singleActiveOnSettle(q: QueueState, sac: SingleActiveState, c: ConsumerState): boolean {
  if (!sac.quiescing || sac.active !== c || c.unacked > 0) return false
  const next = best(q, sac)
  if (next === undefined || next.priority <= c.priority) {
    sac.quiescing = false
    c.blocked = false
    if (!q.active.includes(c)) insertActive(q, c)
    return true
  }
  activate(q, sac, next)
  return true
}

/** Is this consumer the one that receives? */
export const isSingleActive = (sac: SingleActiveState, c: ConsumerState): boolean => sac.active === c && !sac.quiescing
