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
