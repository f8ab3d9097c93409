// A hostile client of the mock server, run as its own process by test/io/abuse.test.ts so that the abuse
// does not share the test's event loop (the server's and the probe's). Plain JavaScript: it runs under
// node without a build step.
//
//   node test/support/abuser.mjs <baseUrl> <kind> <durationMs> [maxRequests] [concurrency]
//
// Sends requests of one kind until the duration is over or maxRequests were sent, `concurrency` at a
// time over keep-alive sockets, then prints one JSON line: {"kind", "sent", "statuses": {status: n},
// "errors", "closedByServer"}. The socket kinds (idle, slowloris) open sockets instead and count how
// many the server closed within the duration.
import http from 'node:http';
import net from 'node:net';
import { clearInterval, setInterval, setTimeout } from 'node:timers';

const [baseUrl = '', kind = '', durationText = '2000', maxText = '1000000', concurrencyText = '4'] =
  process.argv.slice(2);
const durationMs = Number(durationText);
const maxRequests = Number(maxText);
const concurrency = Number(concurrencyText);
const base = new URL(baseUrl);
const api = '/admin/api/2026-01';
const json = { 'content-type': 'application/json', 'x-shopify-access-token': 'shpat_abuser' };

const line = { title: 'Tee', price: '1.00' };
const uniqueTags = (count) => Array.from({ length: count }, (_, i) => `t${i}`);
const orderCreate =
  'mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) { order { id } userErrors { message } } }';
const manyKeys = (count) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));

/** Each kind: the request for the i-th send (bodies built once). */
function requestsOf(name) {
  switch (name) {
    case 'tags': {
      const body = JSON.stringify({ order: { line_items: [line], tags: uniqueTags(120_000).join(',') } });
      return () => ({ method: 'POST', path: `${api}/orders.json`, headers: json, body });
    }
    case 'graphql-tags': {
      const order = {
        lineItems: [
          { title: 'Tee', quantity: 1, priceSet: { shopMoney: { amount: '1.00', currencyCode: 'USD' } } },
        ],
        tags: uniqueTags(80_000),
      };
      const body = JSON.stringify({ query: orderCreate, variables: { order } });
      return () => ({ method: 'POST', path: `${api}/graphql.json`, headers: json, body });
    }
    case 'line-items': {
      const body = JSON.stringify({ order: { line_items: Array.from({ length: 30_000 }, () => line) } });
      return () => ({ method: 'POST', path: `${api}/orders.json`, headers: json, body });
    }
    case 'list':
      return () => ({ method: 'GET', path: `${api}/orders.json?limit=250&status=any`, headers: json });
    case 'admin-json': {
      const body = JSON.stringify({ rules: [], ...manyKeys(30_000) });
      return () => ({
        method: 'PUT',
        path: '/__admin/faults',
        headers: { 'content-type': 'application/json' },
        body,
      });
    }
    case 'admin-yaml': {
      const body = Object.keys(manyKeys(30_000))
        .map((key, i) => `${key}: ${i}`)
        .join('\n');
      return () => ({
        method: 'PUT',
        path: '/__admin/faults',
        headers: { 'content-type': 'application/yaml' },
        body,
      });
    }
    case 'deep-graphql': {
      const body = JSON.stringify({ query: `{ orders ${'{ a '.repeat(10_000)}${'}'.repeat(10_000)} }` });
      return () => ({ method: 'POST', path: `${api}/graphql.json`, headers: json, body });
    }
    case 'clients': {
      const body = JSON.stringify({ order: { line_items: [line] } });
      return (i) => ({
        method: 'POST',
        path: `${api}/orders.json`,
        headers: {
          'content-type': 'application/json',
          'x-shopify-access-token': `tok-${i}`,
          'x-funnelstorm-shop': `s${i}.myshopify.com`,
        },
        body,
      });
    }
    default:
      throw new Error(`unknown kind ${name}`);
  }
}

async function flood() {
  const next = requestsOf(kind);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = {};
  let sent = 0;
  let errors = 0;
  const endAt = Date.now() + durationMs;
  const one = (request) =>
    new Promise((resolve) => {
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          agent,
          method: request.method,
          path: request.path,
          headers: request.headers,
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(request.body);
    });
  const worker = async () => {
    while (Date.now() < endAt && sent < maxRequests) {
      const i = sent++;
      await one(next(i));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { kind, sent, statuses, errors, closedByServer: 0 };
}

/** Opens `maxRequests` sockets; idle ones send nothing, slowloris ones a header byte every 200 ms. */
async function holdSockets() {
  let closedByServer = 0;
  let errors = 0;
  const sockets = [];
  for (let i = 0; i < maxRequests; i++) {
    const socket = net.connect(Number(base.port), base.hostname);
    socket.on('error', () => errors++);
    socket.on('data', () => {});
    socket.on('close', () => {
      if (!socket.closedByUs) closedByServer++;
    });
    if (kind === 'slowloris') {
      socket.once('connect', () => socket.write(`GET ${api}/orders.json HTTP/1.1\r\nHost: x\r\n`));
      socket.drip = setInterval(() => socket.writable && socket.write('X'), 200);
    }
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  for (const socket of sockets) {
    clearInterval(socket.drip);
    socket.closedByUs = !socket.destroyed;
    socket.destroy();
  }
  return { kind, sent: sockets.length, statuses: {}, errors, closedByServer };
}

const result = kind === 'idle' || kind === 'slowloris' ? await holdSockets() : await flood();
process.stdout.write(`${JSON.stringify(result)}\n`);
