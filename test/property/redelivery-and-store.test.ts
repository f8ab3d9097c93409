import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioDocumentArbitrary } from '../../scenarios/scenario-arbitrary.js';
import { brokenProperties } from '../../sim/properties/check-properties.js';
import { propertySeed } from '../support/race-world.js';
import { verdictsOf } from '../support/property-runs.js';

// Issue 17: the six properties over generated launches (scenarios/scenario-arbitrary.ts) with what this
// issue added on top — a Store round trip, and webhooks as Shopify delivers them: an intake outage whose
// failed deliveries Shopify retries on its schedule, slow answers it delivers again, and out-of-order
// delivery. The reference must still dedupe every redelivery by its claim and keep the properties.
//
// Bounded p99 is left out here: its bound counts the bucket's schedule, not a hot customer's lock queue,
// which any correct pipeline pays. Spreading arrivals out (out-of-order delivery) empties the bucket's
// schedule and leaves the queue: 30 orders of one customer in 1 s on basic, 14 workers, 8 % ambiguous
// customer writes, seed 414271419, delivered within a 26 s window, end with p99 6.1 s against a bound of
// 5.9 s (ideal p99 1.8 s). The same run in order holds (p99 28.6 s, bound 132 s).
const runs = 40;

/** The properties this suite holds the reference to (all but bounded-p99, see above). */
const judged = new Set([
  'no-duplicates',
  'nothing-lost',
  'no-lost-updates',
  'mutual-exclusion',
  'rate-discipline',
]);

const additions = fc.record({
  roundTripMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
  slowShare: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 0.3, noNaN: true })),
  reorderWindowSeconds: fc.integer({ min: 1, max: 30 }),
  // An outage within the first ten minutes, shorter than Shopify's 4-hour retry horizon.
  outage: fc.option(
    fc.record({
      startSeconds: fc.integer({ min: 0, max: 600 }),
      durationSeconds: fc.integer({ min: 1, max: 1_800 }),
    }),
    { nil: undefined },
  ),
});

describe('the reference pipeline, with a Store round trip and Shopify redelivering webhooks', () => {
  it('keeps five of the six properties', { timeout: 600_000 }, async () => {
    const seed = propertySeed(`issue 17 redelivery and store (${runs} scenarios)`);
    let redelivered = 0;
    await fc.assert(
      fc.asyncProperty(
        scenarioDocumentArbitrary({ pipeline: 'reference', maxOrders: 100 }),
        additions,
        async (document, added) => {
          const traffic = document.traffic;
          const webhooks = {
            ...(traffic.webhooks ?? {}),
            ...(added.slowShare > 0 && { slowShare: added.slowShare }),
            reorderWindowSeconds: added.reorderWindowSeconds,
            ...(added.outage && { intakeOutages: [added.outage] }),
          };
          const verdicts = await verdictsOf({
            ...document,
            store: { roundTripMs: added.roundTripMs },
            traffic: { ...traffic, webhooks },
          });
          const broken = brokenProperties(verdicts).filter((v) => judged.has(v.property));
          if (broken.length > 0)
            throw new Error(broken.map((v) => `${v.property} broke: ${v.detail}`).join('; '));
          if (added.outage !== undefined || added.slowShare > 0) redelivered++;
        },
      ),
      { seed, numRuns: runs },
    );
    // The additions were exercised, not all drawn away.
    expect(redelivered).toBeGreaterThan(runs / 4);
  });
});
