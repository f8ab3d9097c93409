import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { arrivalStats } from './arrival-stats.js';

// A child of bench/drill-sender.ts: a bare local target that answers every request 200 at once and records
// when each arrived. `GET /__stats` answers the arrival statistics since the last `/__stats` (10 ms
// windows) and starts over; it prints `{"url": …}` once it listens, and serves until SIGTERM.
let times = new Float64Array(1 << 16);
let count = 0;
const server = createServer((req, res) => {
  if (req.url === '/__stats') {
    const stats = arrivalStats(times.subarray(0, count), 10);
    count = 0;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(stats));
    return;
  }
  if (count === times.length) {
    const grown = new Float64Array(times.length * 2);
    grown.set(times);
    times = grown;
  }
  times[count++] = performance.now();
  req.resume();
  res.end('ok');
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
