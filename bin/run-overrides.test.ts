import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../test/support/cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-run-overrides-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The shipped backlog, cut to 4 orders by --set itself.
const file = join(import.meta.dirname, '..', 'scenarios', 'backlog-standard.yaml');
const small = ['--set', 'traffic.phases[0].orders=4'];

describe('funnelstorm run --plan --set', () => {
  it('runs the overridden scenario and records it in the report', async () => {
    const json = join(dir, 'run.json');
    const run = await cliInProcess(
      'run',
      file,
      ...small,
      '--plan',
      'plus',
      '--set',
      'pipeline.concurrency=5',
      '--json',
      json,
      '-q',
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      shop: { plan: string; leakPerSecond: number };
      pipeline: { concurrency: number };
    };
    expect(report.shop).toMatchObject({ plan: 'plus', leakPerSecond: 20 });
    expect(report.pipeline.concurrency).toBe(5);
  });

  it('exits 2 naming the flag and the field', async () => {
    const bad = await cliInProcess('run', file, '--set', 'network.roundTripMs=-1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--set network.roundTripMs=-1: network.roundTripMs must be ≥ 0');
    const plan = await cliInProcess('run', file, '--plan', 'gold');
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('--plan must be one of');
  });
});
