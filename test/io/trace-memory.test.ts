import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../support/funnelstorm-process.js';

// Issue 17, acceptance 2: a 1,000,000-line trace replays in constant memory. Each replay runs in its own
// process (the built modules: needs `npm run build`, as `npm test` does) and reports its peak RSS; the
// test compares the ratio of two processes on this machine, never an absolute size. What is replayed is
// the feed a run pulls — orderStream then deliveryStream, as sim/run-scenario.ts wires them — read to its
// end without keeping the orders. (A whole run keeps every order for its audit, so its memory grows with
// the orders whatever the feed does: issue 12's budget of ≤ 1 KB per order.) A third process keeps the
// orders in a list, to show the comparison catches a replay that materialises them.

const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-trace-rss-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a trace of `lines` orders, a few hundred ms apart, in chunks (the file itself is never in memory). */
function writeTrace(name: string, lines: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const startMs = Date.UTC(2026, 10, 27, 15, 0, 0);
  writeSync(fd, 'at,Email,Total\n');
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    chunk.push(
      `${new Date(startMs + i * 250).toISOString()},buyer-${i % 5000}@example.com,${(10 + (i % 90)).toFixed(2)}`,
    );
    if (chunk.length === 10_000) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
  return path;
}

const replayScript = join(dir, 'replay.mjs');
writeFileSync(
  replayScript,
  `import { createRandom } from ${JSON.stringify(join(packageRoot, 'dist', 'runtime', 'seeded-random.js'))};
import { orderStream } from ${JSON.stringify(join(packageRoot, 'dist', 'scenarios', 'order-stream.js'))};
import { deliveryStream } from ${JSON.stringify(join(packageRoot, 'dist', 'scenarios', 'delivery-stream.js'))};
const [file, keep] = process.argv.slice(2);
const traffic = { customers: 5000, phases: [{ name: 'trace', arrival: 'trace', file }] };
const random = createRandom(1).fork('traffic');
const kept = [];
let count = 0;
let lastMs = 0;
for (const { order, atMs } of deliveryStream(orderStream(traffic, random), undefined, random)) {
  count += 1;
  lastMs = atMs;
  if (keep === 'keep') kept.push(order);
}
console.log(JSON.stringify({ count, lastMs, kept: kept.length, maxRssKb: process.resourceUsage().maxRSS }));
`,
);

const pinnedHeap = ['--max-semi-space-size=1', '--max-old-space-size=16'];

async function replay(
  file: string,
  keep = false,
): Promise<{ count: number; lastMs: number; maxRssKb: number }> {
  const flags = keep ? ['--max-semi-space-size=1'] : pinnedHeap;
  const args = [...flags, replayScript, file, keep ? 'keep' : 'stream'];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 300_000 });
  return JSON.parse(stdout) as { count: number; lastMs: number; maxRssKb: number };
}

describe('trace replay memory', () => {
  it('replays a 1,000,000-line trace with peak RSS within 1.2 × that of a 10,000-line one', async () => {
    const small = await replay(writeTrace('small.csv', 10_000));
    const big = await replay(writeTrace('big.csv', 1_000_000));
    const kept = await replay(join(dir, 'big.csv'), true);
    const ratio = big.maxRssKb / small.maxRssKb;
    console.info(
      `peak RSS: 10,000 lines ${small.maxRssKb} KB · 1,000,000 lines ${big.maxRssKb} KB (× ${ratio.toFixed(3)}) · ` +
        `1,000,000 kept in a list ${kept.maxRssKb} KB (× ${(kept.maxRssKb / small.maxRssKb).toFixed(3)})`,
    );
    expect(small).toMatchObject({ count: 10_000, lastMs: 9_999 * 250 });
    expect(big).toMatchObject({ count: 1_000_000, lastMs: 999_999 * 250 });
    expect(ratio).toBeLessThanOrEqual(1.2);
    // The control: the same replay keeping its orders is far above the bound, so the bound has teeth.
    expect(kept.maxRssKb / small.maxRssKb).toBeGreaterThan(1.5);
  }, 600_000);
});
