import type { Clock } from '../runtime/clock.js';
import { isFunnelstormError } from '../runtime/errors.js';
import type { Store } from './store.js';

/** What {@link watchStore} reports: the Store's loss (once per outage) and its return. */
export interface StoreWatcher {
  /** The first operation of an outage failed with `STORE_UNAVAILABLE` (`error`), at `atMs` on the clock. */
  onLost(error: Error, atMs: number): void;
  /** The first operation after an outage succeeded; the outage lasted `outageMs`. */
  onBack(outageMs: number): void;
}

const operations = [
  'setIfAbsent',
  'set',
  'get',
  'compareAndDelete',
  'increment',
  'acquireLock',
  'renewLock',
  'reserveSlot',
  'observeSlot',
  'append',
  'readLog',
  'removeFromLog',
] as const satisfies readonly (keyof Store)[];

/**
 * The same Store, telling `watcher` when it goes away and when it comes back, judged by the operations'
 * own outcomes: the first `STORE_UNAVAILABLE` of an outage calls `onLost`, the first success after it
 * `onBack`. A live worker uses it to say on stderr what happened and what it does about it, instead of
 * retrying silently.
 */
export function watchStore(store: Store, clock: Clock, watcher: StoreWatcher): Store {
  let lostAtMs: number | undefined;
  const watched = {} as Record<(typeof operations)[number], unknown>;
  for (const name of operations) {
    const operation = store[name] as (...args: unknown[]) => Promise<unknown>;
    watched[name] = async (...args: unknown[]): Promise<unknown> => {
      try {
        const result = await operation.apply(store, args);
        if (lostAtMs !== undefined) {
          const outageMs = clock.nowMs() - lostAtMs;
          lostAtMs = undefined;
          watcher.onBack(outageMs);
        }
        return result;
      } catch (error) {
        if (lostAtMs === undefined && isFunnelstormError(error, 'STORE_UNAVAILABLE')) {
          lostAtMs = clock.nowMs();
          watcher.onLost(error, lostAtMs);
        }
        throw error;
      }
    };
  }
  return watched as unknown as Store;
}
