import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from './load-scenario.js';
import { parseScenarioSet, validateWithOverrides, type ScenarioOverrideFlags } from './scenario-overrides.js';

const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-overrides-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'small.yaml');
writeFileSync(
  file,
  'name: small\nshop: { plan: standard }\n' +
    'traffic: { customers: 2, phases: [{ arrival: spike, durationSeconds: 0, orders: 4 }] }\n',
);
const customFile = join(dir, 'custom.yaml');
writeFileSync(
  customFile,
  'name: custom\nshop: { plan: custom, bucketSize: 10, leakPerSecond: 1 }\n' +
    'traffic: { phases: [{ arrival: spike, durationSeconds: 0, orders: 4 }] }\n',
);

const load = (path: string, flags: Omit<ScenarioOverrideFlags, 'set'> & { set?: string[] }) =>
  loadScenario(path, validateWithOverrides({ ...flags, set: (flags.set ?? []).map(parseScenarioSet) }));
const failure = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('--set key=value', () => {
  it('sets nested fields and list items, the value read as YAML', () => {
    const scenario = load(file, {
      set: ['network.roundTripMs=400', 'pipeline.concurrency=16', 'traffic.phases[0].orders=500'],
    });
    expect(scenario.network.roundTripMs).toBe(400);
    expect(scenario.pipeline.concurrency).toBe(16);
    expect(scenario.traffic.phases[0]?.orders).toBe(500);
    expect(parseScenarioSet('a.b=[1,2]').value).toEqual([1, 2]);
    expect(parseScenarioSet('shop.plan=plus').value).toBe('plus');
  });

  it('creates a missing section, and a later --set of the same key wins', () => {
    const scenario = load(file, { set: ['store.roundTripMs=5', 'store.roundTripMs=7'] });
    expect(scenario.store?.roundTripMs).toBe(7);
  });

  it('names the flag and the field when the value is wrong, as the loader does', () => {
    expect(failure(() => load(file, { set: ['network.roundTripMs=-1'] }))).toContain(
      '--set network.roundTripMs=-1: network.roundTripMs must be ≥ 0',
    );
  });

  it('rejects an unknown key through the schema, as in a file', () => {
    expect(failure(() => load(file, { set: ['network.roundTrip=4'] }))).toContain(
      '--set network.roundTrip=4: network.roundTrip is not a known key',
    );
  });

  it('rejects a malformed key, a path through a scalar and an index past the list', () => {
    expect(() => parseScenarioSet('network')).toThrow(/give key=value/);
    expect(() => parseScenarioSet('__proto__.x=1')).toThrow(/give key=value/);
    expect(failure(() => load(file, { set: ['name.first=1'] }))).toContain('name is not a mapping');
    expect(failure(() => load(file, { set: ['traffic.phases[3].orders=1'] }))).toContain(
      'traffic.phases has 1 item(s); [3] is past its end',
    );
  });

  it('reports a problem the file has on its own as the file’s', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'name: broken\nshop: { plan: standard }\ntraffic: { phases: [] }\n');
    const message = failure(() => load(broken, { set: ['pipeline.concurrency=4'] }));
    expect(message).toContain('traffic.phases');
    expect(message).not.toContain('--set');
  });
});

describe('--plan NAME', () => {
  it('takes a named plan’s limits, dropping a custom file’s own', () => {
    expect(load(customFile, { plan: 'plus' }).shop).toEqual({
      plan: 'plus',
      bucketSize: 400,
      leakPerSecond: 20,
    });
  });

  it('rejects custom without limits, naming the flag; accepts it with them', () => {
    expect(failure(() => load(file, { plan: 'custom' }))).toContain(
      '--plan custom: shop.bucketSize is required with plan: custom',
    );
    const custom = load(file, { plan: 'custom', set: ['shop.bucketSize=80', 'shop.leakPerSecond=4'] });
    expect(custom.shop).toEqual({ plan: 'custom', bucketSize: 80, leakPerSecond: 4 });
  });
});
