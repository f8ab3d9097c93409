// The reference pipeline as an order-webhook service, built only from funnelstorm's public exports: the
// webhook intake (signature check, dedupe on X-Shopify-Webhook-Id, answer at once) in front of the
// reference pipeline (throttle on the call-limit header, backoff honouring Retry-After, idempotency on the
// source order with a lookup after an ambiguous failure, customer totals under a lock, dead-letter queue).
// Run it under a drill (docs/drill.md):
//   funnelstorm drill scenarios/drill-launch-plus.yaml --target http://127.0.0.1:3001/webhooks \
//     --start "node examples/reference-service/server.js" --speed 10
// It reads SHOPIFY_API_URL, SHOPIFY_SHOP_DOMAIN, SHOPIFY_ACCESS_TOKEN, SHOPIFY_WEBHOOK_SECRET and
// SHOPIFY_API_VERSION from its environment (the drill sets them), PORT (default 3001), and the shop's REST
// bucket as BUCKET_SIZE and LEAK_PER_SECOND (default Shopify Plus, 400 and 20: the throttle then follows the
// call-limit header). Its state lives in memory: one process, as a drill needs.
import { createServer } from 'node:http';
import {
  createMemoryStore,
  createReferencePipeline,
  createWebhookIntake,
  detachedSpawn,
} from 'funnelstorm/pipeline';
import { createFetchTransport, createRandom, systemClock } from 'funnelstorm/runtime';

const env = process.env;
const port = Number(env.PORT ?? 3001);
const store = createMemoryStore(systemClock);
const pipeline = createReferencePipeline({
  clock: systemClock,
  random: createRandom(Number(env.SEED ?? 1)),
  // Requests name the shop (https://<shop>/admin/api/…); the transport sends them to the mock's origin.
  transport: createFetchTransport({ origin: new URL(env.SHOPIFY_API_URL).origin }),
  store,
  shop: {
    domain: env.SHOPIFY_SHOP_DOMAIN,
    accessToken: env.SHOPIFY_ACCESS_TOKEN,
    apiVersion: env.SHOPIFY_API_VERSION ?? '2026-01',
  },
  limits: { bucketSize: Number(env.BUCKET_SIZE ?? 400), leakPerSecond: Number(env.LEAK_PER_SECOND ?? 20) },
  spawn: detachedSpawn,
});
const workers = Promise.all(pipeline.workers().map((body) => body()));
const intake = createWebhookIntake({
  secret: env.SHOPIFY_WEBHOOK_SECRET,
  store,
  clock: systemClock,
  accept: (order) => pipeline.accept(order),
});

const server = createServer(async (req, res) => {
  if (req.method !== 'POST') return res.end('ok'); // health checks
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const receipt = await intake.receive({ headers: req.headers, rawBody: Buffer.concat(chunks) });
  res.statusCode = receipt.status;
  res.end(receipt.status === 200 ? 'ok' : receipt.reason);
});
server.listen(port, '127.0.0.1', () => console.log(`reference service on http://127.0.0.1:${port}/webhooks`));

// On SIGTERM (the drill's end): take no more webhooks, let the workers finish the queue, report give-ups.
process.once('SIGTERM', async () => {
  server.close();
  pipeline.close();
  await workers;
  for (const letter of pipeline.deadLetters.entries())
    console.log(`dead letter ${letter.key}: ${letter.reason}`);
  process.exit(0);
});
