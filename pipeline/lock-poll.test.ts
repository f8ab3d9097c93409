import { describe, expect, it } from 'vitest';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { Simulator } from '../sim/simulator.js';
import { createMemoryStore } from './memory-store.js';
import { LockPoll, type LockPollContext } from './lock-poll.js';
import type { Store } from './store.js';

const key = '{launch.myshopify.com}:lock:customer:7000000000001';

function contextOf(sim: Simulator, store: Store, maxWaitMs = 5_000): LockPollContext {
  return {
    store,
    clock: sim,
    random: createRandom(3).fork('poll'),
    lease: { store, clock: sim, ttlMs: 10_000, renewEveryMs: 3_000 },
    ttlMs: 10_000,
    maxWaitMs,
    retry: { baseDelayMs: 50, maxDelayMs: 250 },
  };
}

describe('LockPoll', () => {
  it('polls a held lock at jittered waits below the cap and takes it once its holder lets go', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const polls: number[] = [];
    const counted: Store = {
      ...store,
      acquireLock: (k, token, ttlMs) => {
        polls.push(sim.nowMs());
        return store.acquireLock(k, token, ttlMs);
      },
    };
    let takenAtMs = -1;
    sim.spawn('holder', async () => {
      await store.acquireLock(key, 'holder', 60_000);
      await sim.sleep(1_000);
      await store.compareAndDelete(key, 'holder');
    });
    sim.spawn('waiter', async () => {
      const lease = await new LockPoll(contextOf(sim, counted), () => undefined).acquire(key, undefined);
      takenAtMs = sim.nowMs();
      expect(lease?.fencingToken).toBe(2);
    });
    await sim.run();
    expect(takenAtMs).toBeGreaterThanOrEqual(1_000);
    expect(takenAtMs).toBe(polls.at(-1));
    const gaps = polls.slice(1).map((atMs, i) => atMs - (polls[i] as number));
    expect(Math.max(...gaps)).toBeLessThan(250);
  });

  it('hands itself back when done and serves the next acquisition with a fresh token', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const freed: LockPoll[] = [];
    const poller = new LockPoll(contextOf(sim, store), (p) => freed.push(p));
    const first = await poller.acquire('k1', undefined);
    const second = await poller.acquire('k2', undefined);
    expect(freed).toEqual([poller, poller]);
    expect(first?.key).toBe('k1');
    expect(second?.key).toBe('k2');
    expect(second?.token).not.toBe(first?.token);
  });

  it('gives up at the deadline, rejecting with the outage when the last poll failed in one', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const down: Store = {
      ...store,
      acquireLock: () => {
        throw new FunnelstormError('STORE_UNAVAILABLE', 'Redis went away (test).');
      },
    };
    let outcome = 'pending';
    sim.spawn('waiter', async () => {
      await new LockPoll(contextOf(sim, down, 1_000), () => undefined).acquire(key, undefined).then(
        () => (outcome = 'resolved'),
        (error: FunnelstormError) => (outcome = `${error.code} at ${sim.nowMs()}`),
      );
    });
    await sim.run();
    expect(outcome).toBe('STORE_UNAVAILABLE at 1000');
  });
});
