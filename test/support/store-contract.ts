import { describe, expect, it } from 'vitest';
import type { Store } from '../../pipeline/store.js';

/** One store under test, with the means to move its clock when the test controls time. */
export interface StoreUnderTest {
  store: Store;
  /** Moves the store's clock forward by `ms` milliseconds (a ManualClock, the simulator). */
  advance?: (ms: number) => void;
}

/** How to make a fresh, empty store for each case. */
export interface StoreContractOptions {
  /** Makes a store that shares nothing with the stores of other cases. */
  create: () => StoreUnderTest | Promise<StoreUnderTest>;
  /**
   * `manual` when `create` returns `advance`: every case runs. `real` when the store runs on real time
   * (Redis `TIME`): the cases that move time are skipped, and the suite tests expiry itself.
   */
  time: 'manual' | 'real';
}

/**
 * The Store contract (pipeline/store.ts): the same cases for every implementation, so the memory store and
 * the Redis store answer alike. Times are exact, so the cases that move time need a clock the test moves.
 */
export function storeContract(name: string, options: StoreContractOptions): void {
  const timed = it.skipIf(options.time !== 'manual');
  const make = async (): Promise<Required<StoreUnderTest>> => {
    const made = await options.create();
    return {
      store: made.store,
      advance:
        made.advance ??
        (() => {
          throw new Error('this store cannot move time');
        }),
    };
  };

  describe(`${name}: the Store contract`, () => {
    describe('values', () => {
      it('sets a key only when absent', async () => {
        const { store } = await make();
        expect(await store.setIfAbsent('claim:so-1', 'worker-1', 60_000)).toBe(true);
        expect(await store.setIfAbsent('claim:so-1', 'worker-2', 60_000)).toBe(false);
        expect(await store.get('claim:so-1')).toBe('worker-1');
      });

      timed(
        'forgets a key once its TTL has passed on the store clock, and not a millisecond before',
        async () => {
          const { store, advance } = await make();
          expect(await store.setIfAbsent('k', 'a', 1_000)).toBe(true);
          advance(999);
          expect(await store.setIfAbsent('k', 'b', 1_000)).toBe(false);
          expect(await store.get('k')).toBe('a');
          advance(1);
          expect(await store.get('k')).toBeUndefined();
          expect(await store.setIfAbsent('k', 'c', 1_000)).toBe(true);
          expect(await store.get('k')).toBe('c');
        },
      );

      it('sets and replaces values, and reads absent keys as undefined', async () => {
        const { store } = await make();
        expect(await store.get('missing')).toBeUndefined();
        await store.set('customer:7', '{"total":10}');
        await store.set('customer:7', '{"total":25}');
        expect(await store.get('customer:7')).toBe('{"total":25}');
        await store.set('empty', '');
        expect(await store.get('empty')).toBe('');
      });

      timed(
        'expires a set with a TTL, keeps one without, and a set without TTL drops the old TTL',
        async () => {
          const { store, advance } = await make();
          await store.set('short', 'x', 500);
          await store.set('forever', 'y');
          await store.set('was-short', 'z', 500);
          await store.set('was-short', 'z2');
          advance(500);
          expect(await store.get('short')).toBeUndefined();
          advance(10 * 365 * 24 * 3600_000);
          expect(await store.get('forever')).toBe('y');
          expect(await store.get('was-short')).toBe('z2');
        },
      );

      it('deletes only on a matching value', async () => {
        const { store } = await make();
        await store.set('lock', 'token-1');
        expect(await store.compareAndDelete('lock', 'token-2')).toBe(false);
        expect(await store.get('lock')).toBe('token-1');
        expect(await store.compareAndDelete('lock', 'token-1')).toBe(true);
        expect(await store.get('lock')).toBeUndefined();
        expect(await store.compareAndDelete('lock', 'token-1')).toBe(false);
        expect(await store.compareAndDelete('never-set', '')).toBe(false);
      });

      timed('does not delete an expired value, even with its old value', async () => {
        const { store, advance } = await make();
        await store.set('lock', 'token-1', 100);
        advance(100);
        expect(await store.compareAndDelete('lock', 'token-1')).toBe(false);
      });

      it('counts up from zero', async () => {
        const { store } = await make();
        expect(await store.increment('fence')).toBe(1);
        expect(await store.increment('fence')).toBe(2);
        expect(await store.get('fence')).toBe('2');
        await store.set('from-five', '5');
        expect(await store.increment('from-five')).toBe(6);
      });

      timed('keeps a counter’s TTL when it counts, and starts again from 1 once expired', async () => {
        const { store, advance } = await make();
        await store.set('n', '5', 1_000);
        expect(await store.increment('n')).toBe(6);
        advance(1_000);
        expect(await store.get('n')).toBeUndefined();
        expect(await store.increment('n')).toBe(1);
        advance(10 * 365 * 24 * 3600_000);
        expect(await store.get('n')).toBe('1');
      });

      it('gives each of 100 concurrent increments its own number', async () => {
        const { store } = await make();
        const counts = await Promise.all(Array.from({ length: 100 }, () => store.increment('hits')));
        expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      });

      it('lets exactly one of 50 concurrent setIfAbsent calls win', async () => {
        const { store } = await make();
        const won = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.setIfAbsent('claim:so-9', `w${i}`, 60_000)),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
        expect(await store.get('claim:so-9')).toBe(`w${won.indexOf(true)}`);
      });
    });

    describe('locks', () => {
      const lock = '{launch.myshopify.com}:lock:customer:7';

      it('hands out fencing tokens 1, 2, 3 … one per acquisition, none while held', async () => {
        const { store } = await make();
        expect(await store.acquireLock(lock, 'a', 10_000)).toBe(1);
        expect(await store.acquireLock(lock, 'b', 10_000)).toBeUndefined();
        expect(await store.compareAndDelete(lock, 'a')).toBe(true);
        expect(await store.acquireLock(lock, 'b', 10_000)).toBe(2);
        expect(await store.compareAndDelete(lock, 'b')).toBe(true);
        expect(await store.acquireLock(lock, 'c', 10_000)).toBe(3);
        expect(await store.get(lock)).toBe('c');
        expect(await store.get(`${lock}:fence`)).toBe('3');
      });

      it('keeps one fencing counter per lock, readable at <key>:fence, with or without a hash tag', async () => {
        const { store } = await make();
        expect(await store.acquireLock('lock:c1', 'a', 10_000)).toBe(1);
        expect(await store.acquireLock('lock:c2', 'a', 10_000)).toBe(1);
        await store.compareAndDelete('lock:c1', 'a');
        expect(await store.acquireLock('lock:c1', 'a', 10_000)).toBe(2);
        expect(await store.get('lock:c1:fence')).toBe('2');
        expect(await store.get('lock:c2:fence')).toBe('1');
      });

      it('renews only for the holder', async () => {
        const { store } = await make();
        await store.acquireLock(lock, 'a', 1_000);
        expect(await store.renewLock(lock, 'b', 5_000)).toBe(false);
        expect(await store.renewLock(lock, 'a', 5_000)).toBe(true);
        expect(await store.renewLock('lock:nobody', 'a', 5_000)).toBe(false);
        expect(await store.get(lock)).toBe('a');
      });

      timed('renewal moves the lease to ttl from now', async () => {
        const { store, advance } = await make();
        await store.acquireLock(lock, 'a', 1_000);
        advance(900);
        expect(await store.renewLock(lock, 'a', 1_000)).toBe(true);
        advance(999);
        expect(await store.acquireLock(lock, 'b', 1_000)).toBeUndefined();
        advance(1);
        expect(await store.renewLock(lock, 'a', 1_000)).toBe(false);
        expect(await store.acquireLock(lock, 'b', 1_000)).toBe(2);
      });

      timed(
        'after a lease expires another holder gets the lock, and the old holder can neither renew nor release it',
        async () => {
          const { store, advance } = await make();
          expect(await store.acquireLock(lock, 'a', 1_000)).toBe(1);
          advance(1_000);
          expect(await store.acquireLock(lock, 'b', 1_000)).toBe(2);
          expect(await store.renewLock(lock, 'a', 1_000)).toBe(false);
          expect(await store.compareAndDelete(lock, 'a')).toBe(false);
          expect(await store.get(lock)).toBe('b');
        },
      );

      it('lets exactly one of 50 concurrent acquisitions win, with token 1', async () => {
        const { store } = await make();
        const tokens = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.acquireLock(lock, `w${i}`, 60_000)),
        );
        expect(tokens.filter((token) => token !== undefined)).toEqual([1]);
        expect(await store.get(lock)).toBe(`w${tokens.indexOf(1)}`);
      });
    });

    // Exact waits need a clock that stands still between calls; on Redis TIME the suite checks pacing itself.
    describe('shared limiter', () => {
      timed('spends the burst at once, then spaces calls one interval apart', async () => {
        const { store } = await make();
        const waits: number[] = [];
        for (let i = 0; i < 5; i++) waits.push(await store.reserveSlot('rate', 500, 3));
        expect(waits).toEqual([0, 0, 0, 500, 1_000]);
      });

      timed('gives 10 concurrent callers 10 distinct slots', async () => {
        const { store } = await make();
        const waits = await Promise.all(Array.from({ length: 10 }, () => store.reserveSlot('rate', 250, 2)));
        expect([...waits].sort((a, b) => a - b)).toEqual([
          0, 0, 250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000,
        ]);
      });

      timed('drains on the store clock and forgets an empty bucket', async () => {
        const { store, advance } = await make();
        for (let i = 0; i < 5; i++) await store.reserveSlot('rate', 500, 3);
        advance(1_000);
        // The theoretical arrival time is 2500 ms: the next call may go at 2500 − 2 × 500 = 1500.
        expect(await store.reserveSlot('rate', 500, 3)).toBe(500);
        advance(2_000);
        expect(await store.get('rate')).toBeUndefined();
        const waits: number[] = [];
        for (let i = 0; i < 4; i++) waits.push(await store.reserveSlot('rate', 500, 3));
        expect(waits).toEqual([0, 0, 0, 500]);
      });

      timed('learns from the shop’s reported level, and only ever later', async () => {
        const { store } = await make();
        for (let i = 0; i < 5; i++) await store.reserveSlot('rate', 500, 3);
        // The shop held 10 calls for a call sent 200 ms ago: the bucket is full until −200 + 10 × 500 ms.
        await store.observeSlot('rate', 10, 500, 200);
        expect(await store.reserveSlot('rate', 500, 3)).toBe(-200 + 10 * 500 - 2 * 500);
        // A lower level than the limiter already assumes changes nothing.
        await store.observeSlot('rate', 1, 500, 0);
        expect(await store.reserveSlot('rate', 500, 3)).toBe(4_300);
      });

      timed('keeps an observed level until the reported bucket has drained, then forgets it', async () => {
        const { store, advance } = await make();
        await store.observeSlot('a', 4, 500, 0);
        await store.observeSlot('b', 4, 500, 0);
        advance(1_999);
        expect(await store.reserveSlot('a', 500, 1)).toBe(1);
        advance(1);
        expect(await store.get('b')).toBeUndefined();
        expect(await store.reserveSlot('b', 500, 1)).toBe(0);
      });
    });

    describe('logs', () => {
      it('appends, reads in order from an id with a count, removes one entry', async () => {
        const { store } = await make();
        const a = await store.append('{launch.myshopify.com}:dlq', 'first');
        const b = await store.append('{launch.myshopify.com}:dlq', 'second');
        const c = await store.append('{launch.myshopify.com}:dlq', 'third');
        expect([a, b, c]).toEqual([...new Set([a, b, c])]);
        const all = await store.readLog('{launch.myshopify.com}:dlq');
        expect(all).toEqual([
          { id: a, value: 'first' },
          { id: b, value: 'second' },
          { id: c, value: 'third' },
        ]);
        expect(await store.readLog('{launch.myshopify.com}:dlq', { afterId: a, count: 1 })).toEqual([
          { id: b, value: 'second' },
        ]);
        expect(await store.readLog('{launch.myshopify.com}:dlq', { count: 2 })).toHaveLength(2);
        expect(await store.readLog('{launch.myshopify.com}:dlq', { afterId: c })).toEqual([]);
        expect(await store.removeFromLog('{launch.myshopify.com}:dlq', b)).toBe(true);
        expect(await store.removeFromLog('{launch.myshopify.com}:dlq', b)).toBe(false);
        // Reading after a removed id still starts after it.
        expect(await store.readLog('{launch.myshopify.com}:dlq', { afterId: b })).toEqual([
          { id: c, value: 'third' },
        ]);
        expect((await store.readLog('{launch.myshopify.com}:dlq')).map((entry) => entry.id)).toEqual([a, c]);
        expect(await store.readLog('other')).toEqual([]);
        expect(await store.removeFromLog('other', a)).toBe(false);
      });

      it('pages through a log with afterId and count', async () => {
        const { store } = await make();
        const ids: string[] = [];
        for (let i = 0; i < 25; i++) ids.push(await store.append('dlq', `entry-${i}`));
        const seen: string[] = [];
        let afterId: string | undefined;
        for (;;) {
          const page = await store.readLog(
            'dlq',
            afterId === undefined ? { count: 10 } : { afterId, count: 10 },
          );
          if (page.length === 0) break;
          seen.push(...page.map((entry) => entry.value));
          afterId = page[page.length - 1]?.id;
        }
        expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `entry-${i}`));
        expect([...ids].sort(compareIds)).toEqual(ids);
      });

      it('keeps logs apart from values of the same name', async () => {
        const { store } = await make();
        await store.set('shared-name', 'value');
        await store.append('shared-name', 'entry');
        expect(await store.get('shared-name')).toBe('value');
        expect((await store.readLog('shared-name')).map((entry) => entry.value)).toEqual(['entry']);
      });

      it('keeps every one of 50 concurrent appends, each with its own id', async () => {
        const { store } = await make();
        const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append('dlq', `e${i}`)));
        expect(new Set(ids).size).toBe(50);
        const read = await store.readLog('dlq');
        expect(read.map((entry) => entry.id)).toEqual([...ids].sort(compareIds));
        expect(new Set(read.map((entry) => entry.value)).size).toBe(50);
      });
    });
  });
}

/** Orders `<ms>-<seq>` ids as Redis does: numerically, part by part. */
function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
