import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenarios/load-scenario.js';
import { cliInProcess } from '../test/support/cli-in-process.js';
import { applyReplayFlags, replayFactorFlag } from './replay-flags.js';

const scenarioPath = (name: string) => join(import.meta.dirname, '..', 'scenarios', name);

const cli = cliInProcess;

describe('--speed and --scale', () => {
  it('take a number above 0 and at most 10,000', () => {
    expect(replayFactorFlag('--speed')('10')).toBe(10);
    expect(replayFactorFlag('--scale')('0.5')).toBe(0.5);
    for (const bad of ['0', '-2', 'fast', '1e3', '10001', ''])
      expect(() => replayFactorFlag('--scale')(bad)).toThrow(
        `--scale must be a number above 0 and at most 10000, e.g. 10 or 0.5 (got "${bad}").`,
      );
  });

  it('override the speed and scale of every trace phase, and nothing else', () => {
    const scenario = loadScenario(scenarioPath('trace-replay.yaml'));
    const applied = applyReplayFlags(scenario, { speed: 10, scale: 3 }, 'trace-replay.yaml');
    expect(applied.traffic.phases[0]).toMatchObject({ arrival: 'trace', speed: 10, scale: 3 });
    expect(applyReplayFlags(scenario, {}, 'x.yaml')).toBe(scenario);
    expect(applyReplayFlags(scenario, { scale: 2 }, 'x.yaml').traffic.phases[0]?.speed).toBeUndefined();
  });

  it('exit 2 naming the flag for a bad value, or for a scenario that replays no trace', async () => {
    const bad = await cli('run', scenarioPath('trace-replay.yaml'), '--speed', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--speed must be a number above 0 and at most 10000/);
    const none = await cli('run', scenarioPath('launch-shapes.yaml'), '--scale', '3');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--scale applies to trace phases, and .*launch-shapes\.yaml has none/);
  });

  it('run --speed 10 --scale 3 replays the shipped trace with three times its orders (the times: test/unit/trace-replay.test.ts)', async () => {
    const base = await cli('run', scenarioPath('trace-replay.yaml'), '--json', '-', '--quiet');
    const both = await cli(
      'run',
      scenarioPath('trace-replay.yaml'),
      '--speed',
      '10',
      '--scale',
      '3',
      '--json',
      '-',
      '--quiet',
    );
    expect([base.code, both.code]).toEqual([0, 0]);
    const [a, b] = [JSON.parse(base.stdout), JSON.parse(both.stdout)] as { orders: { generated: number } }[];
    expect(a?.orders.generated).toBe(475);
    expect(b?.orders.generated).toBe(1425);
  }, 60_000);
});
