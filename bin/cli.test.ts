import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PropertyVerdict } from '../reports/report-model.js';
import { runScenario } from '../sim/run-scenario.js';
import type { CliIo } from './cli-io.js';
import { main } from './cli.js';
import { runCommand } from './run-command.js';

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

/** A small scenario file: four orders at once on standard, two customers. */
function tinyScenario(): string {
  const file = join(dir, 'tiny.yaml');
  writeFileSync(
    file,
    'name: tiny\nseed: 5\nshop: { plan: standard }\n' +
      'traffic: { customers: 2, phases: [{ arrival: spike, durationSeconds: 0, orders: 4 }] }\n',
  );
  return file;
}

/**
 * `funnelstorm run` with the simulator's real report, its `properties` replaced by `properties`: the exit
 * code, the messages and the JSON for given verdicts, whatever the checkers would say of this run.
 */
async function runWithVerdicts(properties: PropertyVerdict[], ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  let code = -1;
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
  };
  const command = runCommand(io, (exitCode) => (code = exitCode), {
    run: async (scenario, options) => ({ ...(await runScenario(scenario, {}, options)), properties }),
  }).exitOverride();
  await command.parseAsync(argv, { from: 'user' });
  return { code, stdout, stderr };
}

const verdict = (property: PropertyVerdict['property'], holds = true, orderIds: string[] = []) => ({
  property,
  applies: true,
  holds,
  detail: holds ? `${property} checked` : `${property} broke here`,
  orderIds,
});

/** Six verdicts that all hold (rate discipline not applying). */
const holding: PropertyVerdict[] = [
  verdict('no-duplicates'),
  verdict('nothing-lost'),
  verdict('no-lost-updates'),
  verdict('mutual-exclusion'),
  verdict('bounded-p99'),
  { ...verdict('rate-discipline'), applies: false, detail: 'injected 429s' },
];

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
    expect(run.stdout).toMatch(
      /1 duplicate or missing orders, lost customer\s+updates, or a broken property/,
    );
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

  it('exits 0 and prints the Properties block when every property holds or does not apply', async () => {
    const { code, stdout, stderr } = await runWithVerdicts(holding, tinyScenario());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^properties {2}✓ no-duplicates {5}holds · no-duplicates checked$/m);
    expect(stdout).toMatch(/^ {12}– rate-discipline {3}does not apply · injected 429s$/m);
    expect(stderr).not.toMatch(/broke/);
  });

  it('exits 1 when a property is broken, even with a clean audit, and names it with its orders on stderr', async () => {
    const properties = holding.map((held) =>
      held.property === 'no-duplicates' ? verdict('no-duplicates', false, ['so-000002']) : held,
    );
    const { code, stdout, stderr } = await runWithVerdicts(properties, tinyScenario());
    expect(code).toBe(1);
    expect(stdout).toMatch(/0 duplicates · 0 missing/);
    expect(stdout).toMatch(/^properties {2}✗ no-duplicates {5}BROKEN · no-duplicates broke here$/m);
    expect(stdout).toMatch(/^ {32}orders so-000002$/m);
    expect(stderr).toContain(
      'funnelstorm run: property no-duplicates broke (so-000002); see the Properties block\n',
    );
  });

  it('names every broken property on its own stderr line, with at most three order ids each', async () => {
    const ids = ['so-000001', 'so-000002', 'so-000003', 'so-000004', 'so-000005'];
    const properties = [
      verdict('no-duplicates'),
      verdict('no-lost-updates', false, ids),
      verdict('mutual-exclusion', false, ids.slice(0, 2)),
      verdict('rate-discipline', false),
    ];
    const { code, stderr } = await runWithVerdicts(properties, tinyScenario(), '--json', '-');
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((line) => line.startsWith('funnelstorm run: property'))).toEqual([
      'funnelstorm run: property no-lost-updates broke (so-000001, so-000002, so-000003 and 2 more); see the Properties block',
      'funnelstorm run: property mutual-exclusion broke (so-000001, so-000002); see the Properties block',
      'funnelstorm run: property rate-discipline broke; see the Properties block',
    ]);
    // With --json -, the Properties block goes to stderr with the rest of the summary.
    expect(stderr).toMatch(/^ {12}✗ no-lost-updates {3}BROKEN/m);
  });

  it('writes the property verdicts into the JSON report, to a file and to stdout', async () => {
    const properties = [...holding.slice(0, 5), verdict('rate-discipline', false, ['so-000003'])];
    const out = join(dir, 'verdicts.json');
    const toFile = await runWithVerdicts(properties, tinyScenario(), '--json', out);
    expect(toFile.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).properties).toEqual(properties);
    const toStdout = await runWithVerdicts(properties, tinyScenario(), '--json', '-');
    expect(JSON.parse(toStdout.stdout).properties).toEqual(properties);
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

  it('explains worker, and the flags that spread check and run over threads and machines', async () => {
    const top = await cli('--help');
    expect(top.stdout).toMatch(/worker \[options\]/);
    const worker = await cli('worker', '--help');
    expect(worker.code).toBe(0);
    expect(worker.stdout).toMatch(/--queue <url>[\s\S]*redis:\/\/127\.0\.0\.1:6379/);
    expect(worker.stdout).toMatch(/--threads <n>[\s\S]*default: the\s+cores/);
    expect(worker.stdout).toMatch(/--lock-duration <duration>[\s\S]*default: 30s/);
    expect(worker.stdout).toMatch(/Exit codes/);
    const check = await cli('check', '--help');
    expect(check.stdout).toMatch(/--threads <n>[\s\S]*the\s+results\s+are\s+the\s+same\s+for\s+any\s+number/);
    expect(check.stdout).toMatch(/--queue <url>[\s\S]*funnelstorm\s+worker/);
    const run = await cli('run', '--help');
    expect(run.stdout).toMatch(/--seeds <list>[\s\S]*1\.\.8/);
    expect(run.stdout).toMatch(/--threads <n>/);
    const missing = await cli('worker');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--queue <url>'/);
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
