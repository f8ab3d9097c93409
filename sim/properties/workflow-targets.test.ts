import { describe, expect, it } from 'vitest';
import { callsPerOrder, type WorkflowStep } from '../../pipeline/workflow-steps.js';
import { fulfilmentSteps, readModifyWriteTargets, workflowCalls } from './workflow-targets.js';

const fiveSteps: WorkflowStep[] = [
  { kind: 'create-order', name: 'create-order' },
  { kind: 'update-customer', name: 'update-customer', namespace: 'loyalty', key: 'points' },
  { kind: 'order-update', name: 'tag-order' },
  { kind: 'metafields-set', name: 'metafieldsSet', cost: 10 },
  { kind: 'fulfil', name: 'fulfil' },
];

describe('what a workflow asks the properties to judge', () => {
  it('has one read-modify-write target and three calls by default', () => {
    expect(readModifyWriteTargets()).toEqual([{ namespace: 'funnelstorm', key: 'loyalty' }]);
    expect(workflowCalls().map((c) => c.route)).toEqual([
      'orders.create',
      'customers.get',
      'customers.update',
    ]);
    expect(callsPerOrder()).toBe(3);
  });

  it('lists a declared workflow’s targets, fulfilment steps and calls, as many as callsPerOrder counts', () => {
    expect(readModifyWriteTargets(fiveSteps)).toEqual([{ namespace: 'loyalty', key: 'points' }]);
    expect(fulfilmentSteps(fiveSteps)).toEqual(['fulfil']);
    const calls = workflowCalls(fiveSteps);
    expect(calls.map((c) => `${c.method} ${c.route}`)).toEqual([
      'POST orders.create',
      'GET customers.get',
      'PUT customers.update',
      'PUT orders.update',
      'POST graphql',
      'POST fulfillments.create',
    ]);
    expect(calls).toHaveLength(callsPerOrder(fiveSteps));
  });
});
