import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from './load-scenario.js';

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

function errorOf(text: string): string {
  try {
    parseScenario(text, 'faulty.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

describe('the scenario’s faults section', () => {
  it('is optional: a scenario without it has no faults', () => {
    expect(parseScenario(minimal, 'minimal.yaml').faults).toBeUndefined();
  });

  it('takes a fault plan in the fault-plan file format and resolves its defaults', () => {
    const scenario = parseScenario(
      `${minimal}faults:\n  rules:\n    - { kind: status, status: 503, window: { fromSeconds: 1, toSeconds: 2 } }\n`,
      'inline.yaml',
    );
    expect(scenario.faults).toEqual({
      rules: [{ kind: 'status', status: 503, probability: 1, window: { fromSeconds: 1, toSeconds: 2 } }],
    });
  });

  it('names the field path of a bad rule under faults', () => {
    expect(errorOf(`${minimal}faults:\n  rules:\n    - { kind: ambiguous, probability: 0.1 }\n`)).toBe(
      'Failed to load scenario faulty.yaml: faults.rules[0].then is required with kind: ambiguous.',
    );
    expect(errorOf(`${minimal}faults:\n  rule: []\n`)).toBe(
      'Failed to load scenario faulty.yaml: faults.rule is not a known key (did you mean rules?).',
    );
  });

  it('chaos-standard.yaml loads: the launch with ambiguous 503s, a 503 window and latency', () => {
    const scenario = loadScenario(fileURLToPath(new URL('chaos-standard.yaml', import.meta.url)));
    expect(scenario.name).toBe('chaos-standard');
    expect(scenario.faults?.rules.map((rule) => rule.kind)).toEqual([
      'ambiguous',
      'status',
      'latency',
      'latency',
    ]);
    expect(scenario.faults?.rules[0]).toMatchObject({
      then: 503,
      probability: 0.05,
      match: { route: ['orders.create'] },
    });
  });
});
