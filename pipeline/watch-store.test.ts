import { describe, expect, it } from 'vitest';
import { FunnelstormError } from '../runtime/errors.js';
import { Simulator } from '../sim/simulator.js';
import { createMemoryStore } from './memory-store.js';
import type { Store } from './store.js';
import { watchStore } from './watch-store.js';

describe('watchStore', () => {
  it('reports the first failure of an outage once, and the first success after it with the outage’s length', async () => {
    const sim = new Simulator();
    const memory = createMemoryStore(sim);
    let down = false;
    const flaky: Store = {
      ...memory,
      get: (key) =>
        down ? Promise.reject(new FunnelstormError('STORE_UNAVAILABLE', 'Redis is away')) : memory.get(key),
    };
    const events: string[] = [];
    const store = watchStore(flaky, sim, {
      onLost: (error, atMs) => events.push(`lost at ${atMs}: ${error.message}`),
      onBack: (outageMs) => events.push(`back after ${outageMs}`),
    });
    sim.spawn('worker', async () => {
      await store.get('k');
      down = true;
      await sim.sleep(1_000);
      for (let i = 0; i < 3; i++) await expect(store.get('k')).rejects.toThrow('Redis is away');
      await sim.sleep(4_000);
      down = false;
      await store.get('k');
      await store.set('k', 'v');
    });
    await sim.run();
    expect(events).toEqual(['lost at 1000: Redis is away', 'back after 4000']);
  });

  it('passes other errors through without calling the Store lost', async () => {
    const sim = new Simulator();
    const memory = createMemoryStore(sim);
    const broken: Store = { ...memory, increment: () => Promise.reject(new Error('WRONGTYPE')) };
    const events: string[] = [];
    const store = watchStore(broken, sim, {
      onLost: () => events.push('lost'),
      onBack: () => events.push('back'),
    });
    await expect(store.increment('k')).rejects.toThrow('WRONGTYPE');
    expect(events).toEqual([]);
  });
});
