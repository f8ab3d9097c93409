import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFailed, brokenProperties } from '../../bin/run-command.js';
import { formatJsonReport } from '../../reports/json-report.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { scenarioDocumentToYaml } from '../../scenarios/write-scenario.js';
import { runScenario } from '../../sim/run-scenario.js';
import { packageRoot, runFunnelstorm } from '../support/funnelstorm-process.js';

// End to end through a real process: the built CLI, as `npx funnelstorm` runs it after `npm ci`.
// Needs `npm run build` first (`npm test` does it).
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const funnelstorm = (...args: string[]) => runFunnelstorm(packageRoot, 60_000, ...args);

describe('funnelstorm as a process', () => {
  it('runs the shipped launch scenario and exits 0 with a summary', async () => {
    const { code, stdout, stderr } = await funnelstorm('run', 'scenarios/funnel-launch-standard.yaml');
    expect(code).toBe(0);
    expect(stderr).toMatch(/seed 1/);
    expect(stdout).toMatch(/1,000 created · 0 duplicates · 0 missing/);
  });

  it('writes byte-identical JSON reports for the same seed across two processes', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    expect(
      (await funnelstorm('run', 'scenarios/funnel-launch-standard.yaml', '--seed', '7', '--json', a)).code,
    ).toBe(0);
    expect(
      (await funnelstorm('run', 'scenarios/funnel-launch-standard.yaml', '--seed', '7', '--json', b)).code,
    ).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('exits 1 when the audit finds lost customer updates (the no-mutex baseline)', async () => {
    const file = join(dir, 'no-mutex.yaml');
    writeFileSync(
      file,
      'name: lost-updates\nseed: 3\nshop: { plan: plus }\n' +
        'traffic: { customers: 3, phases: [{ arrival: spike, durationSeconds: 0, orders: 60 }] }\n' +
        'pipeline: { name: no-mutex, concurrency: 16 }\n',
    );
    const { code, stdout, stderr } = await funnelstorm('run', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/pipeline no-mutex × 16/);
    expect(stdout).toMatch(/60 created · 0 duplicates · 0 missing/);
    expect(stdout).toMatch(/3 lost updates/);
  });

  it('replays a counterexample file written by scenarioDocumentToYaml exactly: the report of the run that found it', async () => {
    // A document as funnelstorm check would shrink it: the no-idempotency baseline creating again after
    // ambiguous 503s, so the shop ends with duplicates; awkward numbers must survive the file unchanged.
    const doc = {
      name: 'no-duplicates-counterexample',
      seed: 42,
      shop: { plan: 'custom', bucketSize: 40, leakPerSecond: 0.1 + 0.2 },
      network: { roundTripMs: 1e-7 },
      traffic: { customers: 2, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 12 }] },
      pipeline: { name: 'no-idempotency', concurrency: 4 },
      faults: { rules: [{ kind: 'ambiguous', then: 503, probability: 0.3 }] },
    };
    const file = join(dir, 'no-duplicates-counterexample.yaml');
    writeFileSync(
      file,
      scenarioDocumentToYaml(doc, {
        header: [
          'Counterexample found by funnelstorm check (seed 42, path 3:1:0): property no-duplicates broke',
          `Replay: npx funnelstorm run ${file}`,
        ],
      }),
    );
    const found = await runScenario(validateScenario(doc, 'found'));
    expect(found.orders.duplicates).toBeGreaterThan(0);
    const out = join(dir, 'replay.json');
    const { code, stdout } = await funnelstorm('run', file, '--json', out);
    expect(readFileSync(out, 'utf8')).toBe(formatJsonReport(found));
    expect(code).toBe(auditFailed(found) || brokenProperties(found).length > 0 ? 1 : 0);
    expect(stdout).toContain(`${found.orders.duplicates} duplicate`);
  });

  it('exits 2 with a one-line reason naming the file and field for an invalid scenario', async () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(
      file,
      'name: typo\nshop: { plan: standard }\ntraffic: { phases: [{ arrival: spike, orders: 5, durationSeconds: 0 }] }\npipeline: { concurency: 4 }\n',
    );
    const { code, stderr } = await funnelstorm('run', file);
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/pipeline\.concurency/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
