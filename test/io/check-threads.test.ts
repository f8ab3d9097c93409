import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, runFunnelstorm, type CliOutcome } from '../support/funnelstorm-process.js';

// Issue 12, acceptance 3 (the identity half; the speed is measured by hand, see the README): a search on
// two worker threads prints what it prints on one, and writes the same counterexample file, byte for byte.
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const funnelstorm = (...args: string[]) => runFunnelstorm(dir, 120_000, ...args);

/** stdout without the wall time, the one figure that may differ, and with the file name made common. */
const verdicts = (outcome: CliOutcome, file: string): string =>
  outcome.stdout.replace(/\(\d+\.\d s\)/g, '(… s)').replaceAll(file, 'FILE');

describe('funnelstorm check --threads', () => {
  it('no-jitter, seed 1, 50 runs: the same verdicts, coverage and counterexample file on 1 and 2 threads', async () => {
    const search = ['check', '--pipeline', 'no-jitter', '--seed', '1', '--runs', '50', '--max-orders', '60'];
    const one = await funnelstorm(...search, '--threads', '1', '--out', 'one.yaml');
    const two = await funnelstorm(...search, '--threads', '2', '--out', 'two.yaml');
    expect(one.code, one.stderr).toBe(1);
    expect(two.code, two.stderr).toBe(1);
    expect(two.stderr).toMatch(/on 2 worker threads/);
    // The failure comes after many runs, so the two threads ran runs past it that the search then ignored.
    expect(one.stdout).toMatch(/Counterexample after (\d{2,}) runs/);
    expect(verdicts(two, 'two.yaml')).toBe(verdicts(one, 'one.yaml'));
    const file = (name: string) => readFileSync(join(dir, name), 'utf8').replaceAll(name, 'FILE');
    expect(file('two.yaml')).toBe(file('one.yaml'));
  });

  it('reference, seed 7, 30 runs: the same coverage on 1 and 2 threads', async () => {
    const search = ['check', '--seed', '7', '--runs', '30', '--max-orders', '60'];
    const one = await funnelstorm(...search, '--threads', '1');
    const two = await funnelstorm(...search, '--threads', '2');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stdout).toMatch(/Fault classes covered \(runs\): /);
    expect(verdicts(two, '')).toBe(verdicts(one, ''));
  });

  it('refuses --threads 0 with exit 2 and says why', async () => {
    const outcome = await funnelstorm('check', '--threads', '0');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--threads must be an integer from 1 to 256/);
  });
});

describe('funnelstorm run --seeds', () => {
  it('writes one report per seed, the same on 1 and 2 threads and the same as run --seed', async () => {
    const scenario = join(packageRoot, 'scenarios', 'backlog-standard.yaml');
    const one = await funnelstorm(
      'run',
      scenario,
      '--seeds',
      '1..3',
      '--threads',
      '1',
      '--json',
      'one/r.json',
    );
    const two = await funnelstorm(
      'run',
      scenario,
      '--seeds',
      '1..3',
      '--threads',
      '2',
      '--json',
      'two/r.json',
    );
    const single = await funnelstorm('run', scenario, '--seed', '2', '--json', 'single.json');
    for (const outcome of [one, two, single]) expect(outcome.code, outcome.stderr).toBe(0);
    const json = (name: string) => readFileSync(join(dir, name), 'utf8');
    for (const seed of [1, 2, 3])
      expect(json(`two/r-seed-${seed}.json`)).toBe(json(`one/r-seed-${seed}.json`));
    expect(json('two/r-seed-2.json')).toBe(json('single.json'));
    expect(two.stdout).toMatch(/── seed 1 ──[^]*── seed 2 ──[^]*── seed 3 ──/);
    expect(two.stdout).toMatch(/All 3 seeds:\nseed +created +duplicates/);
    expect(two.stdout).toMatch(/0 of 3 seeds failed\./);
    expect(two.stdout.replaceAll('two/', '')).toBe(one.stdout.replaceAll('one/', ''));
  });

  it('refuses --seed with --seeds, and --json - with --seeds, with exit 2', async () => {
    const scenario = join(packageRoot, 'scenarios', 'backlog-standard.yaml');
    const both = await funnelstorm('run', scenario, '--seed', '1', '--seeds', '1..2');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--seed and --seeds cannot be given together/);
    const stdout = await funnelstorm('run', scenario, '--seeds', '1..2', '--json', '-');
    expect(stdout.code).toBe(2);
    expect(stdout.stderr).toMatch(/with --seeds give a file name/);
  });
});
