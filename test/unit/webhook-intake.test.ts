import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../pipeline/memory-store.js';
import type { PipelineOrder } from '../../pipeline/shopify-requests.js';
import type { Store } from '../../pipeline/store.js';
import {
  createWebhookIntake,
  defaultDedupeTtlMs,
  orderWebhookBody,
  signWebhook,
  type WebhookIntakeOptions,
} from '../../pipeline/webhook-intake.js';
import { FunnelstormError } from '../../runtime/errors.js';
import { ManualClock } from '../support/manual-clock.js';

const secret = 'shpss_test_secret';
const order = { sourceOrderId: 'so-000001', customerId: 'cust-0042', totalCents: 1999 };
const body = orderWebhookBody(order);

/** A delivery as Shopify sends it (SHOPIFY.md, "Webhooks"): signed raw body, one webhook id per delivery. */
function delivery(rawBody: string | Buffer = body, webhookId = 'wh-1', signWith = secret) {
  return {
    headers: {
      'x-shopify-topic': 'orders/create',
      'x-shopify-hmac-sha256': signWebhook(signWith, rawBody),
      'x-shopify-shop-domain': 'launch.myshopify.com',
      'x-shopify-webhook-id': webhookId,
    } as Record<string, string>,
    rawBody,
  };
}

function intake(overrides: Partial<WebhookIntakeOptions> = {}) {
  const clock = new ManualClock();
  clock.advance(1_000);
  const store = createMemoryStore(clock);
  const accepted: PipelineOrder[] = [];
  const it = createWebhookIntake({
    secret,
    store,
    clock,
    accept: (o) => void accepted.push(o),
    ...overrides,
  });
  return { clock, store, accepted, intake: it };
}

describe('webhook intake', () => {
  it('accepts a correctly signed order webhook and hands on the order, stamped with its arrival', async () => {
    const { intake: webhooks, accepted } = intake();
    expect(await webhooks.receive(delivery())).toEqual({ status: 200, duplicate: false });
    expect(accepted).toEqual([{ ...order, receivedAtMs: 1_000 }]);
  });

  it('verifies the raw bytes, whether they come as a Buffer or a string, under any header case', async () => {
    const { intake: webhooks, accepted } = intake();
    const raw = Buffer.from(body, 'utf8');
    const { headers } = delivery(raw);
    const shouting = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(await webhooks.receive({ headers: shouting, rawBody: raw })).toMatchObject({ status: 200 });
    expect(accepted).toHaveLength(1);
  });

  it('refuses a tampered body with 401 and hands nothing on', async () => {
    const { intake: webhooks, accepted } = intake();
    const signed = delivery();
    const tampered = { ...signed, rawBody: body.replace('19.99', '0.01') };
    expect(await webhooks.receive(tampered)).toEqual({
      status: 401,
      reason: expect.stringMatching(/does not match/),
    });
    expect(accepted).toEqual([]);
  });

  it('refuses a body signed with another secret, a garbled signature and a missing header with 401', async () => {
    const { intake: webhooks, accepted } = intake();
    expect(await webhooks.receive(delivery(body, 'wh-1', 'another secret'))).toMatchObject({ status: 401 });
    const garbled = delivery();
    garbled.headers['x-shopify-hmac-sha256'] = 'short';
    expect(await webhooks.receive(garbled)).toMatchObject({ status: 401 });
    const unsigned = delivery();
    delete unsigned.headers['x-shopify-hmac-sha256'];
    expect(await webhooks.receive(unsigned)).toEqual({
      status: 401,
      reason: 'missing X-Shopify-Hmac-Sha256 header',
    });
    expect(accepted).toEqual([]);
  });

  it('accepts the old and the new secret during a rotation', async () => {
    const { intake: webhooks, accepted } = intake({ secret: ['new secret', secret] });
    expect(await webhooks.receive(delivery(body, 'wh-1', secret))).toMatchObject({ status: 200 });
    expect(await webhooks.receive(delivery(body, 'wh-2', 'new secret'))).toMatchObject({ status: 200 });
    expect(accepted).toHaveLength(2);
  });

  it('answers a redelivery of the same webhook id with 200 and hands the order on once', async () => {
    const { intake: webhooks, accepted } = intake();
    expect(await webhooks.receive(delivery())).toEqual({ status: 200, duplicate: false });
    expect(await webhooks.receive(delivery())).toEqual({ status: 200, duplicate: true });
    expect(await webhooks.receive(delivery())).toEqual({ status: 200, duplicate: true });
    expect(accepted).toHaveLength(1);
  });

  it('hands on a second delivery with a new webhook id: deduping the order itself is the idempotency claim’s job', async () => {
    const { intake: webhooks, accepted } = intake();
    await webhooks.receive(delivery(body, 'wh-1'));
    await webhooks.receive(delivery(body, 'wh-2'));
    expect(accepted.map((o) => o.sourceOrderId)).toEqual(['so-000001', 'so-000001']);
  });

  it('remembers a webhook id for 25 hours by default; a redelivery after that is accepted again', async () => {
    const { intake: webhooks, accepted, clock } = intake();
    await webhooks.receive(delivery());
    clock.advance(defaultDedupeTtlMs - 1);
    expect(await webhooks.receive(delivery())).toEqual({ status: 200, duplicate: true });
    clock.advance(1);
    expect(await webhooks.receive(delivery())).toEqual({ status: 200, duplicate: false });
    expect(accepted).toHaveLength(2);
  });

  it('answers a malformed payload with 400 and a reason, hands nothing on and remembers no id', async () => {
    const { intake: webhooks, accepted, store } = intake();
    const cases: [string, RegExp][] = [
      ['{"id": "so-1", "customer"', /not JSON/],
      ['[1, 2]', /must be a JSON object/],
      ['{"customer": {"id": 7}, "total_price": "1.00"}', /order\.id must be/],
      ['{"id": 5, "customer": null, "total_price": "1.00"}', /order\.customer\.id must be/],
      ['{"id": 5, "customer": {"id": 7}, "total_price": "12.345"}', /order\.total_price must be/],
      ['{"id": 5, "customer": {"id": 7}, "total_price": "-1.00"}', /order\.total_price must be/],
    ];
    for (const [index, [raw, reason]] of cases.entries()) {
      const answer = await webhooks.receive(delivery(raw, `bad-${index}`));
      expect(answer, raw).toEqual({ status: 400, reason: expect.stringMatching(reason) });
      expect(await store.get(`webhook:bad-${index}`)).toBeUndefined();
    }
    expect(accepted).toEqual([]);
  });

  it('answers 400 when the webhook id is missing', async () => {
    const { intake: webhooks, accepted } = intake();
    const anonymous = delivery();
    delete anonymous.headers['x-shopify-webhook-id'];
    expect(await webhooks.receive(anonymous)).toMatchObject({ status: 400, reason: /X-Shopify-Webhook-Id/ });
    expect(accepted).toEqual([]);
  });

  it('reads Shopify-style integer ids and a numeric total', async () => {
    const { intake: webhooks, accepted } = intake();
    const raw = JSON.stringify({
      id: 820982911946154500,
      customer: { id: 115310627314723950 },
      total_price: 25,
    });
    expect(await webhooks.receive(delivery(raw))).toMatchObject({ status: 400 }); // beyond 2^53: not exact
    const safe = JSON.stringify({ id: 450789469, customer: { id: 207119551 }, total_price: 25.5 });
    expect(await webhooks.receive(delivery(safe, 'wh-2'))).toMatchObject({ status: 200 });
    expect(accepted[0]).toMatchObject({
      sourceOrderId: '450789469',
      customerId: '207119551',
      totalCents: 2550,
    });
  });

  it('answers 503 and forgets the id when the order cannot be queued, so the redelivery gets through', async () => {
    let fail = true;
    const accepted: PipelineOrder[] = [];
    const { intake: webhooks } = intake({
      accept: (o) => {
        if (fail) throw new FunnelstormError('INTERNAL', 'the queue is closed');
        accepted.push(o);
      },
    });
    expect(await webhooks.receive(delivery())).toEqual({
      status: 503,
      reason: 'could not queue the order: the queue is closed',
    });
    fail = false;
    expect(await webhooks.receive(delivery())).toEqual({ status: 200, duplicate: false });
    expect(accepted).toHaveLength(1);
  });

  it('answers 503 when the store is unavailable, and never 200 for an order it could not dedupe', async () => {
    const clock = new ManualClock();
    const down: Store = {
      ...createMemoryStore(clock),
      setIfAbsent: () => Promise.reject(new FunnelstormError('STORE_UNAVAILABLE', 'Redis went away')),
    };
    const accepted: PipelineOrder[] = [];
    const webhooks = createWebhookIntake({
      secret,
      store: down,
      clock,
      accept: (o) => void accepted.push(o),
    });
    expect(await webhooks.receive(delivery())).toEqual({
      status: 503,
      reason: 'could not record the webhook id: Redis went away',
    });
    expect(accepted).toEqual([]);
  });

  it('needs a secret', () => {
    const clock = new ManualClock();
    expect(() =>
      createWebhookIntake({ secret: '', store: createMemoryStore(clock), clock, accept: () => undefined }),
    ).toThrow(/client secret/);
  });
});
