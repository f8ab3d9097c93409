import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../test/support/cli-in-process.js';
import { checkJunitStructure } from '../test/support/junit-structure.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-compare-'));
const liveRuns = join(root, 'test', 'io', 'fixtures', 'live-runs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = cliInProcess;

/** `run --json` of a scenario into `dir/<name>.json`. */
async function runTo(name: string, scenario: string, ...flags: string[]): Promise<string> {
  const file = join(dir, `${name}.json`);
  const { code, stderr } = await cli('run', scenario, '--quiet', '--json', file, ...flags);
  expect([0, 1], stderr).toContain(code);
  return file;
}

describe('funnelstorm compare, sim runs (exact)', () => {
  const backlog = join(root, 'scenarios', 'backlog-plus.yaml');
  let baseline = '';
  beforeAll(async () => {
    baseline = await runTo('backlog-32', backlog);
  }, 120_000);

  it('two runs of the same scenario and seed: no change, exit 0', async () => {
    const again = await runTo('backlog-32-again', backlog);
    const result = await cli('compare', baseline, again);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^verdict {5}no change$/m);
    expect(result.stdout).toMatch(/^metrics {5}every figure is the same$/m);
    expect(result.stderr).toBe('');
  }, 120_000);

  it('backlog-plus with concurrency cut from 32 to 1: a regression on drain and p99, exit 1', async () => {
    const slow = await runTo('backlog-1', backlog, '--concurrency', '1');
    const out = join(dir, 'compare-out');
    const result = await cli('compare', baseline, slow, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^verdict {5}REGRESSION$/m);
    expect(result.stderr).toContain('funnelstorm compare: regression on p99 (--fail-on p99+10%)');
    expect(result.stderr).toContain(
      'funnelstorm compare: regression on drainRatio (--fail-on drainRatio+5%)',
    );
    expect(result.stdout).toMatch(/^ {12}✓ duplicates\+0 {2}0 ≤ 0$/m);
    const cases = checkJunitStructure(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(cases.get('p99+10%')).toMatch(/^regression: p99\+10%/);
    expect(cases.get('rate429+0.5pp')).toBeUndefined();
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(
      /^## funnelstorm compare — ❌ regression$/m,
    );
    const comparison = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as { mode: string };
    expect(comparison.mode).toBe('exact');
  }, 120_000);

  it('500 ms of added latency on every call: an exact p99 change that fails --fail-on p99+0.1%', async () => {
    const scenario = (name: string, faults: string): string => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(
        file,
        `name: latency\nseed: 4\nshop: { plan: standard }\n` +
          'traffic: { customers: 10, phases: [{ arrival: poisson, durationSeconds: 120, orders: 60 }] }\n' +
          faults,
      );
      return file;
    };
    const before = await runTo('latency-0', scenario('latency-0', ''));
    const after = await runTo(
      'latency-500',
      scenario(
        'latency-500',
        'faults:\n  rules:\n    - kind: latency\n      probability: 1\n' +
          '      latency: { distribution: fixed, ms: 500 }\n',
      ),
    );
    const reports = [before, after].map(
      (file) => JSON.parse(readFileSync(file, 'utf8')) as { latencyMs: { endToEnd: { p99: number } } },
    );
    const [p99Before, p99After] = reports.map((report) => report.latencyMs.endToEnd.p99) as [number, number];
    expect(p99After).toBeGreaterThan(p99Before);
    const result = await cli('compare', before, after, '--fail-on', 'p99+0.1%');
    expect(result.code).toBe(1);
    // The exact figures and their exact difference, to the microsecond.
    const format = (ms: number): string => ms.toLocaleString('en-US', { maximumFractionDigits: 3 });
    const delta = Math.round((p99After - p99Before) * 1000) / 1000;
    expect(result.stdout).toContain(`p99         ${format(p99Before)} ms`);
    expect(result.stdout).toContain(`+${format(delta)} ms`);
    expect(result.stdout).toMatch(/^fail-on {5}✗ p99\+0\.1% {2}\+[\d.]+ % > 0\.1 %$/m);
  }, 120_000);
});

describe('funnelstorm compare, recorded live runs (sets)', () => {
  it('two sets of the same build: no regression at the default noise band, exit 0', async () => {
    const result = await cli(
      'compare',
      join(liveRuns, 'baseline-a'),
      join(liveRuns, 'baseline-b'),
      '--runs',
      '5',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^method {6}sets: 5 vs 5 runs; medians compared with a 95 % percentile bootstrap$/m,
    );
    expect(result.stdout).toMatch(/noise band ±5\.0 %/);
    expect(result.stdout).toMatch(/^fail-on {5}✓ p99\+10% {2}[-+\d.]+ % \[95 % /m);
  }, 120_000);

  it('a set about 20 % slower in p99: a regression, exit 1', async () => {
    const result = await cli(
      'compare',
      join(liveRuns, 'baseline-a'),
      join(liveRuns, 'slower'),
      '--runs',
      '5',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^fail-on {5}✗ p99\+10% {2}\+[\d.]+ % \[95 % \+[\d.]+ % … \+[\d.]+ %\] > 10 %$/m,
    );
    expect(result.stderr).toContain('regression on p99 (--fail-on p99+10%)');
  }, 120_000);

  it('refuses a set against a single run, and --runs that does not match, with exit 2', async () => {
    const single = join(liveRuns, 'baseline-a', 'run-1.json');
    const mixed = await cli('compare', single, join(liveRuns, 'slower'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/Cannot compare 1 run\(s\) with 5/);
    const runs = await cli('compare', join(liveRuns, 'baseline-a'), join(liveRuns, 'slower'), '--runs', '7');
    expect(runs.code).toBe(2);
    expect(runs.stderr).toMatch(/--runs 7: the baseline has 5 run\(s\)/);
    const missing = await cli('compare', join(dir, 'nope.json'), single);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json does not exist/);
  }, 120_000);
});
