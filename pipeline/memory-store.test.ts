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

  it('reads counters and a limiter’s time back as text, as Redis gives them', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    expect(await store.increment('n')).toBe(1);
    expect(await store.increment('n')).toBe(2);
    expect(await store.get('n')).toBe('2');
    await store.set('m', '41');
    expect(await store.increment('m')).toBe(42);
    expect(await store.compareAndDelete('m', '42')).toBe(true);
    expect(await store.reserveSlot('t', 333.5, 2)).toBe(0);
    expect(await store.get('t')).toBe('333.5');
  });

  it('locks with a fencing token that grows with every acquisition, renews only for the holder', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const seen: unknown[] = [];
    sim.spawn('p', async () => {
      seen.push(await store.acquireLock('lock:c1', 'a', 1_000));
      seen.push(await store.acquireLock('lock:c1', 'b', 1_000));
      seen.push(await store.renewLock('lock:c1', 'b', 5_000));
      seen.push(await store.renewLock('lock:c1', 'a', 5_000));
      await sim.sleep(4_999);
      seen.push(await store.acquireLock('lock:c1', 'b', 1_000));
      await sim.sleep(1);
      seen.push(await store.acquireLock('lock:c1', 'b', 1_000));
      seen.push(await store.compareAndDelete('lock:c1', 'a'));
      seen.push(await store.compareAndDelete('lock:c1', 'b'));
    });
    await sim.run();
    expect(seen).toEqual([1, undefined, false, true, undefined, 2, false, true]);
  });

  it('reserves limiter slots: the burst at once, then one per interval, and learns from the shop', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(await store.reserveSlot('rate', 500, 3));
    expect(waits).toEqual([0, 0, 0, 500, 1000]);
    // The shop says its bucket held 10 calls for a call sent 200 ms ago: the next slot is 200 ms before
    // the 10th call's interval ends, less the capacity the limiter may spend at once.
    const other = createMemoryStore(sim);
    await other.observeSlot('rate', 10, 500, 200);
    expect(await other.reserveSlot('rate', 500, 3)).toBe(-200 + 10 * 500 - 2 * 500);
    await other.observeSlot('rate', 1, 500, 0);
    expect(await other.reserveSlot('rate', 500, 3)).toBe(4300);
  });

  it('appends to logs, reads them in order from an id, removes one entry', async () => {
    const store = createMemoryStore(new Simulator());
    const a = await store.append('dlq', 'first');
    const b = await store.append('dlq', 'second');
    await store.append('dlq', 'third');
    expect((await store.readLog('dlq')).map((e) => e.value)).toEqual(['first', 'second', 'third']);
    expect((await store.readLog('dlq', { afterId: a, count: 1 })).map((e) => e.value)).toEqual(['second']);
    expect(await store.removeFromLog('dlq', b)).toBe(true);
    expect(await store.removeFromLog('dlq', b)).toBe(false);
    expect((await store.readLog('dlq')).map((e) => e.id)).toEqual([a, '3-0']);
    expect(await store.readLog('other')).toEqual([]);
  });
});
