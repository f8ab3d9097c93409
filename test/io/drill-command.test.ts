import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../reports/report-model.js';
import { funnelstormBin, packageRoot, type CliOutcome } from '../support/funnelstorm-process.js';
import { readmeExamples } from './fixtures/readme-examples.js';

// Acceptance 1 of issue 14: `funnelstorm drill` of the two example services (examples/), as real processes,
// against the shipped launch (scenarios/drill-launch-plus.yaml: 5 % duplicate webhooks, a 429 storm, 5 %
// ambiguous creates) replayed ten times faster — the two commands of docs/drill.md's walkthrough, exactly as
// written there, with a free port in place of the documented one and --json added. Needs `npm run build`
// first (`npm test` does it): the CLI and the reference service's `funnelstorm/pipeline` import are the
// built package.
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-drill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scenario = 'scenarios/drill-launch-plus.yaml';
const walkthrough = readmeExamples(
  readFileSync(join(packageRoot, 'docs', 'drill.md'), 'utf8'),
  'drill-example',
);

/** The arguments of a documented `npx funnelstorm …` command (continuation lines joined, quotes removed). */
function documentedArgs(name: string): string[] {
  const example = walkthrough.find((e) => e.name === name);
  if (example === undefined) throw new Error(`docs/drill.md needs a <!-- drill-example: ${name} --> block`);
  const command = example.code.replace(/\\\n\s*/g, ' ').trim();
  expect(command.startsWith('npx funnelstorm ')).toBe(true);
  const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
  return words.slice(2);
}

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

/** The walkthrough's drill `name`, its service started by the drill on a free port. */
async function drill(name: string): Promise<CliOutcome & { report: RunReport; port: number }> {
  const port = await freePort();
  const json = join(dir, `${name}.json`);
  const args = [
    ...documentedArgs(name).map((arg) => arg.replace(/^(http:\/\/127\.0\.0\.1:)300[01]\//, `$1${port}/`)),
    '--json',
    json,
  ];
  expect(args.join(' ')).toContain(`127.0.0.1:${port}/webhooks`);
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
  it('drill: naive service, 5 % duplicate webhooks, 429 storm, 5 % ambiguous creates (plan=plus, seed=1) → its duplicates with their causes, its Retry-After violations, exit 1', async () => {
    const { code, stdout, stderr, report, port } = await drill('naive');
    expect(report.drill?.webhooks).toBeGreaterThan(150); // the duplicated deliveries on top of 150 orders
    expect(report.orders.duplicates).toBeGreaterThan(0);
    expect(stdout).toMatch(/duplicates {2}\d+ extra orders for so-\d{6}/);
    // Each duplicate with its cause, from the mock's request and delivery logs.
    const causes = report.drill?.duplicateCauses ?? [];
    expect(causes.length).toBe(new Set(causes.map((c) => c.sourceOrderId)).size);
    expect(causes.length).toBeGreaterThan(0);
    expect(causes.map((c) => c.kind)).toContain('ambiguous-retry');
    expect(causes.map((c) => c.kind)).toContain('redelivered-webhook');
    expect(stdout).toMatch(/so-\d{6}: second create \d+ ms after an ambiguous 503/);
    // The naive service retries a throttled call at once, ignoring Retry-After: 2.0.
    const [client] = report.drill?.clients ?? [];
    expect(client?.retryAfterViolations).toBeGreaterThan(0);
    expect(client?.retryAfterShortfallMsMax).toBeLessThanOrEqual(2000);
    expect(stdout).toMatch(/[1-9][\d,]* Retry-After violations \(/);
    expect(stderr).toContain('funnelstorm drill: the audit failed');
    expect(code).toBe(1);
    // The drill stopped the service it started.
    expect(await listening(port)).toBe(false);
  }, 150_000);

  it('drill: reference service on the same launch (plan=plus, seed=1) → 0 duplicates, 0 missing, 0 Retry-After violations, exit 0', async () => {
    const { code, stderr, report, port } = await drill('reference');
    expect(report.orders).toMatchObject({ generated: 150, created: 150, duplicates: 0, missing: 0 });
    expect(report.customers.lostUpdates).toBe(0);
    expect(report.drill?.duplicateCauses).toEqual([]);
    expect(report.drill?.clients.map((c) => c.retryAfterViolations)).toEqual([0]);
    expect(report.faults?.byKind['ambiguous']).toBeGreaterThan(0);
    expect(report.faults?.byKind['throttle']).toBeGreaterThan(0);
    expect(code, stderr).toBe(0);
    expect(await listening(port)).toBe(false);
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

describe('funnelstorm drill --match', () => {
  it('exits 2 naming --match for a pattern without {id}', async () => {
    const port = await freePort();
    const args = ['drill', scenario, '--target', `http://127.0.0.1:${port}/`, '--match', 'tag:src-'];
    const { code, stderr } = await runCli(args);
    expect(stderr).toContain('--match: tag:src- must hold {id} exactly once');
    expect(code).toBe(2);
  });

  it('audits by the matching given: a service writing the note attribute is unmatched under tag:src-{id}', async () => {
    const port = await freePort();
    const json = join(dir, 'match.json');
    const args = [
      ...['drill', scenario, '--target', `http://127.0.0.1:${port}/webhooks`, '--speed', '10'],
      ...['--start', 'node examples/naive-service/server.js', '--match', 'tag:src-{id}', '--json', json],
    ];
    const { code, stdout } = await runCli(args, { PORT: String(port) });
    const report = JSON.parse(readFileSync(json, 'utf8')) as RunReport;
    expect(report.orders.unattributed).toBeGreaterThanOrEqual(150);
    expect(report.orders.missing).toBe(150);
    expect(stdout).toContain('orders carry no source order id the matching finds');
    expect(code).toBe(1);
  }, 150_000);
});

describe('funnelstorm drill: stopping', () => {
  it('on Ctrl-C stops sending, stops the service it started and exits 1', async () => {
    const port = await freePort();
    const args = [
      funnelstormBin,
      'drill',
      scenario,
      '--target',
      `http://127.0.0.1:${port}/webhooks`,
      '--start',
      'node examples/naive-service/server.js',
    ];
    const child = spawn(process.execPath, args, {
      cwd: packageRoot,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (interrupted || !/sending \d+ webhooks\n/.test(stderr)) return;
      interrupted = true;
      child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toContain('interrupted: stopping the drill');
    expect(stderr).toContain('funnelstorm drill: interrupted before the end');
    expect(code).toBe(1);
    expect(await listening(port)).toBe(false);
  }, 60_000);
});

describe('funnelstorm drill --saturate', () => {
  it('reports the signed webhooks/s the reference service acknowledges within 5 s, with autocannon’s figures', async () => {
    const port = await freePort();
    const args = documentedArgs('saturate').map((arg) =>
      arg.replace(/^(http:\/\/127\.0\.0\.1:)3001\//, `$1${port}/`),
    );
    expect(args).toContain(`http://127.0.0.1:${port}/webhooks`);
    const { code, stdout, stderr } = await runCli(args, { PORT: String(port) });
    const match = /saturation {2}([\d,]+) signed webhooks\/s acknowledged \(2xx within 5 s\)/.exec(stdout);
    expect(match, stdout + stderr).not.toBeNull();
    expect(Number(match?.[1]?.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(stdout).toMatch(/ 0 non-2xx · 0 timeouts · 0 errors · 50 connections/);
    expect(code).toBe(0);
    expect(await listening(port)).toBe(false);
  }, 60_000);
});
