import { performance } from 'node:perf_hooks';
import type { Clock } from '../runtime/clock.js';
import type { Store } from '../pipeline/store.js';

/** The customers whose locks the churn takes in turn: few, so each lock key is deleted and re-taken often. */
const hotCustomers = 16;

/**
 * Runs the memory store's share of `orders` orders of a long run, as the reference pipeline does it, and
 * returns the CPU time per store operation in ns: per order an idempotency claim (kept 4 hours, so the
 * table grows with the run), a customer lock taken and released on one of a few hot keys, a throttle slot
 * reserved, and the claim completed; the clock moves 10 ms per order, so limiter state and locks expire and
 * come back. Each operation completes at once, so the loop awaits nothing but settled promises.
 *
 * A store whose per-operation cost grows with the run (a V8 Map that deletes and re-inserts hot keys,
 * issue 12) costs more per operation at 400,000 orders than at 25,000; a flat one costs the same.
 */
export async function storeChurnNsPerOp(
  createStore: (clock: Pick<Clock, 'nowMs'>) => Store,
  orders: number,
): Promise<number> {
  let nowMs = 0;
  const store = createStore({ nowMs: () => nowMs });
  const claimTtlMs = 4 * 3600_000;
  const started = process.cpuUsage();
  const startedMs = performance.now();
  for (let i = 0; i < orders; i++) {
    const claim = `claim:so-${i}`;
    await store.setIfAbsent(claim, 'in-flight', claimTtlMs);
    const lock = `lock:customer-${i % hotCustomers}`;
    await store.acquireLock(lock, `token-${i}`, 30_000);
    await store.reserveSlot('throttle:shop', 50, 400);
    await store.compareAndDelete(lock, `token-${i}`);
    await store.set(claim, 'done', claimTtlMs);
    nowMs += 10;
  }
  const { user, system } = process.cpuUsage(started);
  // process.cpuUsage has microsecond resolution; fall back to wall time for a run too short to register.
  const elapsedMs = user + system > 0 ? (user + system) / 1000 : performance.now() - startedMs;
  return (elapsedMs * 1e6) / (orders * 5);
}
