import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../test/support/cli-in-process.js';
import { checkJunitStructure } from '../test/support/junit-structure.js';

const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = cliInProcess;

/** Twenty orders at once on standard (the burst takes half), with the file's thresholds. */
function scenarioWith(name: string, thresholds: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\nseed: 3\nshop: { plan: standard }\n` +
      'traffic: { customers: 4, phases: [{ arrival: spike, durationSeconds: 0, orders: 20 }] }\n' +
      `thresholds:\n${thresholds.map((t) => `  - "${t}"\n`).join('')}`,
  );
  return file;
}

describe('funnelstorm run with thresholds and --out', () => {
  it('exits 1 on a failing threshold of the file, naming it on stderr and in junit.xml', async () => {
    const out = join(dir, 'failing');
    const result = await cli('run', scenarioWith('failing', ['duplicates == 0', 'p99 < 1s']), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^funnelstorm run: threshold p99 < 1s failed \(p99 was [\d.]+ s\)$/m);
    expect(result.stderr).not.toMatch(/duplicates == 0/);
    expect(result.stdout).toMatch(
      /^thresholds {2}✓ duplicates == 0 \(0\)\n {12}✗ p99 < 1s \([\d.]+ s\) FAILED$/m,
    );
    for (const file of ['summary.json', 'summary.md', 'junit.xml', 'report.html'])
      expect(existsSync(join(out, file)), file).toBe(true);
    const cases = checkJunitStructure(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(cases.get('p99 < 1s')).toMatch(/^threshold p99 < 1s failed: p99 was/);
    expect(cases.has('duplicates == 0')).toBe(true);
    expect(cases.get('duplicates == 0')).toBeUndefined();
    expect(cases.get('no-duplicates')).toBeUndefined();
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { passed: boolean };
    expect(summary.passed).toBe(false);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(
      /^## funnelstorm run: failing — ❌ failed$/m,
    );
  }, 60_000);

  it('exits 0 when every threshold holds, and adds --threshold flags to the file’s', async () => {
    const file = scenarioWith('passing', ['duplicates == 0', 'p99 < 1h']);
    const passing = await cli('run', file, '--quiet', '--threshold', 'rate429 < 1%');
    expect(passing).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const failing = await cli('run', file, '--quiet', '-t', 'drainRatio < 0.5');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe('');
    expect(failing.stderr).toMatch(
      /^funnelstorm run: threshold drainRatio < 0.5 failed \(drainRatio was [\d.]+\)\n$/,
    );
  }, 60_000);

  it('refuses a threshold it cannot read with exit 2, naming the file’s entry or the flag', async () => {
    const bad = await cli('run', scenarioWith('bad', ['p99 < 30 parsecs']));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml.*thresholds\[0\]: "p99 < 30 parsecs" is not a threshold/s);
    const flag = await cli('run', scenarioWith('flag', []), '-t', 'p98 < 1s');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--threshold "p98 < 1s": unknown metric "p98"/);
  }, 60_000);

  it('writes byte-identical outputs for the same scenario and seed', async () => {
    const file = scenarioWith('twice', ['p99 < 1h']);
    const outs = [join(dir, 'twice-1'), join(dir, 'twice-2')];
    for (const out of outs) expect((await cli('run', file, '--quiet', '--out', out)).code).toBe(0);
    for (const name of ['summary.json', 'summary.md', 'junit.xml', 'report.html'])
      expect(readFileSync(join(outs[1]!, name), 'utf8'), name).toBe(
        readFileSync(join(outs[0]!, name), 'utf8'),
      );
  }, 60_000);
});
