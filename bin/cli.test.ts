import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';

const root = join(import.meta.dirname, '..');
const scenarioPath = (name: string) => join(root, 'scenarios', name);
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
  });
  return { code, stdout, stderr };
}

describe('funnelstorm CLI', () => {
  it('explains itself and the run command with --help', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/run \[options\] <scenario>/);
    const run = await cli('run', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--seed <n>/);
    expect(run.stdout).toMatch(/--concurrency <n>/);
    expect(run.stdout).toMatch(/--json <file>/);
    expect(run.stdout).toMatch(/Exit codes/);
    expect(run.stdout).toMatch(/pipeline\.name/);
    expect(run.stdout).toMatch(/1 duplicate or missing orders, or lost customer updates/);
  });

  it('runs a scenario, prints the seed first and a summary, and exits 0 when the audit is clean', async () => {
    const { code, stdout, stderr } = await cli('run', scenarioPath('backlog-standard.yaml'), '--seed', '7');
    expect(code).toBe(0);
    expect(stderr).toMatch(/seed 7/);
    expect(stdout).toMatch(/seed 7/);
    expect(stdout).toMatch(/duplicate/);
    expect(stdout).toMatch(/p99/);
  });

  it('exits 1 when the no-mutex baseline loses customer updates, and 0 for the reference on the same scenario', async () => {
    // Three customers, sixteen workers: without the customer lock, read-modify-writes of one customer
    // interleave and overwrite each other — no fault needed.
    const scenario = (name: string) =>
      `name: lost-updates\nseed: 3\nshop: { plan: plus }\ntraffic:\n  customers: 3\n` +
      `  phases: [{ arrival: spike, durationSeconds: 0, orders: 60 }]\n` +
      `pipeline: { name: ${name}, concurrency: 16 }\n`;
    const naive = join(dir, 'no-mutex.yaml');
    writeFileSync(naive, scenario('no-mutex'));
    const lost = await cli('run', naive);
    expect(lost.code).toBe(1);
    expect(lost.stdout).toMatch(/0 duplicates · 0 missing/);
    expect(lost.stdout).toMatch(/3 checked · 3 lost updates · 0 dead-lettered/);
    const reference = join(dir, 'reference.yaml');
    writeFileSync(reference, scenario('reference'));
    const clean = await cli('run', reference);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/3 checked · 0 lost updates/);
  });

  it('writes the JSON report with --json', async () => {
    const out = join(dir, 'nested', 'report.json');
    const { code } = await cli(
      'run',
      scenarioPath('backlog-standard.yaml'),
      '--json',
      out,
      '--concurrency',
      '4',
    );
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ funnelstormReport: 1, pipeline: { concurrency: 4 } });
    expect(report.drain.ratio).toBeLessThanOrEqual(1.02);
  });

  it('prints only JSON on stdout with --json -', async () => {
    const { code, stdout, stderr } = await cli('run', scenarioPath('backlog-standard.yaml'), '--json', '-');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ seed: 1 });
    expect(stderr).toMatch(/p99/);
  });

  it('exits 2 naming the file and the field path for an invalid scenario, without a stack trace', async () => {
    const cases: [string, RegExp][] = [
      [
        'name: x\nshop: { plan: platinum }\ntraffic: { phases: [{ arrival: spike, orders: 1, durationSeconds: 0 }] }\n',
        /shop\.plan/,
      ],
      [
        'name: x\nshop: { plan: standard }\ntraffic: { phases: [{ arrival: poisson, ratePerSecond: -3, durationSeconds: 10 }] }\n',
        /traffic\.phases\[0\]\.ratePerSecond/,
      ],
      ['name: x\nshop: { plan: standard }\n', /traffic/],
    ];
    for (const [index, [text, path]] of cases.entries()) {
      const file = join(dir, `bad-${index}.yaml`);
      writeFileSync(file, text);
      const { code, stderr } = await cli('run', file);
      expect(code).toBe(2);
      expect(stderr).toContain(file);
      expect(stderr).toMatch(path);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 for a missing scenario file and for bad flags', async () => {
    const missing = await cli('run', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
    const badSeed = await cli('run', scenarioPath('backlog-standard.yaml'), '--seed', 'abc');
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toMatch(/--seed must be an integer/);
    const badConcurrency = await cli('run', scenarioPath('backlog-standard.yaml'), '--concurrency', '0');
    expect(badConcurrency.code).toBe(2);
    const unknown = await cli('run', scenarioPath('backlog-standard.yaml'), '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option/);
  });

  it('explains serve and each of its flags with its default', async () => {
    const top = await cli('--help');
    expect(top.stdout).toMatch(/serve \[options\]/);
    const { code, stdout } = await cli('serve', '--help');
    expect(code).toBe(0);
    for (const flag of [
      /--plan <name>[\s\S]*default: "standard"/,
      /--faults <file>[\s\S]*default:\s+no\s+faults/,
      /--port <n>[\s\S]*default: 0/,
      /--host <address>[\s\S]*default: "127\.0\.0\.1"/,
      /--seed <n>[\s\S]*default:\s+1/,
      /--shop <domain>[\s\S]*default:\s+"funnelstorm-test\.myshopify\.com"/,
      /--token <token\.\.\.>[\s\S]*any\s+non-empty\s+token/,
      /--max-body-bytes <n>[\s\S]*default: 1048576/,
    ]) {
      expect(stdout).toMatch(flag);
    }
    expect(stdout).toMatch(/Exit codes/);
  });

  it('exits 2 before serving for bad serve flags and fault files, naming the flag, file and field', async () => {
    const badPlan = join(dir, 'bad-faults.yaml');
    writeFileSync(badPlan, 'rules:\n  - { kind: ambiguous, then: 418, probability: 0.1 }\n');
    const cases: [string[], RegExp][] = [
      [['--port', '-1'], /--port must be an integer from 0 to 65535 \(got "-1"\)/],
      [['--max-body-bytes', '0'], /--max-body-bytes must be an integer/],
      [['--plan', 'gold'], /'--plan <name>' argument 'gold' is invalid/],
      [['--shop', 'launch.example.com'], /--shop must be a \*\.myshopify\.com domain/],
      [['--faults', badPlan], /bad-faults\.yaml: rules\[0\]\.then/],
      [['--faults', join(dir, 'absent.yaml')], /absent\.yaml: the file does not exist/],
    ];
    for (const [args, reason] of cases) {
      const { code, stdout, stderr } = await cli('serve', ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(reason);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
