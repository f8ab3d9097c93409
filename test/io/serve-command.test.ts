import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, jsonHeaders, orderBody } from './http-server-support.js';

// `funnelstorm serve` as a real process, as a user starts it. Needs `npm run build` first (`npm test` does it).
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'bin', 'funnelstorm.js');
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-serve-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Served {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/** Starts `funnelstorm serve …` and resolves once it has printed its URL (within 10 s). */
function serve(...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 10 s; stderr: ${stderr}`)), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before printing its URL; stderr: ${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /https?:\/\/[^\s)]+/.exec(stdout)?.[0];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({ child, url, stdout: () => stdout, stderr: () => stderr });
    });
  });
}

/** Runs `funnelstorm serve …` expecting it to exit by itself (bad input); resolves with code and output. */
async function serveFails(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

describe('funnelstorm serve as a process', () => {
  it('prints one line with its URL, serves orders, logs nothing per request and exits 0 on SIGTERM', async () => {
    const served = await serve('--plan', 'plus', '--port', '0', '--seed', '3');
    expect(served.stdout()).toMatch(
      /^funnelstorm mock Shopify on http:\/\/127\.0\.0\.1:\d+ \(plan plus: REST 400\/20, seed 3\)\n$/,
    );
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${served.url}${api}/orders.json`, {
        method: 'POST',
        headers: jsonHeaders,
        body: orderBody(`p-${i}`),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-shopify-shop-api-call-limit')).toMatch(/^[0-3]\/400$/);
    }
    // Nothing per request: stderr holds at most the one line of hints printed at start.
    expect(served.stderr()).toMatch(/^(admin API: [^\n]+\n)?$/);
    expect(served.stdout().split('\n')).toHaveLength(2);
    expect(await stop(served.child, 'SIGTERM')).toBe(0);
  });

  it('prints each client’s politeness line on SIGUSR2 and at exit: a retry at once after a 429 is a Retry-After violation', async () => {
    const served = await serve('--plan', 'standard', '--port', '0');
    const get = () => fetch(`${served.url}${api}/orders.json`, { headers: jsonHeaders });
    // The standard bucket holds 40 calls and leaks 2 a second: a burst meets a 429 after about 40 calls;
    // then one more call at once, well inside the 2 s Retry-After.
    let throttled = false;
    for (let i = 0; i < 200 && !throttled; i++) throttled = (await get()).status === 429;
    expect(throttled).toBe(true);
    await get();
    // On request while it runs: SIGUSR2 prints the lines and the server keeps serving.
    served.child.kill('SIGUSR2');
    await new Promise<void>((resolve) => {
      const seen = (): void => {
        if (!served.stderr().includes('Retry-After violation')) return;
        served.child.stderr?.off('data', seen);
        resolve();
      };
      served.child.stderr?.on('data', seen);
      seen();
    });
    expect((await get()).status).toBeGreaterThan(0);
    // 'close' comes after the child's stderr is drained ('exit' may come before the last lines arrive).
    const closed = once(served.child, 'close');
    expect(await stop(served.child, 'SIGTERM')).toBe(0);
    await closed;
    // One line on SIGUSR2, one at exit.
    const lines = served.stderr().match(/^client sh… on funnelstorm-test\.myshopify\.com: .*$/gm) ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /: \d+ requests · [12] 429s \(\+0 injected\) · 1 Retry-After violation \(\d+ ms sooner/,
    );
  });

  it('matches orders to source orders by --match: a tag pattern finds duplicates no attribute names', async () => {
    const served = await serve('--port', '0', '--match', 'tag:wh-{id}');
    const body = JSON.stringify({
      order: { line_items: [{ title: 'Tee', price: '5.00', quantity: 1 }], tags: 'launch, wh-8801' },
    });
    for (let i = 0; i < 2; i++) {
      const created = await fetch(`${served.url}${api}/orders.json`, {
        method: 'POST',
        headers: jsonHeaders,
        body,
      });
      expect(created.status).toBe(201);
    }
    const audit = (await (await fetch(`${served.url}/__admin/audit`)).json()) as {
      shops: { duplicates: number; duplicateSourceIds: string[]; unattributed: number }[];
    };
    expect(audit.shops[0]).toMatchObject({ duplicates: 1, duplicateSourceIds: ['8801'], unattributed: 0 });
    expect(await stop(served.child, 'SIGTERM')).toBe(0);
  });

  it('injects the faults of --faults, accepts only --token, and exits 0 on SIGINT', async () => {
    const faults = join(dir, 'faults.yaml');
    writeFileSync(
      faults,
      'rules:\n  - kind: status\n    status: 503\n    probability: 1\n    match: { route: orders.create }\n',
    );
    const served = await serve('--faults', faults, '--token', 'shpat_test', 'shpat_other', '--port', '0');
    const create = await fetch(`${served.url}${api}/orders.json`, {
      method: 'POST',
      headers: jsonHeaders,
      body: orderBody('f'),
    });
    expect(create.status).toBe(503);
    const wrongToken = await fetch(`${served.url}${api}/orders.json`, {
      headers: { 'x-shopify-access-token': 'nope' },
    });
    expect(wrongToken.status).toBe(401);
    // With --token set, /__admin takes one of those tokens too (issue 16).
    expect((await fetch(`${served.url}/__admin/stats`)).status).toBe(401);
    const stats = (await (
      await fetch(`${served.url}/__admin/stats`, { headers: { 'x-shopify-access-token': 'shpat_other' } })
    ).json()) as { plan: { plan: string } };
    expect(stats.plan.plan).toBe('standard');
    expect(await stop(served.child, 'SIGINT')).toBe(0);
  });

  it('exits 2 naming the file and the field for a bad fault file, and the flag for bad flags, without a stack', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - { kind: status, status: 503, probability: 1.5 }\n');
    const cases: [string[], RegExp][] = [
      [
        ['--faults', bad],
        new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rules\\[0\\]\\.probability`),
      ],
      [['--faults', join(dir, 'missing.yaml')], /missing\.yaml/],
      [['--port', '70000'], /--port must be an integer from 0 to 65535/],
      [['--plan', 'platinum'], /--plan.*platinum/],
      [['--shop', 'example.com'], /--shop must be a \*\.myshopify\.com domain/],
      // Off loopback with /__admin open: refused before anything is bound (issue 16).
      [
        ['--host', '0.0.0.0'],
        /--host 0\.0\.0\.0: the server would be reachable beyond this machine with \/__admin open to anyone.*--admin-token/,
      ],
      [['--seed', 'x'], /--seed must be an integer/],
      [['--match', 'tag:src-'], /--match: tag:src- must hold \{id\} exactly once/],
    ];
    for (const [args, reason] of cases) {
      const { code, stdout, stderr } = await serveFails(...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(reason);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 naming --port when the port is taken', async () => {
    const first = await serve('--port', '0');
    const port = new URL(first.url).port;
    const second = await serveFails('--port', port);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`--port ${port}: cannot listen .*EADDRINUSE`));
    expect(await stop(first.child, 'SIGTERM')).toBe(0);
  });

  it('with --fencing, refuses a customer update whose fencing token is older than one already seen', async () => {
    const served = await serve('--plan', 'plus', '--fencing');
    const put = async (token: number): Promise<number> => {
      const response = await fetch(`${served.url}${api}/customers/7000000000001.json`, {
        method: 'PUT',
        headers: { ...jsonHeaders, 'x-funnelstorm-fencing-token': String(token) },
        body: JSON.stringify({ customer: { id: 7000000000001, note: `token ${token}` } }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    expect(await put(5)).toBe(200);
    expect(await put(3)).toBe(409);
    expect(await put(6)).toBe(200);
    expect(await stop(served.child, 'SIGTERM')).toBe(0);
  });

  it('dates orders with the wall clock, not 1970', async () => {
    const served = await serve('--plan', 'plus');
    const before = Date.now();
    const response = await fetch(`${served.url}${api}/orders.json`, {
      method: 'POST',
      headers: jsonHeaders,
      body: orderBody('dated'),
    });
    const { order } = (await response.json()) as { order: { created_at: string } };
    const createdMs = Date.parse(order.created_at);
    expect(createdMs).toBeGreaterThanOrEqual(before - 5_000);
    expect(createdMs).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(await stop(served.child, 'SIGTERM')).toBe(0);
  });
});
