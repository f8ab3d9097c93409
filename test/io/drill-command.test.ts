import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../reports/report-model.js';
import { funnelstormBin, packageRoot, type CliOutcome } from '../support/funnelstorm-process.js';

// Acceptance 1 of issue 14: `funnelstorm drill` of the two example services (examples/), as real processes,
// against a short launch with 5 % duplicate webhooks, a 429 storm and 5 % ambiguous creates, replayed ten
// times faster. Needs `npm run build` first (`npm test` does it): the CLI and the reference service's
// `funnelstorm/pipeline` import are the built package.
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-drill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 80 orders in a minute of scenario time (6 s at --speed 10) on Plus: the reference's calls fit the bucket.
const scenario = join(dir, 'launch.yaml');
writeFileSync(
  scenario,
  `name: drill-test-launch
seed: 7
shop: { plan: plus }
traffic:
  customers: 20
  webhooks: { duplicateShare: 0.05, duplicateDelaySeconds: 5 }
  phases:
    - { arrival: spike, durationSeconds: 30, orders: 60, halfLifeSeconds: 10 }
    - { arrival: poisson, durationSeconds: 30, orders: 20 }
faults:
  rules:
    - { kind: ambiguous, then: 503, probability: 0.05, match: { route: orders.create } }
    - { kind: throttle, window: { fromSeconds: 5, toSeconds: 10 } }
`,
);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  const options = { cwd: packageRoot, timeout: 120_000, env: { ...process.env, ...env } };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [funnelstormBin, ...args],
      options,
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** `funnelstorm drill` of an example service, started by the drill on a free port. */
async function drill(example: string): Promise<CliOutcome & { report: RunReport; port: number }> {
  const port = await freePort();
  const json = join(dir, `${example}.json`);
  const args = [
    'drill',
    scenario,
    '--target',
    `http://127.0.0.1:${port}/webhooks`,
    '--start',
    `node examples/${example}/server.js`,
    '--speed',
    '10',
    '--quiet-seconds',
    '2',
    '--json',
    json,
  ];
  const outcome = await runCli(args, { PORT: String(port) });
  const report = JSON.parse(readFileSync(json, 'utf8')) as RunReport;
  return { ...outcome, report, port };
}

/** Whether something still listens on the port. */
async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`);
    return true;
  } catch {
    return false;
  }
}

describe('funnelstorm drill (issue 14, acceptance 1)', () => {
  it('drill: naive service, 5 % duplicate webhooks, 429 storm, 5 % ambiguous creates (plan=plus, seed=7) → its duplicates, exit 1', async () => {
    const { code, stdout, stderr, report, port } = await drill('naive-service');
    expect(report.drill?.webhooks).toBeGreaterThan(80); // the duplicated deliveries on top of 80 orders
    expect(report.orders.duplicates).toBeGreaterThan(0);
    expect(stdout).toMatch(/duplicates {2}\d+ extra orders for so-\d{6}/);
    expect(stderr).toContain('funnelstorm drill: the audit failed');
    expect(code).toBe(1);
    // The drill stopped the service it started.
    expect(await listening(port)).toBe(false);
  }, 150_000);

  it('drill: reference service on the same launch (plan=plus, seed=7) → 0 duplicates, 0 missing, exit 0', async () => {
    const { code, stderr, report } = await drill('reference-service');
    expect(report.orders).toMatchObject({ generated: 80, created: 80, duplicates: 0, missing: 0 });
    expect(report.customers.lostUpdates).toBe(0);
    expect(report.faults?.byKind['ambiguous']).toBeGreaterThan(0);
    expect(report.faults?.byKind['throttle']).toBeGreaterThan(0);
    expect(code, stderr).toBe(0);
  }, 150_000);
});

describe('funnelstorm drill: a target that never answers', () => {
  it('exits 2 naming the URL when nothing listens there within --wait-seconds', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/webhooks`;
    const { code, stderr } = await runCli(['drill', scenario, '--target', url, '--wait-seconds', '1']);
    expect(stderr).toContain(`--target ${url} did not answer within 1 s`);
    expect(code).toBe(2);
  });

  it('exits 2 when the service given by --start exits before it answers', async () => {
    const port = await freePort();
    const args = ['drill', scenario, '--target', `http://127.0.0.1:${port}/`, '--start', 'exit 3'];
    const { code, stderr } = await runCli(args);
    expect(stderr).toContain('The service started with --start exited (code 3)');
    expect(code).toBe(2);
  });

  it('prints the environment the service needs when the drill does not start it', async () => {
    const port = await freePort();
    const args = ['drill', scenario, '--target', `http://127.0.0.1:${port}/`, '--wait-seconds', '1'];
    const { stderr } = await runCli(args);
    for (const name of [
      'SHOPIFY_API_URL',
      'SHOPIFY_SHOP_DOMAIN',
      'SHOPIFY_ACCESS_TOKEN',
      'SHOPIFY_WEBHOOK_SECRET',
    ])
      expect(stderr).toMatch(new RegExp(`export ${name}=\\S+`));
  });
});
