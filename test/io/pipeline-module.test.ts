import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, runFunnelstorm } from '../support/funnelstorm-process.js';
import { documentationText } from './fixtures/documentation.js';

// Issue 14, acceptance 5 through real processes of the built CLI (`npm run build` first; `npm test` does
// it): the example pipeline module (examples/my-pipeline) runs under `run` and `check`; `check` finds its
// planted duplicate and writes a counterexample that `run --pipeline` replays.
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const funnelstorm = (...args: string[]) => runFunnelstorm(dir, 120_000, ...args);
const example = join(packageRoot, 'examples', 'my-pipeline', 'my-pipeline.ts');
const launch = join(packageRoot, 'scenarios', 'funnel-launch-standard.yaml');

describe('funnelstorm run/check --pipeline <module>', () => {
  it('are the commands docs/pipeline.md shows ("Your own pipeline"), as this test runs them', () => {
    const docs = documentationText(packageRoot);
    const module = 'examples/my-pipeline/my-pipeline.ts';
    expect(docs).toContain(
      `npx funnelstorm run scenarios/funnel-launch-standard.yaml --pipeline ${module}\n`,
    );
    expect(docs).toContain(`npx funnelstorm check --pipeline ${module} --runs 40 --seed 1\n`);
    expect(docs).toContain(`npx funnelstorm run counterexample-my-pipeline-1.yaml --pipeline ${module}\n`);
  });

  it('runs the example module on a launch with every property holding, and names it in the report', async () => {
    const run = await funnelstorm('run', launch, '--pipeline', example, '--json', 'run.json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`pipeline ${example}`);
    expect(run.stdout).toMatch(/1,000 created · 0 duplicates · 0 missing/);
    const report = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { pipeline: { name: string } };
    expect(report.pipeline.name).toBe(example);
  });

  it('check finds the planted duplicate (seed 1, 40 runs, 2 threads) and run --pipeline replays it', async () => {
    const file = join(dir, 'counterexample.yaml');
    const check = await funnelstorm(
      'check',
      '--pipeline',
      example,
      '--seed',
      '1',
      '--runs',
      '40',
      '--threads',
      '2',
      '--out',
      file,
    );
    expect(check.code, check.stderr).toBe(1);
    // As docs/pipeline.md shows it: the second generated scenario, shrunk to one order.
    expect(check.stdout).toMatch(/Counterexample after 2 runs, shrunk in \d+ steps to 1 order\(s\)/);
    expect(check.stdout).toMatch(/property no-duplicates broke for so-\d+/);
    expect(check.stdout).toContain(`replay it:  npx funnelstorm run ${file} --pipeline ${example}`);
    expect(readFileSync(file, 'utf8')).toContain(`# Pipeline module: ${example}\n`);

    const replay = await funnelstorm('run', file, '--pipeline', example);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/[1-9]\d* duplicates?/);
    expect(replay.stderr).toMatch(/property no-duplicates broke/);
    const named = /property no-duplicates broke for ([^:]+):/.exec(check.stdout)?.[1] ?? '';
    for (const id of named.split(', ')) expect(replay.stdout).toContain(id);
  });

  it('type-checks under strict tsc against the built package, as a user would check it', async () => {
    const tsc = join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--noUncheckedIndexedAccess', '--skipLibCheck'];
    const target = ['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, ...flags, ...target, example], {
      cwd: packageRoot,
    });
    expect(stdout).toBe('');
  });

  it('exits 2 naming the file and what is missing, and refuses a module with --queue', async () => {
    writeFileSync(join(dir, 'empty.mjs'), 'export const version = 1;\n');
    const empty = await funnelstorm('run', launch, '--pipeline', './empty.mjs');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /^error: --pipeline \.\/empty\.mjs: the module exports no pipeline builder/m,
    );
    const missing = await funnelstorm('check', '--pipeline', './nope.ts', '--runs', '1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--pipeline \.\/nope\.ts: no such file/);
    const queue = await funnelstorm('check', '--pipeline', example, '--queue', 'redis://127.0.0.1:1');
    expect(queue.code).toBe(2);
    expect(queue.stderr).toMatch(/cannot go with --queue/);
  });
});
