import { describe, expect, it } from 'vitest';
import type { PipelineName, WebhookSettings } from '../scenarios/scenario-types.js';
import { validateScenario } from '../scenarios/validate-scenario.js';
import { brokenProperties, checkProperties } from './properties/check-properties.js';
import { simulateScenario } from './run-scenario.js';

/** `orders` Poisson orders over two minutes on plus, 40 customers, 16 workers, webhooks as given. */
const launch = (orders: number, webhooks: Partial<WebhookSettings>, pipeline: PipelineName = 'reference') =>
  simulateScenario(
    validateScenario(
      {
        name: 'redelivery',
        shop: { plan: 'plus' },
        traffic: {
          customers: 40,
          webhooks,
          phases: [{ arrival: 'poisson', durationSeconds: 120, orders }],
        },
        pipeline: { name: pipeline, concurrency: 16 },
      },
      'test',
    ),
  );

describe('a run whose webhook intake fails, answers slowly and gets deliveries out of order', () => {
  it('dedupes every redelivery by its claim: every order once, all six properties hold', async () => {
    const { report, evidence } = await launch(300, {
      slowShare: 0.1,
      reorderWindowSeconds: 3,
      intakeOutages: [{ startSeconds: 20, durationSeconds: 40 }],
    });
    const webhooks = report.webhooks!;
    // About 100 orders arrive in the 40 s outage; about 10 % of answers are slow.
    expect(webhooks.failedAttempts).toBeGreaterThan(60);
    expect(webhooks.slowAnswers).toBeGreaterThan(10);
    // Every slow answer brings one more delivery (none was slow at its last retry); every outage a retry.
    expect(evidence.deliveries.length).toBe(300 + webhooks.slowAnswers);
    expect(webhooks.redelivered).toBeGreaterThan(webhooks.slowAnswers);
    expect(webhooks.abandoned).toBe(0);
    expect(report.orders).toMatchObject({ created: 300, duplicates: 0, missing: 0, deadLettered: 0 });
    expect(report.customers.lostUpdates).toBe(0);
    expect(brokenProperties(checkProperties(evidence))).toEqual([]);
  });

  it("is what makes the claim matter: without it, a slow answer's redelivery creates the order twice", async () => {
    const { report, evidence } = await launch(200, { slowShare: 0.2 }, 'no-idempotency');
    expect(report.webhooks!.slowAnswers).toBeGreaterThan(20);
    expect(report.orders.duplicates).toBe(report.webhooks!.slowAnswers);
    expect(brokenProperties(checkProperties(evidence)).map((v) => v.property)).toContain('no-duplicates');
  });
});
