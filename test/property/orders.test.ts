import { describe, it } from 'vitest';
import { assertReferenceKeeps, propertyTimeoutMs } from '../support/property-runs.js';

// Issue 5, acceptance 1: properties 1 and 2 of ../shared/DESIGN.md over generated launches and fault
// schedules (scenarios/scenario-arbitrary.ts), each checked by sim/properties/ from the shop's final state
// and the run's history.
describe('the reference pipeline, over generated scenarios: orders', () => {
  it('no duplicates: each source order is created at most once', { timeout: propertyTimeoutMs }, async () => {
    await assertReferenceKeeps('no-duplicates', 0.95);
  });

  it(
    'nothing lost: each source order is in the shop or dead-lettered with a reason',
    { timeout: propertyTimeoutMs },
    async () => {
      await assertReferenceKeeps('nothing-lost', 0.95);
    },
  );
});
