import { describe, expect, it } from 'vitest';
import { createOrderRequest } from '../pipeline/shopify-requests.js';
import { createSourceOrderId } from './create-source-id.js';

const shop = { domain: 'launch.myshopify.com', accessToken: 'token', apiVersion: '2026-01' };

describe('createSourceOrderId', () => {
  it('reads the note attribute the shop stores, from the reference’s body and from any other layout', () => {
    const order = {
      sourceOrderId: 'so-000007',
      customerId: '7000000000001',
      totalCents: 1999,
      receivedAtMs: 0,
    };
    const request = createOrderRequest(shop, order, 'source_order_id');
    expect(createSourceOrderId(request.body, 'source_order_id')).toBe('so-000007');
    const spaced = JSON.stringify(
      { order: { note_attributes: [{ value: 'so-8', name: 'source_order_id' }] } },
      null,
      2,
    );
    expect(createSourceOrderId(spaced, 'source_order_id')).toBe('so-8');
    const escaped = JSON.stringify({
      order: { note_attributes: [{ name: 'source_order_id', value: 'a"b' }] },
    });
    expect(createSourceOrderId(escaped, 'source_order_id')).toBe('a"b');
  });

  it('is undefined when the body names no source order, or is not JSON', () => {
    expect(createSourceOrderId(undefined, 'source_order_id')).toBeUndefined();
    expect(createSourceOrderId('{"order":{"note_attributes":[]}}', 'source_order_id')).toBeUndefined();
    expect(
      createSourceOrderId('{"order":{"note_attributes":[{"name":"other","value":"x"}]}}', 'source_order_id'),
    ).toBeUndefined();
    expect(createSourceOrderId('source_order_id {', 'source_order_id')).toBeUndefined();
  });
});
