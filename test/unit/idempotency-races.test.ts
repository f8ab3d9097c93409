import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdempotency } from '../../pipeline/idempotency.js';
import { createMemoryStore } from '../../pipeline/memory-store.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { propertySeed, RaceClock, scheduledStore } from '../support/race-world.js';

// fc.scheduler() picks the order in which every Store operation applies and answers, and when each
// delivery's waits end: however the deliveries interleave, the side effect runs once.

const seed = propertySeed('idempotency races');
const key = '{launch.myshopify.com}:order:src-1';

/** How one delivery behaves: when it arrives, and whether its side effect fails in a known-harmless way. */
const deliveries = fc.array(
  fc.record({ arriveMs: fc.constantFrom(0, 50, 400), failsHarmlessly: fc.boolean() }),
  { minLength: 2, maxLength: 5 },
);

describe('idempotency races (fc.scheduler over the memory store)', () => {
  it('runs the side effect at most once however concurrent deliveries interleave, and every waiter that finishes sees its result', async () => {
    let waitedForResult = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.nat(), deliveries, async (s, streamSeed, plans) => {
        const clock = new RaceClock(s);
        const store = scheduledStore(s, createMemoryStore(clock));
        const applied: number[] = [];
        const saw: unknown[] = [];
        const delivery = async (plan: { arriveMs: number; failsHarmlessly: boolean }, i: number) => {
          const idempotency = createIdempotency<{ by: number }>(
            store,
            clock,
            createRandom(streamSeed).fork(`d${i}`),
            { pollBaseDelayMs: 20, pollMaxDelayMs: 200, claimTtlMs: 4 * 3_600_000 },
          );
          await clock.sleep(plan.arriveMs);
          let claim = await idempotency.claim(key);
          if (claim.kind === 'in-flight') claim = await idempotency.waitForResult(key, { maxWaitMs: 2_000 });
          if (claim.kind === 'claimed') {
            await clock.sleep(100); // the call to Shopify
            if (plan.failsHarmlessly) {
              await idempotency.release(key, claim.token); // a 422: nothing happened
              return;
            }
            applied.push(i);
            await idempotency.complete(key, claim.token, { by: i });
          } else if (claim.kind === 'done') {
            waitedForResult++;
            saw.push(claim.result);
          }
        };
        await s.waitFor(Promise.all(plans.map(delivery)));
        expect(applied.length).toBeLessThanOrEqual(1);
        for (const result of saw) expect(result).toEqual({ by: applied[0] });
      }),
      { seed, numRuns: 300 },
    );
    expect(waitedForResult).toBeGreaterThan(0);
  });
});
