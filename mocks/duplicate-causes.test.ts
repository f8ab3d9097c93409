import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { testOrder, testRequest, testShop } from './model-test-support.js';
import { plans } from './plans.js';
import { createShopifyModel } from './shopify-model.js';
import { createShopifyService } from './shopify-service.js';

const create = (sourceId: string) => testRequest('POST', 'orders.json', testOrder(sourceId));

describe('duplicateCauses', () => {
  it('names a second create after an ambiguous 503, and the log marks what the client saw', () => {
    const service = createShopifyService({
      model: { limits: plans.standard },
      random: createRandom(1).fork('faults'),
      faults: {
        rules: [
          {
            kind: 'ambiguous',
            then: 503,
            match: { route: ['orders.create'] },
            window: { fromSeconds: 0, toSeconds: 0.1 },
          },
        ],
      },
    });
    expect(service.serve(create('a'), 0)).toMatchObject({ kind: 'response', response: { status: 503 } });
    expect(service.serve(create('a'), 203)).toMatchObject({ kind: 'response', response: { status: 201 } });
    const model = service.model;
    const [first, second] = [0, 1].map((i) => model.shop(testShop).orders.toJson(i)?.id ?? 0);
    expect(model.requestsForOrder(testShop, first ?? 0)[0]).toMatchObject({ status: 201, clientSaw: '503' });
    expect(model.requestsForOrder(testShop, second ?? 0)[0]).not.toHaveProperty('clientSaw');
    const [cause] = model.duplicateCauses(testShop);
    expect(cause).toMatchObject({
      sourceOrderId: 'a',
      kind: 'ambiguous-retry',
      cause: `second create 203 ms after an ambiguous 503 (order ${first} was created, the client was not told)`,
    });
    expect(cause?.orders.map((o) => o.orderId)).toEqual([first, second]);
  });

  it('names a create on a redelivered webhook, with the delivery and webhook id', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const delivery = { sourceOrderId: 'b', webhookId: 'wh-17', sentAtMs: 0, outcome: 'timeout' };
    model.recordDelivery(testShop, { ...delivery, attempt: 1 });
    model.handle(create('b'), 40);
    model.recordDelivery(testShop, { ...delivery, attempt: 2, sentAtMs: 5000, outcome: 200 });
    model.handle(create('b'), 5030);
    const [cause] = model.duplicateCauses(testShop);
    expect(cause).toMatchObject({
      kind: 'redelivered-webhook',
      cause: 'created again on a redelivered webhook (delivery 2, webhook id wh-17)',
    });
    expect(cause?.orders.map((o) => o.delivery?.attempt)).toEqual([1, 2]);
    // The request log says which delivery each create followed.
    const secondId = cause?.orders[1]?.orderId ?? 0;
    expect(model.requestsForOrder(testShop, secondId)[0]?.delivery).toEqual({
      webhookId: 'wh-17',
      attempt: 2,
      sentAtMs: 5000,
    });
  });

  it('says unknown, and why, when neither explains it; a source order created once is no duplicate', () => {
    const model = createShopifyModel({ limits: plans.standard });
    model.handle(create('c'), 0);
    model.handle(create('c'), 70);
    model.handle(create('d'), 80);
    const causes = model.duplicateCauses(testShop);
    expect(causes).toHaveLength(1);
    expect(causes[0]?.kind).toBe('unknown');
    expect(causes[0]?.cause).toMatch(
      /^unknown: created 70 ms after order \d+; .*no webhook deliveries recorded/,
    );
  });
});

describe('recordDelivery', () => {
  it('refuses a malformed delivery naming the field, and drops past the per-order cap', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const good = { sourceOrderId: 'e', webhookId: 'wh', attempt: 1, sentAtMs: 0, outcome: 200 };
    let error: unknown;
    try {
      model.recordDelivery(testShop, { ...good, attempt: 0 });
    } catch (caught) {
      error = caught;
    }
    expect(isFunnelstormError(error, 'INTERNAL') && error.message).toMatch(/attempt must be a whole number/);
    const kept = Array.from({ length: 40 }, (_, i) =>
      model.recordDelivery(testShop, { ...good, attempt: i + 1 }),
    );
    expect(kept.filter(Boolean)).toHaveLength(32);
  });
});
