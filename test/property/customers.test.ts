import { describe, it } from 'vitest';
import { assertReferenceKeeps, propertyTimeoutMs } from '../support/property-runs.js';

// Issue 5, acceptance 1: properties 3 and 4 of ../shared/DESIGN.md over generated scenarios (customer
// skew, worker counts, ambiguous customer writes, holder pauses longer than the lock's lease).
describe('the reference pipeline, over generated scenarios: customers', () => {
  it(
    'no lost updates: each customer’s totals equal the sum of its orders',
    { timeout: propertyTimeoutMs },
    async () => {
      await assertReferenceKeeps('no-lost-updates', 0.95);
    },
  );

  it(
    'mutual exclusion: no two holders of a customer’s lock act at once (fencing tokens at the shop)',
    { timeout: propertyTimeoutMs },
    async () => {
      await assertReferenceKeeps('mutual-exclusion', 0.9);
    },
  );
});
