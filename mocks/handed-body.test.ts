import { describe, expect, it } from 'vitest';
import { loyaltyOf, writeLoyaltyRequest } from '../pipeline/loyalty-requests.js';
import { createOrderRequest } from '../pipeline/shopify-requests.js';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import { plans } from './plans.js';
import { createShopifyModel } from './shopify-model.js';

// The simulator's pipeline hands the model its bodies as values (runtime/json-response.ts); every answer
// must be what the same request as bytes gets, and a stale value must never be read instead of the text.

const shop = { domain: 'launch.myshopify.com', accessToken: 'shpat_app', apiVersion: '2026-01' };
const order = { sourceOrderId: 'so-1', customerId: '7000000000001', totalCents: 1999, receivedAtMs: 0 };
const target = { namespace: 'funnelstorm', key: 'loyalty' };

/** The request as bytes only, as the HTTP face makes it. */
function asText(request: HttpRequest): HttpRequest {
  const { bodyValue: _handed, ...text } = request;
  return text;
}

function exchange(requests: (HttpRequest | ((answers: HttpResponse[]) => HttpRequest))[]): string[] {
  const model = createShopifyModel({ limits: plans.plus });
  const answers: HttpResponse[] = [];
  for (const [i, next] of requests.entries()) {
    answers.push(model.handle(typeof next === 'function' ? next(answers) : next, i));
  }
  return answers.map((answer) => `${answer.status} ${answer.body}`);
}

describe('bodies handed over as values', () => {
  it('gets the same answers, byte for byte, as the same requests sent as text', () => {
    const create = createOrderRequest(shop, order, 'source_order_id');
    expect(create.bodyValue).toBeDefined();
    const firstWrite = writeLoyaltyRequest(shop, order.customerId, target, {
      metafieldId: undefined,
      value: { points: 19, orders: 1, counted: 'so-1' },
    });
    const secondWrite = (answers: HttpResponse[]): HttpRequest => {
      const id = (JSON.parse(answers[1]?.body ?? '{}') as { metafield: { id: number } }).metafield.id;
      return writeLoyaltyRequest(shop, order.customerId, target, {
        metafieldId: id,
        value: { points: 38, orders: 2, counted: 'so-1 so-2' },
      });
    };
    const handed = exchange([create, firstWrite, secondWrite]);
    const text = exchange([asText(create), asText(firstWrite), (a) => asText(secondWrite(a))]);
    expect(handed).toEqual(text);
    expect(handed.map((answer) => answer.slice(0, 3))).toEqual(['201', '201', '200']);
  });

  it('reads the text, not a value the body no longer is', () => {
    const create = createOrderRequest(shop, order, 'source_order_id');
    // The body changed after the value was made: the shop must see the body.
    const changed = { ...create, body: create.body?.replace('"19.99"', '"5.00"') };
    const [answer] = exchange([changed]);
    expect(answer).toContain('"total_price":"5.00"');
  });

  it("hands the pipeline the answer's value, equal to its text's", () => {
    const model = createShopifyModel({ limits: plans.plus });
    model.handle(createOrderRequest(shop, order, 'source_order_id'), 0);
    const write = writeLoyaltyRequest(shop, order.customerId, target, {
      metafieldId: undefined,
      value: { points: 19, orders: 1, counted: 'so-1' },
    });
    model.handle(write, 1);
    const url = `https://${shop.domain}/admin/api/2026-01/customers/${order.customerId}/metafields.json`;
    const read = model.handle({ method: 'GET', url, headers: { 'x-shopify-access-token': 'shpat_app' } }, 2);
    expect(read.bodyValue?.value).toEqual(JSON.parse(read.body));
    expect(loyaltyOf({ ok: true, response: read }, target)?.value).toEqual({
      points: 19,
      orders: 1,
      counted: 'so-1',
    });
  });
});
