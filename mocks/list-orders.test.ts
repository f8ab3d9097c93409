import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { send, testOrder, testRequest } from './model-test-support.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';
import { createShopifyModel, type ShopifyModel } from './shopify-model.js';

const roomy = { bucketSize: 100_000, leakPerSecond: 10_000 };

function shopWith(orders: number, tag = (i: number) => (i % 2 === 0 ? 'even' : 'odd')): ShopifyModel {
  const model = createShopifyModel({ limits: roomy });
  for (let i = 1; i <= orders; i++) {
    const body = testOrder(`s${i}`) as { order: { tags: string } };
    body.order.tags += `, ${tag(i)}`;
    expect(send(model, testRequest('POST', 'orders.json', body)).status).toBe(201);
  }
  return model;
}

/** The orders' names and the Link header's URLs by rel. */
function page(
  model: ShopifyModel,
  pathOrUrl: string,
): { names: string[]; next?: string; previous?: string; status: number } {
  const request = testRequest('GET', '');
  request.url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${request.url}${pathOrUrl}`;
  const response = send(model, request);
  const links: Record<string, string> = {};
  for (const part of (response.headers['link'] ?? '').split(', ')) {
    const match = /^<([^>]+)>; rel="(next|previous)"$/.exec(part);
    if (match?.[1] !== undefined && match[2] !== undefined) links[match[2]] = match[1];
  }
  const orders = (response.json as { orders?: { name: string }[] }).orders ?? [];
  return { names: orders.map((o) => o.name), ...links, status: response.status };
}

describe('GET orders.json pagination', () => {
  it('sends no Link header when one page holds every match', () => {
    const model = shopWith(3);
    const response = send(model, testRequest('GET', 'orders.json?limit=3'));
    expect(response.headers['link']).toBeUndefined();
  });

  it('gives a next link on the first page, and no previous one', () => {
    const first = page(shopWith(7), 'orders.json?limit=3');
    expect(first.names).toEqual(['#1001', '#1002', '#1003']);
    expect(first.previous).toBeUndefined();
    expect(first.next).toMatch(
      /^https:\/\/launch\.myshopify\.com\/admin\/api\/2026-01\/orders\.json\?limit=3&page_info=[A-Za-z0-9_-]+$/,
    );
  });

  it('continues the next page where the first stopped, and previous goes back', () => {
    const model = shopWith(7);
    const first = page(model, 'orders.json?limit=3');
    const second = page(model, first.next ?? '');
    expect(second.names).toEqual(['#1004', '#1005', '#1006']);
    const third = page(model, second.next ?? '');
    expect(third.names).toEqual(['#1007']);
    expect(third.next).toBeUndefined();
    expect(page(model, third.previous ?? '').names).toEqual(['#1004', '#1005', '#1006']);
    const back = page(model, second.previous ?? '');
    expect(back.names).toEqual(['#1001', '#1002', '#1003']);
    expect(back.previous).toBeUndefined();
    expect(back.next).toBeDefined();
  });

  it('keeps the first request’s filters and fields in its cursors', () => {
    const model = shopWith(9);
    const first = send(model, testRequest('GET', 'orders.json?tag=odd&status=any&limit=2&fields=name'));
    expect(first.json).toEqual({ orders: [{ name: '#1001' }, { name: '#1003' }] });
    const next = /<([^>]+)>; rel="next"/.exec(first.headers['link'] ?? '')?.[1] ?? '';
    expect(next).toContain('fields=name');
    const pages = [page(model, next)];
    while (pages.at(-1)?.next !== undefined) pages.push(page(model, pages.at(-1)?.next ?? ''));
    expect(pages.map((p) => p.names)).toEqual([['#1005', '#1007'], ['#1009']]);
  });

  it('does not shift pages when orders are created between two requests', () => {
    const model = shopWith(4);
    const first = page(model, 'orders.json?limit=2');
    send(model, testRequest('POST', 'orders.json', testOrder('late')));
    expect(page(model, first.next ?? '').names).toEqual(['#1003', '#1004']);
  });

  it('answers a tampered page_info with 400 {"errors":{"page_info":"Invalid value."}}', () => {
    const model = shopWith(4);
    const next = page(model, 'orders.json?limit=2').next ?? '';
    const cursor = new URL(next).searchParams.get('page_info') ?? '';
    const tampered = [
      'not-a-cursor',
      cursor.slice(0, -3),
      `${cursor}x`,
      Buffer.from('{"d":"n","p":-1,"s":"open"}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'),
      '',
      '%%%',
    ];
    for (const pageInfo of tampered) {
      const response = send(
        model,
        testRequest('GET', `orders.json?page_info=${encodeURIComponent(pageInfo)}`),
      );
      expect(response.status, pageInfo).toBe(400);
      expect(response.json).toEqual({ errors: { page_info: 'Invalid value.' } });
    }
    expect(send(model, testRequest('GET', 'orders.json')).status).toBe(200);
  });

  it('refuses any parameter but limit and fields next to page_info, naming it', () => {
    const model = shopWith(4);
    const next = page(model, 'orders.json?limit=2').next ?? '';
    const response = send(model, testRequest('GET', `${next.split('/2026-01/')[1]}&status=any`));
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errors: {
        status:
          'status cannot be passed when page_info is present. See https://shopify.dev/api/usage/pagination-rest for more information.',
      },
    });
  });

  it('returns 50 orders by default and clamps a limit above 250 to 250', () => {
    const model = shopWith(260);
    expect(page(model, 'orders.json').names).toHaveLength(50);
    const clamped = page(model, 'orders.json?limit=500');
    expect(clamped.names).toHaveLength(250);
    expect(clamped.next).toMatch(/limit=250&/);
    expect(page(model, clamped.next ?? '').names).toHaveLength(10);
    expect(page(model, 'orders.json?limit=0').status).toBe(400);
  });
});

describe('page cursors', () => {
  it('round-trip their direction, position and filters', () => {
    const cursor = {
      direction: 'previous' as const,
      position: 41,
      filters: { status: 'any', tag: 'fs-src-ä', name: '#1002' },
    };
    expect(decodePageCursor(encodePageCursor(cursor))).toEqual({ ok: true, value: cursor });
  });

  it('never throw on any text, and refuse what they did not make', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const decoded = decodePageCursor(text);
        if (decoded.ok) expect(decoded.value.position).toBeGreaterThanOrEqual(0);
      }),
    );
    fc.assert(
      fc.property(
        fc.base64String({ maxLength: 200 }),
        (text) => void decodePageCursor(text.replace(/=+$/, '')),
      ),
    );
  });
});
