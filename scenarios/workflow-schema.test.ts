import { describe, expect, it } from 'vitest';
import { parseScenario } from './load-scenario.js';

const base = `name: w
shop: { plan: plus }
traffic: { phases: [{ arrival: spike, durationSeconds: 0, orders: 5 }] }
`;
const parse = (workflow: string) => parseScenario(`${base}workflow:\n${workflow}`, 'w.yaml');
const problem = (workflow: string): string => {
  try {
    parse(workflow);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the workflow was accepted');
};

describe('workflow: in a scenario', () => {
  it('reads the five step forms into steps', () => {
    const scenario = parse(`  - create-order
  - { update-customer: { field: metafield, key: loyalty.points, lock: customer } }
  - { rest: 'PUT orders/{id}.json', as: tag-order }
  - { graphql: metafieldsSet, cost: 12 }
  - { rest: 'POST orders/{id}/fulfillments.json', as: ship, idempotent-by: lookup }
`);
    expect(scenario.workflow).toEqual([
      { kind: 'create-order', name: 'create-order' },
      { kind: 'update-customer', name: 'update-customer', namespace: 'loyalty', key: 'points' },
      { kind: 'order-update', name: 'tag-order' },
      { kind: 'metafields-set', name: 'metafieldsSet', cost: 12 },
      { kind: 'fulfil', name: 'ship' },
    ]);
    expect(parseScenario(base, 'w.yaml').workflow).toBeUndefined();
  });

  it('names the step path of each problem', () => {
    expect(problem(`  - create-order\n  - { rest: 'POST orders/{id}/fulfillments.json' }\n`)).toMatch(
      /workflow\[1\]\.idempotent-by.*must be lookup: a POST is not idempotent on Shopify/,
    );
    expect(problem(`  - { rest: 'PUT orders/{id}.json' }\n`)).toMatch(/workflow\[0\].*must be create-order/);
    expect(problem(`  - create-order\n  - create-order\n`)).toMatch(/workflow\[1\].*only be the first step/);
    expect(problem(`  - create-order\n  - { update-customer: { field: total_spent, key: x } }\n`)).toMatch(
      /workflow\[1\]\.update-customer\.field.*field apps may write/,
    );
    expect(problem(`  - create-order\n  - { graphql: metafieldsSet, cost: 5 }\n`)).toMatch(
      /workflow\[1\]\.cost/,
    );
    expect(problem(`  - create-order\n  - { rest: 'DELETE orders/{id}.json' }\n`)).toMatch(
      /workflow\[1\]\.rest/,
    );
    expect(problem(`  - create-order\n  - { rest: 'PUT orders/{id}.json', as: a, colour: red }\n`)).toMatch(
      /workflow\[1\]\.colour/,
    );
    expect(problem(`  - create-order\n  - { rest: 'PUT orders/{id}.json', as: t }\n`)).toMatch(
      /workflow\[1\]\.as/,
    );
    expect(
      problem(
        `  - create-order\n  - { rest: 'PUT orders/{id}.json', as: same }\n  - { graphql: metafieldsSet, as: same }\n`,
      ),
    ).toMatch(/workflow\[2\]\.as.*second time/);
    expect(problem(`  []\n`)).toMatch(/workflow.*at least create-order/);
  });
});
