import { describe, it } from 'vitest';
import { assertReferenceKeeps, propertyTimeoutMs } from '../support/property-runs.js';

// Issue 5, acceptance 1: properties 5 and 6 of ../shared/DESIGN.md over generated scenarios. The bound
// on p99 and the rate-discipline clauses are derived in sim/properties/.
describe('the reference pipeline, over generated scenarios: timing', () => {
  it(
    'bounded p99: end-to-end p99 within the ideal drain schedule plus fault time, times the slack',
    { timeout: propertyTimeoutMs },
    async () => {
      await assertReferenceKeeps('bounded-p99', 0.7);
    },
  );

  it(
    'rate discipline: few 429s of its own, drains at the leak rate, retries de-synchronised',
    { timeout: propertyTimeoutMs },
    async () => {
      await assertReferenceKeeps('rate-discipline', 0.5);
    },
  );
});
