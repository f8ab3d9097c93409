import { describe, expect, it } from 'vitest';
import { Simulator } from '../sim/simulator.js';
import { createMemoryStore } from './memory-store.js';

describe('memory store', () => {
  it('sets a key only when absent, and again once its TTL has passed on the injected clock', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const seen: boolean[] = [];
    sim.spawn('p', async () => {
      seen.push(await store.setIfAbsent('k', 'a', 1_000));
      seen.push(await store.setIfAbsent('k', 'b', 1_000));
      await sim.sleep(999);
      seen.push(await store.setIfAbsent('k', 'c', 1_000));
      await sim.sleep(1);
      seen.push(await store.setIfAbsent('k', 'd', 1_000));
    });
    await sim.run();
    expect(seen).toEqual([true, false, false, true]);
  });

  it('deletes only on a matching value and counts up from zero', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    await store.set('lock', 'token-1');
    expect(await store.compareAndDelete('lock', 'token-2')).toBe(false);
    expect(await store.get('lock')).toBe('token-1');
    expect(await store.compareAndDelete('lock', 'token-1')).toBe(true);
    expect(await store.get('lock')).toBeUndefined();
    expect(await store.increment('fence')).toBe(1);
    expect(await store.increment('fence')).toBe(2);
  });
});
