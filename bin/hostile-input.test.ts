import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { maxScenarioBytes } from '../scenarios/load-scenario.js';
import { main } from './cli.js';

// Acceptance 3 of issue 16, the CLI's side: every hostile scenario file or flag ends the command with exit
// 2 and one line that names the file and the field (or the flag) — never a stack trace, never an internal
// option's name — and an output path that cannot be written fails at once, before any work.

const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stderr = '';
  let stdout = '';
  const startedMs = performance.now();
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    color: false,
  });
  return { code, stdout, stderr, wallMs: performance.now() - startedMs };
}

const small = 'traffic: { customers: 10, phases: [{ arrival: spike, durationSeconds: 0, orders: 20 }] }';

/** A scenario file: the smallest valid one with `extra` sections (YAML flow mappings, one per line). */
function scenarioFile(name: string, ...extra: string[]): string {
  const path = join(dir, `${name}.yaml`);
  const lines = ['name: hostile', 'shop: { plan: standard }', small, ...extra];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function withShop(name: string, shop: string, ...extra: string[]): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, ['name: hostile', `shop: ${shop}`, small, ...extra].join('\n') + '\n');
  return path;
}

function withTraffic(name: string, traffic: string, ...extra: string[]): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    ['name: hostile', 'shop: { plan: standard }', `traffic: ${traffic}`, ...extra].join('\n') + '\n',
  );
  return path;
}

const fifo = join(dir, 'fifo.yaml');
execFileSync('mkfifo', [fifo]);
const aFile = scenarioFile('a-file');
const huge = join(dir, 'huge.yaml');
writeFileSync(huge, `# ${'x'.repeat(maxScenarioBytes)}\nname: big\n`);

/** Each case: the argv, and what the one line must name (the file and the field, or the flag). */
const cases: { name: string; argv: () => string[]; names: string[] }[] = [
  {
    name: 'a round trip of 1e308 ms',
    argv: () => ['run', scenarioFile('rtt', 'network: { roundTripMs: 1e308 }')],
    names: ['rtt.yaml', 'network.roundTripMs'],
  },
  {
    name: 'a jitter of 1e308 ms',
    argv: () => ['run', scenarioFile('jitter', 'network: { jitterMs: 1e308 }')],
    names: ['jitter.yaml', 'network.jitterMs'],
  },
  {
    name: 'a request timeout of 1e308 ms',
    argv: () => ['run', scenarioFile('timeout', 'pipeline: { requestTimeoutMs: 1e308 }')],
    names: ['timeout.yaml', 'pipeline.requestTimeoutMs'],
  },
  {
    name: '2^53 − 1 customers',
    argv: () => [
      'run',
      withTraffic(
        'customers',
        '{ customers: 9007199254740991, phases: [{ arrival: spike, durationSeconds: 0, orders: 20 }] }',
      ),
    ],
    names: ['customers.yaml', 'traffic.customers'],
  },
  {
    name: 'a custom leak of 1e-300 calls per second',
    argv: () => ['run', withShop('leak', '{ plan: custom, bucketSize: 40, leakPerSecond: 1e-300 }')],
    names: ['leak.yaml', 'shop.leakPerSecond'],
  },
  {
    name: 'a custom bucket of 10^12 calls',
    argv: () => ['run', withShop('bucket', '{ plan: custom, bucketSize: 1000000000000, leakPerSecond: 2 }')],
    names: ['bucket.yaml', 'shop.bucketSize'],
  },
  {
    name: 'a fault window lowering the leak to 1e-300',
    argv: () => [
      'run',
      scenarioFile(
        'fault-leak',
        'faults: { rules: [{ kind: limits, window: { fromSeconds: 0, toSeconds: 10 }, bucketSize: 40, leakPerSecond: 1e-300 }] }',
      ),
    ],
    names: ['fault-leak.yaml', 'faults.rules[0].leakPerSecond'],
  },
  {
    name: 'a file over 10 MB (refused before it is read)',
    argv: () => ['run', huge],
    names: ['huge.yaml', 'too large'],
  },
  { name: 'a FIFO', argv: () => ['run', fifo], names: ['fifo.yaml', 'not a regular file'] },
  { name: 'a device', argv: () => ['run', '/dev/zero'], names: ['/dev/zero', 'a device'] },
  { name: 'a directory', argv: () => ['run', dir], names: [dir, 'directory'] },
  {
    name: '10 M orders × 4,096 workers (refused before it starts; --force named)',
    argv: () => [
      'run',
      withTraffic(
        'ten-million',
        '{ customers: 1000, phases: [{ arrival: spike, durationSeconds: 0, orders: 10000000 }] }',
        'pipeline: { concurrency: 4096 }',
      ),
    ],
    names: ['ten-million.yaml', 'traffic.phases[].orders', '--force'],
  },
  {
    name: 'a one-hour pause on every request of ten million orders',
    argv: () => [
      'run',
      withTraffic(
        'pauses',
        '{ customers: 1000, phases: [{ arrival: spike, durationSeconds: 0, orders: 10000000 }] }',
        'network: { pauses: { probability: 1, durationMs: 3600000 } }',
      ),
    ],
    names: ['pauses.yaml', 'network.pauses.probability', '--force'],
  },
  {
    name: 'check --out into a folder that does not exist',
    argv: () => ['check', '--runs', '1', '--out', join(dir, 'no-such-folder', 'x.yaml')],
    names: ['--out', 'no-such-folder', 'does not exist'],
  },
  {
    name: 'check --out under a file',
    argv: () => ['check', '--runs', '1', '--out', join(aFile, 'x.yaml')],
    names: ['--out', 'is not a folder'],
  },
  {
    name: 'check --out where no file can be created',
    argv: () => ['check', '--runs', '1', '--out', '/proc/funnelstorm.yaml'],
    names: ['--out', '/proc'],
  },
  {
    name: 'run --json into /proc',
    argv: () => ['run', aFile, '--json', '/proc/funnelstorm/report.json'],
    names: ['--json', '/proc'],
  },
  {
    name: 'check --runs 0',
    argv: () => ['check', '--runs', '0'],
    names: ['--runs'],
  },
];

describe('hostile CLI input (issue 16, acceptance 3)', () => {
  it.each(cases)('$name: exit 2, one line naming it, no stack, within a second', async ({ argv, names }) => {
    const { code, stderr, stdout, wallMs } = await cli(...argv());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.split('\n').filter((line) => line !== '' && !line.startsWith('(run with --help'));
    expect(lines).toHaveLength(1);
    for (const name of names) expect(lines[0]).toContain(name);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toMatch(/customersPerShop|restorePerSecond|Invalid .* options/);
    expect(wallMs).toBeLessThan(1000);
  });
});
