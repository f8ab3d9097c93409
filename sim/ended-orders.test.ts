import { describe, expect, it } from 'vitest';
import { EndedOrders } from './ended-orders.js';

describe('EndedOrders', () => {
  it('counts each order once, numbered or not', () => {
    const ended = new EndedOrders();
    for (const id of ['so-000001', 'so-020000', 'so-000001', 'odd', 'odd', 'so-020001']) ended.add(id);
    expect(ended.size).toBe(4);
  });
});
