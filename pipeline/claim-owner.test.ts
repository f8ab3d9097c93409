import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { Simulator } from '../sim/simulator.js';
import { freeClaimOfDeadOwner, keepOwnerAlive, ownerHeartbeatKey } from './claim-owner.js';
import { createIdempotency, ownerOfClaim } from './idempotency.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { createMemoryStore } from './memory-store.js';
import { claimOrder, orderClaimKey, type Claim } from './order-claim.js';
import { defaultReferencePipelineOptions } from './reference-pipeline.js';

const shop = 'launch.myshopify.com';
const key = `{${shop}}:order:src-1`;

describe('claims with an owner and a heartbeat', () => {
  it('writes the owner into the claim', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const claim = await createIdempotency(store, sim, createRandom(1), { owner: 'host-17' }).claim(key);
    expect(claim.kind).toBe('claimed');
    expect(ownerOfClaim(await store.get(key))).toBe('host-17');
    expect(ownerOfClaim('in-flight:0123abcd')).toBeUndefined();
    expect(ownerOfClaim('done:{}')).toBeUndefined();
  });

  it('keeps a live owner’s claim, and frees a dead owner’s once its heartbeat has lapsed', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const stop = new AbortController();
    const freed: [number, boolean][] = [];
    sim.spawn('owner', async () => {
      await createIdempotency(store, sim, createRandom(2), { owner: 'a' }).claim(key);
      const heartbeat = keepOwnerAlive(store, sim, ownerHeartbeatKey(shop, 'a'), stop.signal);
      await sim.sleep(20_000);
      stop.abort(); // the owner stops beating (as if it died), but its claim stays in flight
      await heartbeat;
    });
    sim.spawn('other', async () => {
      for (const atMs of [10_000, 19_000, 40_000]) {
        await sim.sleep(atMs - sim.nowMs());
        freed.push([atMs, await freeClaimOfDeadOwner(store, shop, key)]);
      }
    });
    await sim.run();
    expect(freed).toEqual([
      [10_000, false],
      [19_000, false],
      [40_000, true],
    ]);
    expect(await store.get(key)).toBeUndefined();
  });

  it('never frees a claim without an owner, nor a done one', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const idempotency = createIdempotency<string>(store, sim, createRandom(3));
    const claim = await idempotency.claim(key);
    expect(await freeClaimOfDeadOwner(store, shop, key)).toBe(false);
    if (claim.kind === 'claimed') await idempotency.complete(key, claim.token, 'created');
    expect(await freeClaimOfDeadOwner(store, shop, key)).toBe(false);
    expect(await store.get(key)).toBe('done:"created"');
  });
});

describe('claimOrder with an owner (a live worker)', () => {
  const order = { sourceOrderId: 'src-1', customerId: '1', totalCents: 100, receivedAtMs: 0 };
  const shopTarget = { domain: shop, accessToken: 'shpat_x', apiVersion: '2026-01' };

  async function claimAsB(ownerAlive: boolean, ownerDiesAtMs?: number) {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    await createIdempotency(store, sim, createRandom(4), { owner: 'a' }).claim(
      orderClaimKey(shopTarget, 'src-1'),
    );
    const stop = new AbortController();
    if (ownerAlive) {
      sim.spawn('owner-a', () => keepOwnerAlive(store, sim, ownerHeartbeatKey(shop, 'a'), stop.signal));
      if (ownerDiesAtMs !== undefined)
        sim.spawn('death', async () => {
          await sim.sleep(ownerDiesAtMs);
          stop.abort();
        });
    }
    let claim: Claim | undefined;
    let atMs = 0;
    sim.spawn('b', async () => {
      claim = await claimOrder(order, {
        clock: sim,
        random: createRandom(5),
        client: () => Promise.reject(new Error('no calls in a claim')),
        store,
        shop: shopTarget,
        deadLetters: new DeadLetterQueue(),
        settings: { ...defaultReferencePipelineOptions, claimOwner: 'b', claimWaitMs: 30_000 },
      });
      atMs = sim.nowMs();
      stop.abort();
    });
    await sim.run();
    return { claim, atMs };
  }

  it('takes over at once the claim of an owner without a heartbeat, retaken (so the order is looked up first)', async () => {
    const { claim, atMs } = await claimAsB(false);
    expect(claim).toMatchObject({ kind: 'held', retaken: true });
    expect(atMs).toBe(0);
  });

  it('yields to a live owner after waiting claimWaitMs', async () => {
    const { claim, atMs } = await claimAsB(true);
    expect(claim).toEqual({ kind: 'yield', state: 'in-flight' });
    expect(atMs).toBeGreaterThanOrEqual(30_000);
  });

  it('takes over after the wait when the owner died meanwhile (its heartbeat lapsed)', async () => {
    const { claim } = await claimAsB(true, 5_000);
    expect(claim).toMatchObject({ kind: 'held', retaken: true });
  });
});
