import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FunnelstormError } from '../runtime/errors.js';
import { loadScenario, parseScenario } from './load-scenario.js';
import { defaultNetworkSettings, defaultPipelineSettings } from './scenario-types.js';
import { validateScenario } from './validate-scenario.js';

const directory = mkdtempSync(join(tmpdir(), 'funnelstorm-scenarios-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeScenario(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const minimal = `
name: minimal
shop:
  plan: standard
traffic:
  phases:
    - arrival: constant
      durationSeconds: 10
      orders: 5
`;

/** A valid scenario around the given `traffic.phases` list (YAML lines indented by four). */
function withPhases(phases: string): string {
  return `name: t\nshop:\n  plan: standard\ntraffic:\n  phases:\n${phases}`;
}

/** Loads `text` from a temp file and returns the error it throws. */
function loadError(name: string, text: string): FunnelstormError {
  const path = writeScenario(name, text);
  try {
    loadScenario(path);
  } catch (error) {
    if (error instanceof FunnelstormError) return error;
    throw error;
  }
  throw new Error(`expected ${name} to fail`);
}

describe('loadScenario', () => {
  it.each(['funnel-launch-standard.yaml', 'backlog-standard.yaml', 'backlog-plus.yaml'])(
    'loads the shipped scenario %s',
    (file) => {
      const scenario = loadScenario(fileURLToPath(new URL(file, import.meta.url)));
      expect(scenario.name).toBe(file.replace('.yaml', ''));
    },
  );

  it('ships a launch of exactly 1,000 orders over one hour on standard', () => {
    const scenario = loadScenario(fileURLToPath(new URL('funnel-launch-standard.yaml', import.meta.url)));
    const phases = scenario.traffic.phases;
    expect(phases.reduce((sum, phase) => sum + (phase.orders ?? 0), 0)).toBe(1000);
    expect(phases.reduce((sum, phase) => sum + (phase.durationSeconds ?? 0), 0)).toBe(3600);
    expect(scenario.shop).toEqual({ plan: 'standard', bucketSize: 40, leakPerSecond: 2 });
  });

  it('ships backlogs of 1,000 orders on standard and 5,000 on plus, all at t=0', () => {
    const standard = loadScenario(fileURLToPath(new URL('backlog-standard.yaml', import.meta.url)));
    const plus = loadScenario(fileURLToPath(new URL('backlog-plus.yaml', import.meta.url)));
    expect(standard.traffic.phases).toEqual([
      { name: 'backlog', arrival: 'spike', durationSeconds: 0, orders: 1000 },
    ]);
    expect(standard.pipeline.concurrency).toBe(8);
    expect(plus.shop).toEqual({ plan: 'plus', bucketSize: 400, leakPerSecond: 20 });
    expect(plus.traffic.phases[0]?.orders).toBe(5000);
    expect(plus.pipeline.concurrency).toBe(32);
  });

  it('fills every default and resolves the plan limits from the plan table', () => {
    const scenario = loadScenario(writeScenario('minimal.yaml', minimal));
    expect(scenario).toEqual({
      name: 'minimal',
      seed: 1,
      shop: { plan: 'standard', bucketSize: 40, leakPerSecond: 2 },
      network: defaultNetworkSettings,
      traffic: {
        customers: 100,
        phases: [{ name: 'phase-0', arrival: 'constant', durationSeconds: 10, orders: 5 }],
      },
      pipeline: defaultPipelineSettings,
    });
  });

  it('names a phase built in code with name: undefined, as it names an unnamed one', () => {
    const scenario = validateScenario(
      {
        name: 'built',
        shop: { plan: 'standard' },
        traffic: { phases: [{ name: undefined, arrival: 'constant', durationSeconds: 5, orders: 1 }] },
      },
      'code',
    );
    expect(scenario.traffic.phases[0]?.name).toBe('phase-0');
    expect(Object.keys(scenario.traffic.phases[0]!)[0]).toBe('name');
  });

  it('leaves customerSkew, webhooks and network.pauses out of the resolved scenario when the file has none', () => {
    const scenario = loadScenario(writeScenario('plain.yaml', minimal));
    expect(Object.keys(scenario.traffic)).toEqual(['customers', 'phases']);
    expect(Object.keys(scenario.network)).toEqual(['roundTripMs', 'jitterMs']);
  });

  it('takes a customer skew, webhook duplicates and delays, and network pauses, filling webhook defaults', () => {
    const text = minimal.replace(
      'traffic:\n',
      'network:\n  pauses: { probability: 0.01, durationMs: 45000 }\n' +
        'traffic:\n  customers: 200\n  customerSkew: 1.1\n  webhooks:\n    duplicateShare: 0.05\n',
    );
    const scenario = parseScenario(text, 'extensions.yaml');
    expect(scenario.traffic).toMatchObject({
      customers: 200,
      customerSkew: 1.1,
      webhooks: { duplicateShare: 0.05, duplicateDelaySeconds: 60, lateShare: 0, lateDelaySeconds: 300 },
    });
    expect(Object.keys(scenario.traffic)).toEqual(['customers', 'customerSkew', 'webhooks', 'phases']);
    expect(scenario.network).toEqual({
      ...defaultNetworkSettings,
      pauses: { probability: 0.01, durationMs: 45_000 },
    });
    const held = parseScenario(
      minimal.replace(
        'traffic:\n',
        'network:\n  pauses: { probability: 0.1, durationMs: 40000, route: customers.update }\ntraffic:\n',
      ),
      'route.yaml',
    );
    expect(held.network.pauses).toEqual({
      probability: 0.1,
      durationMs: 40_000,
      route: ['customers.update'],
    });
  });

  it('fills the defaults of a partly given section', () => {
    const scenario = parseScenario(`${minimal}pipeline:\n  concurrency: 3\n`, 'inline.yaml');
    expect(scenario.pipeline).toEqual({ ...defaultPipelineSettings, concurrency: 3 });
  });

  it('reads JSON by its extension and takes a custom plan with its own limits', () => {
    const json = {
      name: 'custom-json',
      seed: 7,
      shop: { plan: 'custom', bucketSize: 10, leakPerSecond: 0.5 },
      traffic: { phases: [{ arrival: 'poisson', durationSeconds: 60, ratePerSecond: 1 }] },
    };
    const scenario = loadScenario(writeScenario('custom.json', JSON.stringify(json)));
    expect(scenario.shop).toEqual({ plan: 'custom', bucketSize: 10, leakPerSecond: 0.5 });
    expect(scenario.seed).toBe(7);
  });

  it('fails with SCENARIO_NOT_FOUND naming a missing file', () => {
    const path = join(directory, 'nope.yaml');
    expect(() => loadScenario(path)).toThrow(
      expect.objectContaining({ code: 'SCENARIO_NOT_FOUND', message: expect.stringContaining(path) }),
    );
    expect(() => loadScenario(path)).toThrow(/does not exist/);
  });

  it('fails with SCENARIO_NOT_FOUND when the path is a directory', () => {
    const path = join(directory, 'a-directory.yaml');
    mkdirSync(path);
    expect(() => loadScenario(path)).toThrow(expect.objectContaining({ code: 'SCENARIO_NOT_FOUND' }));
  });
});

describe('loadScenario rejects bad input with SCENARIO_INVALID naming the file and the field', () => {
  it('rejects an unknown plan and lists the valid ones', () => {
    const error = loadError('plan.yaml', minimal.replace('plan: standard', 'plan: gold'));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toBe(
      `Failed to load scenario ${join(directory, 'plan.yaml')}: shop.plan must be one of basic, standard, ` +
        'advanced, plus, enterprise, custom (got "gold").',
    );
  });

  it('rejects a negative rate naming traffic.phases[1].ratePerSecond and the value found', () => {
    const text = withPhases(`
    - { arrival: constant, durationSeconds: 10, orders: 5 }
    - { arrival: poisson, durationSeconds: 10, ratePerSecond: -3 }
`);
    const error = loadError('rate.yaml', text);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toBe(
      `Failed to load scenario ${join(directory, 'rate.yaml')}: traffic.phases[1].ratePerSecond must be > 0 (got -3).`,
    );
  });

  it('rejects a missing traffic.phases', () => {
    const error = loadError('missing.yaml', 'name: t\nshop:\n  plan: basic\ntraffic:\n  customers: 5\n');
    expect(error.message).toMatch(/missing\.yaml: traffic\.phases is required \(expected a list\)\.$/);
  });

  it('rejects a phase with both orders and ratePerSecond', () => {
    const error = loadError(
      'both.yaml',
      withPhases('    - { arrival: poisson, durationSeconds: 10, orders: 5, ratePerSecond: 1 }\n'),
    );
    expect(error.message).toMatch(
      /both\.yaml: traffic\.phases\[0\] must have exactly one of orders or ratePerSecond \(got both\)\.$/,
    );
  });

  it('rejects a spike without orders', () => {
    const error = loadError('spike.yaml', withPhases('    - { arrival: spike, durationSeconds: 0 }\n'));
    expect(error.message).toMatch(
      /spike\.yaml: traffic\.phases\[0\]\.orders is required with arrival: spike/,
    );
  });

  it('rejects a spike with ratePerSecond', () => {
    const error = loadError(
      'spike-rate.yaml',
      withPhases('    - { arrival: spike, durationSeconds: 5, orders: 3, ratePerSecond: 2 }\n'),
    );
    expect(error.message).toMatch(/traffic\.phases\[0\]\.ratePerSecond is not allowed with arrival: spike/);
  });

  it('rejects a poisson phase of zero duration', () => {
    const error = loadError(
      'zero.yaml',
      withPhases('    - { arrival: poisson, durationSeconds: 0, orders: 3 }\n'),
    );
    expect(error.message).toMatch(
      /traffic\.phases\[0\]\.durationSeconds must be > 0 for arrival: poisson \(got 0\)/,
    );
  });

  it('rejects a custom plan without bucketSize', () => {
    const error = loadError(
      'custom.yaml',
      minimal.replace('plan: standard', 'plan: custom\n  leakPerSecond: 2'),
    );
    expect(error.message).toMatch(/custom\.yaml: shop\.bucketSize is required with plan: custom/);
  });

  it('rejects bucketSize on a named plan', () => {
    const error = loadError(
      'named.yaml',
      minimal.replace('plan: standard', 'plan: standard\n  bucketSize: 99'),
    );
    expect(error.message).toMatch(
      /shop\.bucketSize is only allowed with plan: custom \(plan standard has 40\)/,
    );
  });

  it('rejects an unknown key, naming its path and the key it resembles', () => {
    const error = loadError('typo.yaml', `${minimal}pipeline:\n  concurency: 4\n`);
    expect(error.message).toMatch(
      /typo\.yaml: pipeline\.concurency is not a known key \(did you mean concurrency\?\)\.$/,
    );
  });

  it('rejects an unknown top-level key, listing the known ones when none is close', () => {
    const error = loadError('extra.yaml', `${minimal}frobnicate: true\n`);
    expect(error.message).toMatch(
      /frobnicate is not a known key \(expected one of: name, description, seed, shop/,
    );
  });

  it('takes a naive baseline by name, and the retry budget ratio', () => {
    const scenario = parseScenario(
      `${minimal}pipeline:\n  name: no-mutex\n  retryBudgetRatio: 0.2\n`,
      'baseline.yaml',
    );
    expect(scenario.pipeline).toMatchObject({ name: 'no-mutex', retryBudgetRatio: 0.2 });
  });

  it('rejects an unknown pipeline, listing every pipeline with what it is for', () => {
    const error = loadError('pipeline.yaml', `${minimal}pipeline:\n  name: naive\n`);
    expect(error.message).toMatch(/pipeline\.name must be one of reference \(every guarantee\), /);
    for (const name of ['no-idempotency', 'no-reconcile', 'no-mutex', 'no-jitter', 'fixed-sleep'])
      expect(error.message).toContain(`${name} (`);
    expect(error.message).toMatch(
      /fixed-sleep \(600 ms sleep instead of a throttle: a 429 storm\) \(got "naive"\)/,
    );
  });

  it('rejects maxDelayMs below baseDelayMs, even when maxDelayMs is the default', () => {
    const error = loadError('delay.yaml', `${minimal}pipeline:\n  baseDelayMs: 60000\n`);
    expect(error.message).toMatch(
      /pipeline\.maxDelayMs must be ≥ pipeline\.baseDelayMs \(60000\) \(got 30000\)/,
    );
  });

  it('rejects a customer skew above 4 or below 0', () => {
    const over = loadError('skew.yaml', minimal.replace('traffic:\n', 'traffic:\n  customerSkew: 4.5\n'));
    expect(over.code).toBe('SCENARIO_INVALID');
    expect(over.message).toBe(
      `Failed to load scenario ${join(directory, 'skew.yaml')}: traffic.customerSkew must be ≤ 4 (got 4.5).`,
    );
    const under = loadError('skew-low.yaml', minimal.replace('traffic:\n', 'traffic:\n  customerSkew: -1\n'));
    expect(under.message).toMatch(/traffic\.customerSkew must be ≥ 0 \(got -1\)\.$/);
  });

  it('rejects a skew over more than 1,000,000 customers, and takes a uniform pick over as many', () => {
    const many = 'traffic:\n  customers: 2000000\n';
    const error = loadError('skew-many.yaml', minimal.replace('traffic:\n', `${many}  customerSkew: 1\n`));
    expect(error.message).toMatch(
      /skew-many\.yaml: traffic\.customerSkew needs customers ≤ 1,000,000 \(got customers 2,000,000\): /,
    );
    const uniform = parseScenario(
      minimal.replace('traffic:\n', `${many}  customerSkew: 0\n`),
      'uniform.yaml',
    );
    expect(uniform.traffic.customers).toBe(2_000_000);
  });

  it('rejects webhook shares outside [0, 1], delays outside (0, 4 h] and unknown keys, naming each field', () => {
    const webhooks =
      '  webhooks:\n    duplicateShare: 1.5\n    duplicateDelaySeconds: 0\n    lateShare: -0.1\n' +
      '    lateDelaySeconds: 20000\n    lateShares: 1\n';
    const error = loadError('webhooks.yaml', minimal.replace('traffic:\n', `traffic:\n${webhooks}`));
    expect(error.message.split('\n')).toEqual([
      `Failed to load scenario ${join(directory, 'webhooks.yaml')}: 5 problems:`,
      '  - traffic.webhooks.lateShares is not a known key (did you mean lateShare?).',
      '  - traffic.webhooks.duplicateShare must be ≤ 1 (got 1.5).',
      '  - traffic.webhooks.duplicateDelaySeconds must be > 0 (got 0).',
      '  - traffic.webhooks.lateShare must be ≥ 0 (got -0.1).',
      '  - traffic.webhooks.lateDelaySeconds must be ≤ 14400 (got 20000).',
    ]);
  });

  it('rejects network pauses without a duration, with a probability over 1 or a duration over an hour', () => {
    const missing = loadError('pauses.yaml', `${minimal}network:\n  pauses:\n    probability: 0.5\n`);
    expect(missing.message).toBe(
      `Failed to load scenario ${join(directory, 'pauses.yaml')}: network.pauses.durationMs is required ` +
        '(expected a number).',
    );
    const bad = loadError(
      'pauses-bad.yaml',
      `${minimal}network:\n  pauses: { probability: 2, durationMs: 3600001 }\n`,
    );
    expect(bad.message.split('\n').slice(1)).toEqual([
      '  - network.pauses.probability must be ≤ 1 (got 2).',
      '  - network.pauses.durationMs must be ≤ 3600000 (got 3600001).',
    ]);
    const route = loadError(
      'pauses-route.yaml',
      `${minimal}network:\n  pauses: { probability: 0.5, durationMs: 1000, route: customers.put }\n`,
    );
    expect(route.message).toMatch(
      /network\.pauses\.route: must be a route \(orders\.create, .*\) or a non-empty list of them/,
    );
    const empty = loadError('pauses-null.yaml', `${minimal}network:\n  pauses:\n`);
    expect(empty.message).toMatch(/network\.pauses must be a mapping \(got null\)\.$/);
  });

  it('rejects an absurd volume, naming the phase', () => {
    const text = withPhases(`
    - { arrival: constant, durationSeconds: 10, orders: 5 }
    - { arrival: poisson, durationSeconds: 3600, ratePerSecond: 10000 }
`);
    const error = loadError('volume.yaml', text);
    expect(error.message).toMatch(/traffic\.phases\[1\] brings the expected number of orders to 36,000,005/);
    expect(error.message).toMatch(/ratePerSecond 10000 × durationSeconds 3600 = 36,000,000/);
  });

  it('lists several problems one per line', () => {
    const text = `name: ""\nseed: -1\nshop:\n  plan: gold\ntraffic:\n  customers: 1.5\n  phases: []\n`;
    const error = loadError('many.yaml', text);
    expect(error.message.split('\n')).toEqual([
      `Failed to load scenario ${join(directory, 'many.yaml')}: 5 problems:`,
      '  - name must not be empty.',
      '  - seed must be ≥ 0 (got -1).',
      '  - shop.plan must be one of basic, standard, advanced, plus, enterprise, custom (got "gold").',
      '  - traffic.customers must be a whole number (got 1.5).',
      '  - traffic.phases must have at least 1 item(s) (got an empty list).',
    ]);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const error = loadError('syntax.yaml', 'name: t\nshop:\n  plan: standard\ntraffic: [1, 2\n');
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toMatch(/syntax\.yaml: YAML syntax error at line \d+, column \d+: /);
    expect(error.message).toMatch(/line 5|line 4/);
  });

  it('reports a duplicate key with its line', () => {
    const error = loadError('duplicate.yaml', 'name: t\nname: u\n');
    expect(error.message).toMatch(
      /duplicate\.yaml: YAML syntax error at line 2, column 1: Map keys must be unique\./,
    );
  });

  it('reports a JSON syntax error with its line', () => {
    const error = loadError('broken.json', '{\n  "name": "t",\n  "shop": }\n');
    expect(error.message).toMatch(/broken\.json: JSON syntax error at line 3, column \d+: /);
  });

  it('says so for an empty file, a comments-only file and a non-mapping top level', () => {
    expect(loadError('empty.yaml', '').message).toMatch(/empty\.yaml: the file is empty/);
    expect(loadError('comments.yaml', '# nothing yet\n').message).toMatch(
      /comments\.yaml: the file has no content/,
    );
    expect(loadError('list.yaml', '- 1\n- 2\n').message).toMatch(
      /list\.yaml: the top level must be a mapping of scenario fields .* \(got a list\)\./,
    );
    expect(loadError('scalar.json', '42').message).toMatch(/\(got the number 42\)\./);
  });

  it('never puts a stack trace in the message', () => {
    const error = loadError('alias.yaml', 'name: *missing\n');
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
