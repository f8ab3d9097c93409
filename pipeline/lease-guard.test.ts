import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { Dispatch } from '../runtime/transport.js';
import { Simulator } from '../sim/simulator.js';
import { isLeaseGuardRefusal, leaseGuardInterceptor } from './lease-guard.js';
import { createMemoryStore } from './memory-store.js';
import { createMutex } from './mutex.js';

describe('leaseGuardInterceptor', () => {
  it('sends a write while the lease outlives its timeout, and holds it back once it does not', async () => {
    const sim = new Simulator();
    const mutex = createMutex(createMemoryStore(sim), sim, createRandom(1), { ttlMs: 30_000 });
    const sent: number[] = [];
    const shop: Dispatch = async () => {
      sent.push(sim.nowMs());
      return { ok: true, response: { status: 200, headers: {}, body: '{}' } };
    };
    const outcomes: boolean[] = [];
    sim.spawn('holder', async () => {
      const lease = await mutex.acquire('{a.myshopify.com}:lock:customer:1');
      const write = leaseGuardInterceptor(lease!, 10_000)(shop);
      const request = { method: 'PUT', url: 'https://a.myshopify.com/x', headers: {} };
      outcomes.push(isLeaseGuardRefusal(await write(request)));
      await sim.sleep(19_000); // 11 s of the lease left: still enough for a 10 s request
      outcomes.push(isLeaseGuardRefusal(await write(request)));
      await sim.sleep(2_000); // 9 s left: a write sent now could land after the lease ends
      outcomes.push(isLeaseGuardRefusal(await write(request)));
      await lease!.release();
    });
    await sim.run();
    expect(outcomes).toEqual([false, false, true]);
    expect(sent).toEqual([0, 19_000]);
  });
});
