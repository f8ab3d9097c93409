import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FunnelstormError } from '../../runtime/errors.js';
import { faultPlanSchema } from './fault-plan-schema.js';
import { loadFaultPlan, parseFaultPlan, validateFaultPlan } from './parse-fault-plan.js';

function messageOf(text: string, source = 'faults.yaml'): string {
  try {
    parseFaultPlan(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(FunnelstormError);
    expect((error as FunnelstormError).code).toBe('SCENARIO_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected the plan to be refused');
}

const example = `
rules:
  - kind: ambiguous
    then: 503
    probability: 0.05
    match: { route: orders.create, method: post, shop: Launch.myshopify.com }
  - kind: status
    status: 503
    window: { fromSeconds: 660, toSeconds: 720 }
  - kind: latency
    probability: 1
    latency: { distribution: pareto, scaleMs: 500, shape: 1.2 }
  - kind: limits
    window: { fromSeconds: 0, toSeconds: 60 }
    bucketSize: 20
    leakPerSecond: 1
`;

describe('parseFaultPlan', () => {
  it('reads a YAML plan and resolves its defaults: lists, case, window probability 1, latency cap', () => {
    expect(parseFaultPlan(example, 'faults.yaml').rules).toEqual([
      {
        kind: 'ambiguous',
        then: 503,
        probability: 0.05,
        match: { route: ['orders.create'], method: ['POST'], shop: ['launch.myshopify.com'] },
      },
      { kind: 'status', status: 503, probability: 1, window: { fromSeconds: 660, toSeconds: 720 } },
      {
        kind: 'latency',
        probability: 1,
        latency: { distribution: 'pareto', scaleMs: 500, shape: 1.2, capMs: 60_000 },
      },
      { kind: 'limits', window: { fromSeconds: 0, toSeconds: 60 }, bucketSize: 20, leakPerSecond: 1 },
    ]);
  });

  it('reads the same plan as JSON, and a resolved plan is valid input again', () => {
    const plan = parseFaultPlan(example, 'faults.yaml');
    expect(parseFaultPlan(JSON.stringify(plan), 'faults.json')).toEqual(plan);
    expect(validateFaultPlan(plan, 'again')).toEqual(plan);
  });

  it('takes empty text, or comments only, as the plan with no rules', () => {
    expect(parseFaultPlan('', 'empty.yaml')).toEqual({ rules: [] });
    expect(parseFaultPlan('# nothing yet\n', 'empty.yaml')).toEqual({ rules: [] });
  });

  it.each([
    [
      'a probability over 1',
      '{ kind: reset, probability: 1.5 }',
      'rules[0].probability must be ≤ 1 (got 1.5).',
    ],
    [
      'a misspelt key',
      '{ kind: reset, probabilty: 0.5, window: { fromSeconds: 0, toSeconds: 1 } }',
      'rules[0].probabilty is not a known key (did you mean probability?).',
    ],
    [
      'an unknown kind',
      '{ kind: slow, probability: 1 }',
      'rules[0].kind must be one of throttle, status, latency, reset, timeout, ambiguous, limits (got "slow").',
    ],
    [
      'a status Shopify faults do not use',
      '{ kind: status, status: 404, probability: 1 }',
      'rules[0].status must be one of 500, 502, 503, 504, 408 (got 404).',
    ],
    [
      'a status rule without its status',
      '{ kind: status, probability: 1 }',
      'rules[0].status is required with kind: status.',
    ],
    [
      'another kind’s field',
      '{ kind: reset, then: 503, probability: 1 }',
      'rules[0].then is only allowed with kind: ambiguous.',
    ],
    [
      'neither probability nor window',
      '{ kind: timeout }',
      'rules[0].probability is required without a window',
    ],
    [
      'a window that ends before it starts',
      '{ kind: reset, window: { fromSeconds: 5, toSeconds: 2 } }',
      'rules[0].window.toSeconds must be > fromSeconds (5) (got 2).',
    ],
    [
      'a latency parameter missing',
      '{ kind: latency, probability: 1, latency: { distribution: lognormal, medianMs: 5 } }',
      'rules[0].latency.sigma is required with distribution: lognormal.',
    ],
    [
      'a limits rule with a probability',
      '{ kind: limits, probability: 1, window: { fromSeconds: 0, toSeconds: 1 }, bucketSize: 2, leakPerSecond: 1 }',
      'rules[0].probability is not allowed with kind: limits (window only).',
    ],
    [
      'an unknown route',
      '{ kind: reset, probability: 1, match: { route: order.create } }',
      'rules[0].match.route: must be a route (orders.create,',
    ],
  ])('names the field path of %s', (_name, rule, expected) => {
    expect(messageOf(`rules:\n  - ${rule}\n`)).toContain(
      `Failed to load fault plan faults.yaml: ${expected}`,
    );
  });

  it('refuses overlapping limits windows, naming the later one', () => {
    const rule = (from: number, to: number) =>
      `  - { kind: limits, window: { fromSeconds: ${from}, toSeconds: ${to} }, bucketSize: 2, leakPerSecond: 1 }\n`;
    expect(messageOf(`rules:\n${rule(50, 80)}${rule(0, 60)}`)).toMatch(
      /rules\[0\]\.window overlaps the limits window of rules\[1\] \(0–60 s\)/,
    );
  });

  it('lists every problem, and gives line and column for a syntax error', () => {
    expect(messageOf('rules:\n  - { kind: reset }\n  - { kind: status, probability: 2 }\n')).toMatch(
      /2 problems:\n {2}- rules\[0\].*\n {2}- rules\[1\]\.probability must be ≤ 1 \(got 2\)\.$/,
    );
    expect(messageOf('{"rules": [}', 'faults.json')).toMatch(
      /^Failed to load fault plan faults\.json: JSON syntax error at line 1, column 12/,
    );
    expect(messageOf('- kind: reset\n')).toBe(
      'Failed to load fault plan faults.yaml: the fault plan must be a mapping (got a list).',
    );
  });

  it('loadFaultPlan reads a file and says when it is missing', () => {
    const directory = mkdtempSync(join(tmpdir(), 'fault-plan-'));
    const path = join(directory, 'faults.yaml');
    writeFileSync(path, example);
    expect(loadFaultPlan(path).rules).toHaveLength(4);
    expect(() => loadFaultPlan(join(directory, 'nope.yaml'))).toThrow(
      /Failed to load fault plan .*nope\.yaml: the file does not exist/,
    );
  });

  it('exposes the schema for callers that build plans in code', () => {
    expect(faultPlanSchema.safeParse({ rules: [{ kind: 'reset', probability: 0.1 }] }).success).toBe(true);
  });
});
