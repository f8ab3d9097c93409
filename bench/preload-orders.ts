import { defaultMockShop } from '../mocks/http-shop-domain.js';
import type { ShopifyService } from '../mocks/shopify-service.js';
import { benchOrderBody, benchOrderHeaders, benchOrderPath } from './order-request.js';

/** Memory before and after a preload, in bytes, each read after a full garbage collection. */
export interface PreloadMemory {
  orders: number;
  seconds: number;
  heapUsedBefore: number;
  heapUsedAfter: number;
  rssBefore: number;
  rssAfter: number;
}

/**
 * Creates `count` orders (distinct source ids, as a real run's) in the server's default shop, in-process
 * through `service.serve` — the model's full path, response included, without the sockets — and reports
 * the memory they hold. Needs `node --expose-gc`, else the figures include garbage.
 */
export function preloadOrders(service: ShopifyService, count: number): PreloadMemory {
  const url = `https://${defaultMockShop}${benchOrderPath}`;
  const headers = { ...benchOrderHeaders };
  fullGc();
  const before = process.memoryUsage();
  const startMs = Date.now();
  for (let i = 0; i < count; i++) {
    const outcome = service.serve({ method: 'POST', url, headers, body: benchOrderBody(`pre-${i}`) }, 0);
    if (outcome.kind !== 'response' || outcome.response.status !== 201) {
      throw new Error(`preload: order ${i} was not created (${JSON.stringify(outcome).slice(0, 300)})`);
    }
  }
  const seconds = (Date.now() - startMs) / 1000;
  fullGc();
  const after = process.memoryUsage();
  return {
    orders: count,
    seconds,
    heapUsedBefore: before.heapUsed,
    heapUsedAfter: after.heapUsed,
    rssBefore: before.rss,
    rssAfter: after.rss,
  };
}

function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}
