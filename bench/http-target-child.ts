import { startMockServer } from '../mocks/http-server.js';
import { createShopifyService } from '../mocks/shopify-service.js';
import { createRandom } from '../runtime/seeded-random.js';
import { systemClock } from '../runtime/system-clock.js';
import { startBareOrderServer, type CapturedResponse } from './bare-order-server.js';
import { preloadOrders, type PreloadMemory } from './preload-orders.js';

/** What a target child serves: the mock (optionally holding `preloadOrders` orders) or the bare reference. */
export type TargetSpec =
  { kind: 'ours'; preloadOrders?: number } | { kind: 'bare'; response: CapturedResponse };

/** The child's one JSON line once it listens. */
export interface TargetReady {
  url: string;
  preload?: PreloadMemory;
}

// A child of bench/http-server.ts, pinned to its own core: serves until SIGTERM.
const spec = JSON.parse(process.argv[2] ?? '{}') as TargetSpec;
let url: string;
let preload: PreloadMemory | undefined;
if (spec.kind === 'ours') {
  // Limits so high that no request is ever throttled, and no fault plan: the path every admitted request takes.
  const service = createShopifyService({
    model: { limits: { bucketSize: 1e9, leakPerSecond: 1e9 } },
    random: createRandom(1).fork('faults'),
  });
  if (spec.preloadOrders !== undefined) preload = preloadOrders(service, spec.preloadOrders);
  const server = await startMockServer({ service, clock: systemClock, host: '127.0.0.1', port: 0 });
  url = server.url;
} else if (spec.kind === 'bare') {
  const server = await startBareOrderServer(spec.response);
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
} else {
  throw new Error(`http-target-child: unknown spec ${process.argv[2]}`);
}
const ready: TargetReady = { url, ...(preload && { preload }) };
process.stdout.write(`${JSON.stringify(ready)}\n`);
process.on('SIGTERM', () => process.exit(0));
