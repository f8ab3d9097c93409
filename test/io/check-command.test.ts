import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { runFunnelstorm } from '../support/funnelstorm-process.js';

// Issue 5, acceptance 2 and 3 through a real process: the built CLI (`npm run build` first; `npm test`
// does it).
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const funnelstorm = (...args: string[]) => runFunnelstorm(dir, 120_000, ...args);

describe('funnelstorm check', () => {
  it('catches no-idempotency within 60 s and writes a counterexample that `funnelstorm run` replays', async () => {
    const file = join(dir, 'no-idempotency.yaml');
    const startedMs = performance.now();
    const check = await funnelstorm(
      'check',
      '--pipeline',
      'no-idempotency',
      '--seed',
      '1',
      '--time-budget',
      '60s',
      '--out',
      file,
    );
    const seconds = (performance.now() - startedMs) / 1000;
    expect(check.code, check.stderr).toBe(1);
    expect(seconds).toBeLessThan(60);
    expect(check.stderr).toMatch(/seed 1/);
    expect(check.stdout).toMatch(/property no-duplicates broke for so-\d+/);
    expect(check.stdout).toMatch(
      /reproduce: +npx funnelstorm check --pipeline no-idempotency --seed 1 --path [\d:]+/,
    );
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Counterexample found by funnelstorm check/);
    expect(text).toMatch(/name: no-idempotency/);

    const replay = await funnelstorm('run', file);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/[1-9]\d* duplicates?/);
    expect(replay.stderr).toMatch(/no-duplicates/);
    // The same ids the check named.
    const named = /property no-duplicates broke for ([^:]+):/.exec(check.stdout)?.[1] ?? '';
    for (const id of named.split(', ')) expect(replay.stdout).toContain(id);
  });

  it('exits 0 on the reference pipeline and lists the fault classes it covered', async () => {
    const { code, stdout, stderr } = await funnelstorm('check', '--runs', '40', '--seed', '7');
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(/Fault classes covered \(runs\): .*ambiguous-create \d+/);
    expect(stdout).toMatch(/No counterexample: every property held in 40 runs/);
  });

  it('refuses bad flags with exit 2 and says which', async () => {
    const pipeline = await funnelstorm('check', '--pipeline', 'nope');
    expect(pipeline.code).toBe(2);
    expect(pipeline.stderr).toMatch(/--pipeline must be one of reference, /);
    const budget = await funnelstorm('check', '--time-budget', '0s');
    expect(budget.code).toBe(2);
    expect(budget.stderr).toMatch(/--time-budget must be a duration/);
    const path = await funnelstorm('check', '--path', 'x');
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/--path must be/);
  });
});
