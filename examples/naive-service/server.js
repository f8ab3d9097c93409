// A deliberately naive Shopify order-webhook service: the kind `funnelstorm drill` is for. It trusts every
// webhook (no signature check, no dedupe on X-Shopify-Webhook-Id), creates the order while Shopify waits,
// and retries any failure after a fixed 100 ms, ignoring Retry-After. Each of those is a bug a launch finds:
// a duplicated webhook or a retried ambiguous 503 makes a second order; a 429 storm outlasts its retries.
// Run it under a drill (docs/drill.md):
//   funnelstorm drill scenarios/drill-launch-plus.yaml --target http://127.0.0.1:3000/webhooks \
//     --start "node examples/naive-service/server.js" --speed 10
/* global fetch */
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const env = process.env;
const port = Number(env.PORT ?? 3000);
const ordersUrl = `${env.SHOPIFY_API_URL}/admin/api/${env.SHOPIFY_API_VERSION ?? '2026-01'}/orders.json`;

/** Creates the order in Shopify, retrying any failure up to 5 times; returns the last status. */
async function createOrder(webhook) {
  const body = JSON.stringify({
    order: {
      line_items: [{ title: 'Funnel order', price: webhook.total_price, quantity: 1 }],
      customer: { id: webhook.customer?.id },
      // The source order id, so the drill's audit can match the order to its webhook.
      note_attributes: [{ name: 'source_order_id', value: String(webhook.id) }],
    },
  });
  let status = 0;
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const response = await fetch(ordersUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': env.SHOPIFY_ACCESS_TOKEN },
        body,
      });
      status = response.status;
      if (response.ok) return status;
    } catch {
      status = 0; // a network error: try again like any other failure
    }
    await sleep(100); // the bug: a fixed pause, whatever Retry-After said
  }
  return status;
}

createServer((req, res) => {
  if (req.method !== 'POST') return res.end('ok'); // health checks
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', async () => {
    try {
      const status = await createOrder(JSON.parse(raw));
      res.statusCode = status >= 200 && status < 300 ? 200 : 500; // Shopify will redeliver a 500
      res.end();
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
}).listen(port, '127.0.0.1', () => console.log(`naive service on http://127.0.0.1:${port}/webhooks`));
