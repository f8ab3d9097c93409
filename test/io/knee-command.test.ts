import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KneeDocument } from '../../reports/knee-schema.js';
import { packageRoot, runFunnelstorm } from '../support/funnelstorm-process.js';
import { readmeExamples } from './fixtures/readme-examples.js';

// docs/capacity.md's walkthrough, its commands run exactly as written there (in the package root, with the
// built CLI: `npm run build` first, as `npm test` does), plus --json or a temporary --out. The first sweep
// also runs on one thread to show the figures do not depend on the threads (issue 15).
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-knee-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const funnelstorm = (...args: string[]) => runFunnelstorm(packageRoot, 180_000, ...args);
const walkthrough = readmeExamples(
  readFileSync(join(packageRoot, 'docs', 'capacity.md'), 'utf8'),
  'knee-example',
);

/** The arguments of a documented `npx funnelstorm …` command (continuation lines joined, quotes removed). */
function documentedArgs(name: string): string[] {
  const example = walkthrough.find((e) => e.name === name);
  if (example === undefined) throw new Error(`docs/capacity.md needs a <!-- knee-example: ${name} --> block`);
  const command = example.code.replace(/\\\n\s*/g, ' ').trim();
  expect(command.startsWith('npx funnelstorm ')).toBe(true);
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').slice(2);
}

const readKnee = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as KneeDocument;

describe('docs/capacity.md: finding the concurrency knee', () => {
  it('the first sweep recommends Little’s 4 workers, with sensitivity rows, the same on 1 thread', async () => {
    const args = documentedArgs('first');
    const many = await funnelstorm(...args, '--json', join(dir, 'many.json'));
    expect(many.code, many.stderr).toBe(0);
    expect(many.stdout).toContain('recommended, knee');
    expect(many.stdout).toContain('Sensitivity (one assumption changed at a time):');
    const one = await funnelstorm(
      ...args,
      '--threads',
      '1',
      '--no-sensitivity',
      '--json',
      join(dir, 'one.json'),
    );
    expect(one.code, one.stderr).toBe(0);
    const manyKnee = readKnee(join(dir, 'many.json'));
    const oneKnee = readKnee(join(dir, 'one.json'));
    expect(manyKnee.analysis.plans[0]).toMatchObject({ kneeConcurrency: 4, littleConcurrency: 4 });
    expect(manyKnee.analysis.plans[0]?.recommended?.concurrency).toBe(4);
    expect(manyKnee.analysis.sensitivity.map((row) => row.assumption)).toEqual([
      'roundTripMs',
      'serverLatencyMs',
      'storeRoundTripMs',
      'callsPerOrder',
    ]);
    expect(oneKnee.analysis.sensitivity).toEqual([]);
    expect(JSON.stringify(oneKnee.plans)).toBe(JSON.stringify(manyKnee.plans));
  });

  it('the plans side by side write knee.json, knee.md and knee.html', async () => {
    const args = documentedArgs('plans');
    const out = args.indexOf('--out');
    expect(out).toBeGreaterThan(0);
    args[out + 1] = join(dir, 'report');
    const run = await funnelstorm(...args);
    expect(run.code, run.stderr).toBe(0);
    for (const name of ['knee.json', 'knee.md', 'knee.html'])
      expect(existsSync(join(dir, 'report', name))).toBe(true);
    const knee = readKnee(join(dir, 'report', 'knee.json'));
    expect(knee.plans.map((plan) => [plan.plan, plan.ceilingOrdersPerSecond])).toEqual([
      ['standard', 0.667],
      ['plus', 6.667],
    ]);
  });

  it('run takes --plan and --set', async () => {
    const run = await funnelstorm(...documentedArgs('run'), '--json', join(dir, 'run.json'));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as {
      shop: { plan: string };
      pipeline: { concurrency: number };
    };
    expect([report.shop.plan, report.pipeline.concurrency]).toEqual(['plus', 12]);
  });
});
