import type { FaultRoute } from '../../mocks/faults/fault-plan.js';
import { defaultWorkflow, type WorkflowStep } from '../../pipeline/workflow-steps.js';

/** A customer metafield a workflow's read-modify-write targets. */
export interface ReadModifyWriteTarget {
  namespace: string;
  key: string;
}

/**
 * The customer metafields a workflow's `update-customer` steps read-modify-write, in step order — each
 * one a target the no-lost-updates property judges. The default workflow has one, `funnelstorm.loyalty`.
 */
export function readModifyWriteTargets(
  workflow: readonly WorkflowStep[] = defaultWorkflow,
): ReadModifyWriteTarget[] {
  return workflow.flatMap((step) =>
    step.kind === 'update-customer' ? [{ namespace: step.namespace, key: step.key }] : [],
  );
}

/** The names of a workflow's `fulfil` steps: the side effects the no-duplicates property also counts. */
export function fulfilmentSteps(workflow: readonly WorkflowStep[] = defaultWorkflow): string[] {
  return workflow.flatMap((step) => (step.kind === 'fulfil' ? [step.name] : []));
}

/** One call of an order's workflow, as a fault rule's `match` sees it. */
export interface WorkflowCall {
  method: string;
  route: FaultRoute;
}

/**
 * The calls an order's workflow makes on a clean run, each with the method and fault route a rule matches
 * — what the fault-load estimate (fault-load.ts `orderCalls`) assumes for the default workflow, for any
 * declared one: 6 calls for scenarios/five-step-workflow.yaml.
 */
export function workflowCalls(workflow: readonly WorkflowStep[] = defaultWorkflow): WorkflowCall[] {
  return workflow.flatMap((step): WorkflowCall[] => {
    switch (step.kind) {
      case 'create-order':
        return [{ method: 'POST', route: 'orders.create' }];
      case 'update-customer':
        return [
          { method: 'GET', route: 'customers.get' },
          { method: 'PUT', route: 'customers.update' },
        ];
      case 'order-update':
        return [{ method: 'PUT', route: 'orders.update' }];
      case 'metafields-set':
        return [{ method: 'POST', route: 'graphql' }];
      case 'fulfil':
        return [{ method: 'POST', route: 'fulfillments.create' }];
    }
  });
}
