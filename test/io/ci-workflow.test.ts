import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCliWorkspace } from '../support/cli-workspace.js';
import { readmeExamples, type ReadmeExample } from './fixtures/readme-examples.js';

// docs/ci.md's commands, run on this machine as its GitHub Actions workflow would run them (not on
// GitHub): `npx funnelstorm` becomes the built CLI (dist/, so `npm run build` first — `npm test` does it),
// `npm ci` and `uses:` steps are skipped, and `if: always()` is honoured.
const root = join(import.meta.dirname, '..', '..');
const docs = readFileSync(join(root, 'docs', 'ci.md'), 'utf8');
const examples = readmeExamples(docs, 'ci');
const workspace = createCliWorkspace(root, 'funnelstorm-ci-');
afterAll(() => workspace.remove());

function only(name: string): ReadmeExample {
  const found = examples.filter((example) => example.name === name);
  if (found.length !== 1) throw new Error(`docs/ci.md needs exactly one <!-- ci: ${name} --> block`);
  return found[0]!;
}

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: { path?: string };
}

const stepSummary = join(workspace.dir, 'step-summary.md');

/** Runs a shell command in the workspace as a step would; returns its exit code and output. */
const sh = (command: string) => workspace.sh(command, { GITHUB_STEP_SUMMARY: stepSummary });

/** The workflow's steps run in order; the exit code of each (null: skipped, as after a failure). */
function runWorkflow(): { name: string; code: number | null; output: string }[] {
  const workflow = parse(only('workflow').code) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs)[0]!.steps;
  let failed = false;
  const results: { name: string; code: number | null; output: string }[] = [];
  for (const step of steps) {
    const name = step.name ?? step.run ?? step.uses ?? '?';
    if (step.run === undefined || step.run.trim() === 'npm ci') continue;
    if (failed && step.if !== 'always()') {
      results.push({ name, code: null, output: '' });
      continue;
    }
    const { code, output } = sh(step.run);
    if (code !== 0) failed = true;
    results.push({ name, code, output });
  }
  return results;
}

describe('docs/ci.md: the GitHub Actions workflow’s commands', () => {
  it('pass on an unchanged build: the run passes, the comparison finds no change, summaries and report written', () => {
    const baseline = sh(only('baseline').code);
    expect(baseline.code, baseline.output).toBe(0);
    writeFileSync(stepSummary, '');
    const results = runWorkflow();
    expect(results.map((step) => [step.name, step.code])).toEqual([
      ['Run the scenario', 0],
      ['Compare with the baseline', 0],
      ['Job summary', 0],
    ]);
    const summary = readFileSync(stepSummary, 'utf8');
    expect(summary).toMatch(/^## funnelstorm run: backlog-standard — ✅ passed$/m);
    expect(summary).toMatch(/^## funnelstorm compare — ✅ no change$/m);
    const workflow = parse(only('workflow').code) as { jobs: Record<string, { steps: Step[] }> };
    const upload = Object.values(workflow.jobs)[0]!.steps.find((step) =>
      step.uses?.startsWith('actions/upload-artifact'),
    );
    expect(existsSync(join(workspace.dir, upload?.with?.path ?? 'missing'))).toBe(true);
  }, 180_000);

  it('fail on a regression (fixed sleeps instead of the throttle), with the summaries still posted', () => {
    const file = join(workspace.dir, 'scenarios', 'backlog-standard.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/^ {2}concurrency: 8$/m, '  name: fixed-sleep\n  concurrency: 8'));
    writeFileSync(stepSummary, '');
    try {
      const results = runWorkflow();
      expect(results.map((step) => [step.name, step.code])).toEqual([
        ['Run the scenario', 1],
        ['Compare with the baseline', 1],
        ['Job summary', 0],
      ]);
      expect(results[1]?.output).toMatch(/regression on drainRatio/);
      const summary = readFileSync(stepSummary, 'utf8');
      expect(summary).toMatch(/^## funnelstorm run: backlog-standard — ❌ failed$/m);
      expect(summary).toMatch(/^## funnelstorm compare — ❌ regression$/m);
    } finally {
      writeFileSync(file, original);
    }
  }, 180_000);

  it('the thresholds example holds on backlog-standard', () => {
    const file = join(workspace.dir, 'with-thresholds.yaml');
    writeFileSync(
      file,
      `${readFileSync(join(workspace.dir, 'scenarios', 'backlog-standard.yaml'), 'utf8')}\n${only('thresholds').code}`,
    );
    const result = sh(`npx funnelstorm run ${file}`);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/^thresholds {2}✓ p99 < 30m /m);
    expect(result.output.match(/✓ /g)?.length).toBeGreaterThanOrEqual(5 + 6);
  }, 180_000);
});
