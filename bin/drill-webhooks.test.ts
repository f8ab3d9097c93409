import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenarios/load-scenario.js';
import { resolveScenario } from '../sim/run-scenario.js';
import { scaledFaultPlan } from './drill-shop.js';
import { drillWebhooks, shopifyHmac, webhookHeaders } from './drill-webhooks.js';
import { shopifyRedeliveryDelaysMs } from './webhook-sender.js';

const scenario = resolveScenario(loadScenario('scenarios/drill-launch-plus.yaml'));

describe('drill webhooks', () => {
  it('are the scenario’s deliveries, duplicates included, due at their times divided by the speed', () => {
    const atOne = drillWebhooks(scenario, 1);
    const atTen = drillWebhooks(scenario, 10);
    const orders = new Set(atOne.map((w) => w.sourceOrderId));
    expect(orders.size).toBe(150);
    expect(atOne.length).toBeGreaterThan(150); // 5 % delivered twice
    expect(atTen.map((w) => w.sourceOrderId)).toEqual(atOne.map((w) => w.sourceOrderId));
    atTen.forEach((w, i) => expect(w.dueMs * 10).toBeCloseTo(atOne[i]?.dueMs ?? NaN, 6));
    expect(atOne.map((w) => w.dueMs)).toEqual([...atOne.map((w) => w.dueMs)].sort((a, b) => a - b));
  });

  it('give a duplicate delivery its own webhook id and the event id of its order', () => {
    const webhooks = drillWebhooks(scenario, 1);
    const ids = new Set(webhooks.map((w) => w.webhookId));
    expect(ids.size).toBe(webhooks.length);
    const twice = webhooks.filter(
      (w) => webhooks.filter((o) => o.sourceOrderId === w.sourceOrderId).length === 2,
    );
    expect(twice.length).toBeGreaterThan(0);
    const [first, second] = webhooks.filter((w) => w.sourceOrderId === twice[0]?.sourceOrderId);
    expect(first?.eventId).toBe(second?.eventId);
    expect(first?.body).toBe(second?.body);
  });

  it('are the same for the same scenario and seed, and differ for another seed', () => {
    expect(drillWebhooks(scenario, 1)).toEqual(drillWebhooks(scenario, 1));
    const other = drillWebhooks({ ...scenario, seed: scenario.seed + 1 }, 1);
    expect(other[0]?.webhookId).not.toBe(drillWebhooks(scenario, 1)[0]?.webhookId);
  });

  it('carry what an orders/create payload carries, and are signed over the raw body', () => {
    const [webhook] = drillWebhooks(scenario, 1);
    if (webhook === undefined) throw new Error('no webhook');
    const body = JSON.parse(webhook.body) as Record<string, unknown>;
    expect(body).toMatchObject({ id: webhook.sourceOrderId, currency: 'USD' });
    expect(body['total_price']).toMatch(/^\d+\.\d{2}$/);
    const headers = webhookHeaders(webhook, {
      secret: 's3cret',
      shopDomain: 'drill.myshopify.com',
      apiVersion: '2026-01',
      originUnixMs: 0,
    });
    const expected = createHmac('sha256', 's3cret').update(webhook.body).digest('base64');
    expect(headers['x-shopify-hmac-sha256']).toBe(expected);
    expect(shopifyHmac('s3cret', webhook.body)).toBe(expected);
    expect(headers['x-shopify-triggered-at']).toBe(new Date(webhook.triggeredMs).toISOString());
  });
});

describe('Shopify’s redelivery schedule', () => {
  it('is 8 retries over 4 hours, each wait twice the one before', () => {
    expect(shopifyRedeliveryDelaysMs).toHaveLength(8);
    const total = shopifyRedeliveryDelaysMs.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeCloseTo(4 * 3600_000, 3);
    for (let i = 1; i < 8; i++)
      expect(shopifyRedeliveryDelaysMs[i]).toBeCloseTo(2 * (shopifyRedeliveryDelaysMs[i - 1] ?? 0), 6);
  });
});

describe('the drill’s fault plan', () => {
  it('divides every window by the speed and leaves rules without one alone', () => {
    const plan = scaledFaultPlan(scenario.faults ?? { rules: [] }, 10);
    const windows = (plan.rules ?? []).map((rule) => ('window' in rule ? rule.window : undefined));
    expect(windows).toEqual([undefined, { fromSeconds: 1, toSeconds: 1.5 }]);
  });
});
