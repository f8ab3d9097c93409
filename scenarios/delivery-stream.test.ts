import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { generateOrders } from './arrivals.js';
import { deliveryStream } from './delivery-stream.js';
import { orderStream } from './order-stream.js';
import type { TrafficSettings } from './scenario-types.js';
import { generateDeliveries } from './webhook-deliveries.js';

const traffic: TrafficSettings = {
  customers: 50,
  webhooks: { duplicateShare: 0.3, duplicateDelaySeconds: 20, lateShare: 0.25, lateDelaySeconds: 60 },
  phases: [
    { name: 'backlog', arrival: 'spike', durationSeconds: 0, orders: 40 },
    { name: 'wave', arrival: 'wave', durationSeconds: 120, peakPerSecond: 20, halfLifeSeconds: 15 },
    { name: 'steady', arrival: 'constant', durationSeconds: 30, orders: 30 },
  ],
};

describe('deliveryStream', () => {
  for (const seed of [1, 2, 3, 42])
    it(`pulls the same deliveries, in the same order, as generateDeliveries over the whole list (seed=${seed})`, () => {
      const listed = (() => {
        const random = createRandom(seed).fork('traffic');
        return generateDeliveries(generateOrders(traffic, random), traffic.webhooks, random);
      })();
      const random = createRandom(seed).fork('traffic');
      const streamed = [...deliveryStream(orderStream(traffic, random), traffic.webhooks, random)];
      expect(streamed.map(({ order, atMs }) => ({ sourceOrderId: order.id, atMs }))).toEqual(listed);
      // Late and duplicated deliveries were drawn: the merge had something to order.
      expect(streamed.length).toBeGreaterThan(new Set(streamed.map((d) => d.order.id)).size);
      const firsts = streamed.filter((d) => d.first).map((d) => d.order.id);
      expect(new Set(firsts).size).toBe(firsts.length);
    });

  it('delivers each order once, on arrival, and draws nothing without webhooks', () => {
    const plain = { ...traffic, webhooks: undefined } as TrafficSettings;
    const random = createRandom(9).fork('traffic');
    const streamed = [...deliveryStream(orderStream(plain, random), undefined, random)];
    const orders = generateOrders(plain, createRandom(9).fork('traffic'));
    expect(streamed.map((d) => [d.order.id, d.atMs, d.first])).toEqual(
      orders.map((o) => [o.id, o.arrivalMs, true]),
    );
  });
});
