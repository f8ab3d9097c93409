import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ambiguousOutcomes, faultRoutes, faultStatuses } from '../mocks/faults/fault-plan.js';
import { planNames } from '../mocks/plans.js';
import { loadScenario, parseScenario } from './load-scenario.js';
import { minLeakPerSecond, pipelineNames } from './scenario-schema.js';
import { validateScenario } from './validate-scenario.js';
import { scenarioDocumentToYaml, scenarioKeyOrder, scenarioToDocument } from './write-scenario.js';

/** Numbers that a careless writer gets wrong: long binary fractions, tiny, huge, and negative zero. */
const awkwardNumbers = [0.1 + 0.2, 1e-7, 5e-324, 1 / 3, 123_456.789_012_345_67, 2 ** 53 + 2, 1e21, -0];

/** A double in [min, max] that is often one of {@link awkwardNumbers}. */
const number = (min: number, max: number) =>
  fc.oneof(
    fc.double({ min, max, noNaN: true }),
    fc.constantFrom(...awkwardNumbers.filter((value) => value >= min && value <= max)),
  );
const positive = (max: number) => number(Number.MIN_VALUE, max);

/** Strings a YAML writer must quote or escape to read them back as the same string. */
const text = fc.oneof(
  fc.constantFrom(
    'yes',
    'no',
    'null',
    '~',
    '1e-7',
    '0x1F',
    '.5',
    '- item',
    '#hash',
    'a: b',
    ' lead',
    'trail ',
  ),
  fc.constantFrom(
    'line\nbreak',
    'ends with newline\n',
    'tab\there',
    '"quoted"',
    "it's",
    '{ flow }',
    '*alias',
  ),
  fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
  fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }),
);

const phase = fc.oneof(
  fc.record(
    {
      name: text,
      arrival: fc.constant('spike'),
      durationSeconds: fc.constant(0),
      orders: fc.integer({ min: 1, max: 1000 }),
    },
    { requiredKeys: ['arrival', 'durationSeconds', 'orders'] },
  ),
  fc.record(
    {
      name: text,
      arrival: fc.constant('spike'),
      durationSeconds: positive(3600),
      orders: fc.integer({ min: 1, max: 1000 }),
      halfLifeSeconds: positive(600),
    },
    { requiredKeys: ['arrival', 'durationSeconds', 'orders'] },
  ),
  fc
    .record({
      name: fc.option(text, { nil: undefined }),
      arrival: fc.constantFrom('poisson', 'constant'),
      durationSeconds: positive(3600),
      amount: fc.oneof(
        fc.record({ orders: fc.integer({ min: 1, max: 1000 }) }),
        fc.record({ ratePerSecond: positive(100) }),
      ),
    })
    // Keys in a shuffled-looking order: the writer must put `name` and `arrival` first on its own.
    .map(({ name, arrival, durationSeconds, amount }) => ({
      durationSeconds,
      ...amount,
      arrival,
      ...(name === undefined ? {} : { name }),
    })),
);

const window = fc
  .tuple(number(0, 100_000), positive(10_000))
  .map(([fromSeconds, length]) => ({ fromSeconds, toSeconds: fromSeconds + length }))
  .filter((w) => w.toSeconds > w.fromSeconds);

const trigger = fc.record(
  {
    probability: number(0, 1),
    window,
    match: fc.record(
      {
        route: fc.oneof(
          fc.constantFrom(...faultRoutes),
          fc.uniqueArray(fc.constantFrom(...faultRoutes), { minLength: 1 }),
        ),
        method: fc.constantFrom('POST', 'get', ['PUT', 'POST']),
        shop: fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 2 })),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['probability'] },
);

const latency = fc.oneof(
  fc.record({ distribution: fc.constant('fixed'), ms: number(0, 60_000) }),
  fc
    .tuple(number(0, 1000), number(0, 1000))
    .map(([a, b]) => ({ distribution: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
  fc.record(
    {
      distribution: fc.constant('lognormal'),
      medianMs: positive(1000),
      sigma: number(0, 10),
      capMs: positive(1e6),
    },
    { requiredKeys: ['distribution', 'medianMs', 'sigma'] },
  ),
  fc.record(
    {
      distribution: fc.constant('pareto'),
      scaleMs: positive(1000),
      shape: positive(5),
      capMs: positive(1e6),
    },
    { requiredKeys: ['distribution', 'scaleMs', 'shape'] },
  ),
);

const rule = fc.oneof(
  fc
    .tuple(trigger, fc.constantFrom(...faultStatuses))
    .map(([t, status]) => ({ ...t, status, kind: 'status' })),
  fc
    .tuple(trigger, fc.constantFrom(...ambiguousOutcomes))
    .map(([t, then]) => ({ ...t, then, kind: 'ambiguous' })),
  fc.tuple(trigger, latency).map(([t, l]) => ({ kind: 'latency', latency: l, ...t })),
  fc.tuple(trigger, fc.constantFrom('throttle', 'reset', 'timeout')).map(([t, kind]) => ({ kind, ...t })),
);

const pipeline = fc
  .record(
    {
      name: fc.constantFrom(...pipelineNames),
      concurrency: fc.integer({ min: 1, max: 4096 }),
      maxAttempts: fc.integer({ min: 1, max: 100 }),
      delays: fc.tuple(positive(10_000), number(0, 100_000)),
      // Below the customer lock's 30 s lease: validation refuses a timeout as long as the lease.
      requestTimeoutMs: number(Number.MIN_VALUE, 29_999),
      retryBudgetRatio: number(0, 1),
    },
    { requiredKeys: [] },
  )
  .map(({ delays, ...rest }) =>
    delays === undefined ? rest : { ...rest, baseDelayMs: delays[0], maxDelayMs: delays[0] + delays[1] },
  );

/** Hand-made variations of a scenario document: every section, present or not, with awkward values. */
const scenarioDocument = fc
  .record(
    {
      name: text,
      description: text,
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      shop: fc.oneof(
        fc.record({ plan: fc.constantFrom(...planNames) }),
        fc.record({
          plan: fc.constant('custom'),
          bucketSize: fc.integer({ min: 1, max: 10_000 }),
          leakPerSecond: number(minLeakPerSecond, 1000),
        }),
      ),
      network: fc.record(
        {
          roundTripMs: number(0, 10_000),
          jitterMs: number(0, 1000),
          pauses: fc.record({ probability: number(0, 1), durationMs: positive(3_600_000) }),
        },
        { requiredKeys: [] },
      ),
      traffic: fc.record(
        {
          customers: fc.integer({ min: 1, max: 100_000 }),
          customerSkew: number(0, 4),
          webhooks: fc.record(
            {
              duplicateShare: number(0, 1),
              duplicateDelaySeconds: positive(14_400),
              lateShare: number(0, 1),
              lateDelaySeconds: positive(14_400),
            },
            { requiredKeys: [] },
          ),
          phases: fc.array(phase, { minLength: 1, maxLength: 4 }),
        },
        { requiredKeys: ['phases'] },
      ),
      pipeline,
      faults: fc.record({ rules: fc.array(rule, { maxLength: 4 }) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['name', 'shop', 'traffic'] },
  )
  // Generated in a fixed order; the writer must restore the readable one from any order.
  .chain((doc) =>
    fc
      .shuffledSubarray(Object.keys(doc), { minLength: Object.keys(doc).length })
      .map((keys) => Object.fromEntries(keys.map((key) => [key, doc[key as keyof typeof doc]]))),
  );

const header = fc.array(text, { maxLength: 3 });

describe('scenarioDocumentToYaml', () => {
  it('writes documents that parseScenario reads back as the same scenario, numbers exact to the bit', () => {
    fc.assert(
      fc.property(scenarioDocument, header, (doc, lines) => {
        const expected = validateScenario(doc, 'generated');
        const yamlText = scenarioDocumentToYaml(doc, { header: lines });
        expect(parseScenario(yamlText, 'counterexample.yaml')).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('puts the top-level keys in the readable order whatever order the document has', () => {
    fc.assert(
      fc.property(scenarioDocument, (doc) => {
        const topLevel = scenarioDocumentToYaml(doc)
          .split('\n')
          .flatMap((line) => /^([a-z]+):/.exec(line)?.[1] ?? []);
        const order = scenarioKeyOrder as readonly string[];
        expect(topLevel).toEqual([...topLevel].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
        expect(topLevel).toEqual(order.filter((key) => key in doc));
      }),
    );
  });

  it('writes numbers in the shortest form that reads back as the same double', () => {
    const doc = {
      name: 'numbers',
      shop: { plan: 'custom', bucketSize: 40, leakPerSecond: 0.1 + 0.2 },
      network: { roundTripMs: 1e-7, jitterMs: -0 },
      traffic: { phases: [{ arrival: 'poisson', durationSeconds: 1 / 3, ratePerSecond: 5e-324 }] },
    };
    const yamlText = scenarioDocumentToYaml(doc);
    expect(yamlText).toContain('leakPerSecond: 0.30000000000000004\n');
    expect(yamlText).toContain('roundTripMs: 1e-7\n');
    expect(yamlText).toContain('ratePerSecond: 5e-324\n');
    const scenario = parseScenario(yamlText, 'numbers.yaml');
    expect(scenario.shop.leakPerSecond).toBe(0.1 + 0.2);
    expect(scenario.network.roundTripMs).toBe(1e-7);
    expect(Object.is(scenario.network.jitterMs, -0)).toBe(true);
    expect(scenario.traffic.phases[0]?.durationSeconds).toBe(1 / 3);
  });

  it('writes a counterexample as a readable file, header first (golden)', () => {
    const doc = {
      traffic: {
        phases: [{ orders: 4, durationSeconds: 0, arrival: 'spike', name: 'burst' }],
        customers: 2,
      },
      pipeline: { name: 'no-idempotency', concurrency: 4 },
      faults: {
        rules: [
          { probability: 0.3, then: 503, kind: 'ambiguous', match: { route: ['orders.create'] } },
          { status: 503, kind: 'status', window: { fromSeconds: 0, toSeconds: 60 } },
        ],
      },
      shop: { plan: 'standard' },
      seed: 42,
      name: 'no-duplicates-counterexample',
      description: 'Shrunk by funnelstorm check.',
    };
    const yamlText = scenarioDocumentToYaml(doc, {
      header: [
        'Counterexample found by funnelstorm check (seed 42, path 3:1:0): property no-duplicates broke for so-000002',
        'Replay: npx funnelstorm run no-duplicates-counterexample.yaml',
      ],
    });
    expect(yamlText).toBe(
      [
        '# Counterexample found by funnelstorm check (seed 42, path 3:1:0): property no-duplicates broke for so-000002',
        '# Replay: npx funnelstorm run no-duplicates-counterexample.yaml',
        '',
        'name: no-duplicates-counterexample',
        'description: Shrunk by funnelstorm check.',
        'seed: 42',
        'shop:',
        '  plan: standard',
        'traffic:',
        '  phases:',
        '    - name: burst',
        '      arrival: spike',
        '      orders: 4',
        '      durationSeconds: 0',
        '  customers: 2',
        'pipeline:',
        '  name: no-idempotency',
        '  concurrency: 4',
        'faults:',
        '  rules:',
        '    - kind: ambiguous',
        '      probability: 0.3',
        '      then: 503',
        '      match:',
        '        route: [ orders.create ]',
        '    - kind: status',
        '      status: 503',
        '      window: { fromSeconds: 0, toSeconds: 60 }',
        '',
      ].join('\n'),
    );
    expect(parseScenario(yamlText, 'golden.yaml')).toEqual(validateScenario(doc, 'golden'));
  });

  it('turns each line of a multi-line header into a comment, blank ones into a bare #', () => {
    const yamlText = scenarioDocumentToYaml(
      {
        name: 'h',
        shop: { plan: 'plus' },
        traffic: { phases: [{ arrival: 'spike', durationSeconds: 0, orders: 1 }] },
      },
      { header: ['first\nsecond', '', 'name: not a key'] },
    );
    expect(yamlText.split('\n').slice(0, 5)).toEqual(['# first', '# second', '#', '# name: not a key', '']);
    expect(parse(yamlText)).toMatchObject({ name: 'h' });
  });

  it('writes an object used twice in full, never as a YAML anchor and alias', () => {
    const shared = { fromSeconds: 10, toSeconds: 20 };
    const doc = {
      name: 'shared',
      shop: { plan: 'standard' },
      traffic: { phases: [{ arrival: 'spike', durationSeconds: 0, orders: 3 }] },
      faults: {
        rules: [
          { kind: 'reset', window: shared },
          { kind: 'timeout', window: shared },
        ],
      },
    };
    const yamlText = scenarioDocumentToYaml(doc);
    expect(yamlText).not.toMatch(/[&*]a\d/);
    expect(yamlText.match(/window: \{ fromSeconds: 10, toSeconds: 20 \}/g)).toHaveLength(2);
  });

  it('leaves the document it is given unchanged and skips undefined keys', () => {
    const doc = {
      pipeline: { concurrency: 2 },
      name: 'frozen',
      description: undefined,
      shop: { plan: 'standard' },
      traffic: { phases: [{ orders: 2, arrival: 'spike', durationSeconds: 0, name: undefined }] },
    };
    const before = structuredClone(doc);
    const yamlText = scenarioDocumentToYaml(doc);
    expect(doc).toEqual(before);
    expect(Object.keys(doc)[0]).toBe('pipeline');
    expect(yamlText).not.toContain('description');
    expect(yamlText).not.toContain('undefined');
  });
});

describe('scenarioToDocument', () => {
  const shipped = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((file) =>
    file.endsWith('.yaml'),
  );

  it.each(shipped)(
    'turns the resolved %s back into a document that resolves the same, through YAML too',
    (file) => {
      const scenario = loadScenario(fileURLToPath(new URL(file, import.meta.url)));
      const doc = scenarioToDocument(scenario);
      expect(validateScenario(doc, file)).toEqual(scenario);
      expect(parseScenario(scenarioDocumentToYaml(doc), file)).toEqual(scenario);
    },
  );

  it('keeps a custom plan’s own limits and drops a named plan’s', () => {
    const phases = [{ arrival: 'spike', durationSeconds: 0, orders: 1 }];
    const custom = validateScenario(
      { name: 'c', shop: { plan: 'custom', bucketSize: 7, leakPerSecond: 0.5 }, traffic: { phases } },
      'c',
    );
    expect(scenarioToDocument(custom).shop).toEqual({ plan: 'custom', bucketSize: 7, leakPerSecond: 0.5 });
    const plus = validateScenario({ name: 'p', shop: { plan: 'plus' }, traffic: { phases } }, 'p');
    expect(scenarioToDocument(plus).shop).toEqual({ plan: 'plus' });
  });
});
