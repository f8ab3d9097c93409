import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { auditOrders } from './audit.js';
import { testRequest, testShop } from './model-test-support.js';
import { echoedIds, parseOrderMatching, type OrderMatching } from './order-matching.js';
import { plans } from './plans.js';
import { createShopifyModel } from './shopify-model.js';

/** An order the way someone else's integration might write it: no `source_order_id` attribute. */
function foreignOrder(fields: { tags?: string; title?: string; note?: [string, string] }) {
  return testRequest('POST', 'orders.json', {
    order: {
      line_items: [{ title: fields.title ?? 'Launch tee', price: '25.00', quantity: 1 }],
      note_attributes: fields.note === undefined ? [] : [{ name: fields.note[0], value: fields.note[1] }],
      tags: fields.tags ?? '',
    },
  });
}

const modelMatching = (orderMatching: OrderMatching) =>
  createShopifyModel({ limits: plans.plus, orderMatching });

describe('parseOrderMatching', () => {
  it('reads the three kinds and refuses the rest with what is allowed', () => {
    expect(parseOrderMatching('attribute:wh_order')).toEqual({
      ok: true,
      value: { kind: 'attribute', name: 'wh_order' },
    });
    expect(parseOrderMatching('tag:src-{id}')).toEqual({
      ok: true,
      value: { kind: 'tag', pattern: 'src-{id}' },
    });
    expect(parseOrderMatching(' echo ')).toEqual({ ok: true, value: { kind: 'echo' } });
    expect(parseOrderMatching('tag:src-')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/\{id\} exactly once/),
    });
    expect(parseOrderMatching('attribute:')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/needs the note attribute/),
    });
    expect(parseOrderMatching('regex:.*')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/attribute:NAME, tag:.*echo/),
    });
  });

  it('refuses a bad matching given to the model, naming the option', () => {
    let error: unknown;
    try {
      modelMatching({ kind: 'tag', pattern: 'no-placeholder' });
    } catch (caught) {
      error = caught;
    }
    expect(isFunnelstormError(error, 'SCENARIO_INVALID') && error.message).toMatch(
      /orderMatching: tag:no-placeholder/,
    );
  });
});

describe('order matching in the model', () => {
  it('by a tag pattern: duplicates and unattributed orders are counted by it', () => {
    const model = modelMatching({ kind: 'tag', pattern: 'src-{id}' });
    model.handle(foreignOrder({ tags: 'launch, src-41' }), 0);
    model.handle(foreignOrder({ tags: 'src-41' }), 10);
    model.handle(foreignOrder({ tags: 'src-, other' }), 20); // an empty id is no match
    const audit = auditOrders(model.shop(testShop), ['41', '42'], []);
    expect(audit).toMatchObject({
      created: 1,
      duplicates: 1,
      duplicateSourceIds: ['41'],
      unattributed: 1,
      missing: 1,
    });
  });

  it('by another note attribute', () => {
    const model = modelMatching({ kind: 'attribute', name: 'webhook_order_id' });
    model.handle(foreignOrder({ note: ['webhook_order_id', '820982911946154508'] }), 0);
    model.handle(foreignOrder({ note: ['source_order_id', 'x'] }), 0);
    expect(model.shop(testShop).orders.sourceIdAt(0)).toBe('820982911946154508');
    expect(model.shop(testShop).orders.unattributedCount).toBe(1);
  });

  it('by echo: finds a known id as a whole word, also one the model heard of after the create', () => {
    const model = modelMatching({ kind: 'echo' });
    model.recordDelivery(testShop, {
      sourceOrderId: '1234',
      webhookId: 'w1',
      attempt: 1,
      sentAtMs: 0,
      outcome: 200,
    });
    model.handle(foreignOrder({ title: 'Order #1234 from the funnel' }), 5);
    model.handle(foreignOrder({ tags: 'imported, wh-1234' }), 6);
    model.handle(foreignOrder({ note: ['ref', '12345'] }), 7); // 1234 is not a whole word of 12345
    model.handle(foreignOrder({ note: ['ref', 'o-77'] }), 8); // not known yet
    let orders = model.shop(testShop).orders;
    expect([0, 1, 2, 3].map((i) => orders.sourceIdAt(i))).toEqual(['1234', '1234', undefined, undefined]);
    model.expectSourceIds(testShop, ['o-77']);
    orders = model.shop(testShop).orders;
    expect(orders.sourceIdAt(3)).toBe('o-77');
    expect(orders.unattributedCount).toBe(1);
    expect(model.duplicateCauses(testShop).map((cause) => cause.sourceOrderId)).toEqual(['1234']);
  });
});

describe('echoedIds', () => {
  it('yields whole words and their -/_/. parts, never a part of a number', () => {
    expect([...echoedIds('#src-o-17, id=99')]).toEqual([
      'src-o-17',
      'src-o',
      'o-17',
      'src',
      'o',
      '17',
      'id',
      '99',
    ]);
    expect([...echoedIds('12345')]).toEqual(['12345']);
  });
});
