import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { Simulator } from '../sim/simulator.js';
import { createIdempotency, defaultIdempotencyOptions, type ClaimOutcome } from './idempotency.js';
import { createMemoryStore } from './memory-store.js';

const key = '{launch.myshopify.com}:order:src-1';

describe('idempotency', () => {
  it('keeps a claim at least 4 hours by default (Shopify redelivers webhooks for 4 hours)', () => {
    expect(defaultIdempotencyOptions.claimTtlMs).toBeGreaterThanOrEqual(4 * 3_600_000);
    expect(defaultIdempotencyOptions.resultTtlMs).toBeGreaterThanOrEqual(4 * 3_600_000);
  });

  it('runs the side effect once for two concurrent deliveries: the second waits and gets the first’s result', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    let sideEffects = 0;
    const outcomes: Record<string, unknown> = {};
    for (const delivery of ['first', 'second']) {
      const idempotency = createIdempotency<{ orderId: number }>(store, sim, createRandom(1).fork(delivery));
      sim.spawn(delivery, async () => {
        let claim = await idempotency.claim(key);
        if (claim.kind === 'in-flight') claim = await idempotency.waitForResult(key, { maxWaitMs: 10_000 });
        if (claim.kind === 'claimed') {
          sideEffects++;
          await sim.sleep(2_000); // the create takes a while
          expect(await idempotency.complete(key, claim.token, { orderId: 1001 })).toBe(true);
          outcomes[delivery] = 'ran it';
        } else {
          outcomes[delivery] = claim;
        }
      });
    }
    await sim.run();
    expect(sideEffects).toBe(1);
    expect(outcomes).toEqual({ first: 'ran it', second: { kind: 'done', result: { orderId: 1001 } } });
    expect(await store.get(key)).toBe('done:{"orderId":1001}');
  });

  it('answers a later delivery with the stored result, without waiting', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const idempotency = createIdempotency<string>(store, sim, createRandom(2));
    const claim = await idempotency.claim(key);
    expect(claim).toMatchObject({ kind: 'claimed', token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await store.get(key)).toBe(`in-flight:${(claim as { token: string }).token}`);
    await idempotency.complete(key, (claim as { token: string }).token, 'created:1001');
    expect(await idempotency.claim(key)).toEqual({ kind: 'done', result: 'created:1001' });
  });

  it('hands the key to a waiter when the holder releases after a failure known not to have applied', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const seen: ClaimOutcome<string>[] = [];
    sim.spawn('holder', async () => {
      const idempotency = createIdempotency<string>(store, sim, createRandom(3).fork('holder'));
      const claim = await idempotency.claim(key);
      await sim.sleep(1_000); // a 422: nothing was created
      if (claim.kind === 'claimed') expect(await idempotency.release(key, claim.token)).toBe(true);
    });
    sim.spawn('waiter', async () => {
      await sim.sleep(1);
      const idempotency = createIdempotency<string>(store, sim, createRandom(3).fork('waiter'));
      seen.push(await idempotency.claim(key));
      seen.push(await idempotency.waitForResult(key, { maxWaitMs: 5_000 }));
    });
    await sim.run();
    expect(seen).toEqual([{ kind: 'in-flight' }, { kind: 'claimed', token: expect.any(String) }]);
  });

  it('yields with in-flight at the deadline, polling with full-jitter waits below the ceiling', async () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    const polls: number[] = [];
    const store = {
      ...inner,
      get: (k: string) => {
        polls.push(sim.nowMs());
        return inner.get(k);
      },
    };
    await inner.set(key, 'in-flight:someone', 60_000);
    const idempotency = createIdempotency(store, sim, createRandom(4), {
      pollBaseDelayMs: 100,
      pollMaxDelayMs: 1_000,
    });
    let outcome: unknown;
    let endedAtMs = -1;
    sim.spawn('waiter', async () => {
      outcome = await idempotency.waitForResult(key, { maxWaitMs: 8_000 });
      endedAtMs = sim.nowMs();
    });
    await sim.run();
    expect(outcome).toEqual({ kind: 'in-flight' });
    expect(endedAtMs).toBe(8_000);
    polls.slice(1).forEach((t, retry) => {
      expect(t - polls[retry]!).toBeLessThanOrEqual(Math.min(1_000, 100 * 2 ** retry));
    });
  });

  it('keeps a crashed holder’s claim in flight until the claim TTL, then lets the next delivery claim it', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const options = { claimTtlMs: 4 * 3_600_000 };
    const seen: string[] = [];
    sim.spawn('crashes', async () => {
      await createIdempotency(store, sim, createRandom(5).fork('a'), options).claim(key); // then dies
    });
    sim.spawn('redelivery', async () => {
      const idempotency = createIdempotency(store, sim, createRandom(5).fork('b'), options);
      await sim.sleep(4 * 3_600_000 - 1);
      seen.push((await idempotency.claim(key)).kind);
      await sim.sleep(1);
      // Claimed — but the dead holder may have created the order: look it up before creating (see TSDoc).
      seen.push((await idempotency.claim(key)).kind);
    });
    await sim.run();
    expect(seen).toEqual(['in-flight', 'claimed']);
  });

  it('refuses to complete or release with a token that no longer holds the claim', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const idempotency = createIdempotency(store, sim, createRandom(6), { claimTtlMs: 1_000 });
    const first = await idempotency.claim(key);
    sim.spawn('later', async () => {
      await sim.sleep(1_000);
      const second = await idempotency.claim(key);
      expect(second.kind).toBe('claimed');
      if (first.kind !== 'claimed') throw new Error('first claim failed');
      expect(await idempotency.complete(key, first.token, 'stale')).toBe(false);
      expect(await idempotency.release(key, first.token)).toBe(false);
      expect(await store.get(key)).toBe(`in-flight:${(second as { token: string }).token}`);
    });
    await sim.run();
  });

  it('treats a value it did not write as in flight, never as licence to run the side effect', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const idempotency = createIdempotency(store, sim, createRandom(7));
    await store.set(key, 'created:1001');
    expect(await idempotency.claim(key)).toEqual({ kind: 'in-flight' });
    await store.set(key, 'done:{not json');
    expect(await idempotency.claim(key)).toEqual({ kind: 'in-flight' });
  });

  it('refuses options out of range with SCENARIO_INVALID', () => {
    const sim = new Simulator();
    expect(() => createIdempotency(createMemoryStore(sim), sim, createRandom(1), { claimTtlMs: 0 })).toThrow(
      /claimTtlMs must be > 0/,
    );
  });
});
