import { z } from 'zod';
import type { WorkflowStep } from '../pipeline/workflow-steps.js';

/** The REST routes a `rest:` step may name, and what each becomes. */
const restRoutes: Readonly<Record<string, 'order-update' | 'fulfil'>> = {
  'PUT orders/{id}.json': 'order-update',
  'POST orders/{id}/fulfillments.json': 'fulfil',
};

/** The GraphQL mutations a `graphql:` step may name. */
const graphqlMutations = ['metafieldsSet'] as const;

/** A GraphQL step's cost bounds: a mutation costs 10 (doc), and one query at most 1,000 (MAX_COST_EXCEEDED). */
const minMutationCost = 10;
const maxQueryCost = 1_000;

/** The most steps a workflow may have: a guard, far above any integration's order flow. */
export const maxWorkflowSteps = 20;

/** A step name: letters, digits, `-` and `_`, 2–40 characters (it becomes a tag `fs-<name>` and a metafield key). */
const stepNamePattern = /^[A-Za-z0-9_-]{2,40}$/;
/** A metafield as `namespace.key`: namespace 3–255, key 2–64 characters (doc: MetafieldsSetInput). */
const metafieldPattern = /^([A-Za-z0-9_-]{3,255})\.([A-Za-z0-9_-]{2,64})$/;

type Issue = (path: (string | number)[], message: string) => void;

/**
 * Reads one step of a `workflow:` list. The forms (docs/scenario-format.md, "workflow"):
 *
 * - `create-order` — the order create (exactly once, first);
 * - `{ update-customer: { field: metafield, key: <namespace.key>, lock: customer } }` — a read-modify-write
 *   of a customer metafield under the customer's lock;
 * - `{ rest: 'PUT orders/{id}.json', as: <name> }` — an order update (one REST call);
 * - `{ graphql: metafieldsSet, cost: <points>, as: <name> }` — an order metafield set (GraphQL bucket);
 * - `{ rest: 'POST orders/{id}/fulfillments.json', as: <name>, idempotent-by: lookup }` — a fulfilment.
 */
function readStep(raw: unknown, index: number, issue: Issue): WorkflowStep | undefined {
  const at = (...rest: (string | number)[]) => [index, ...rest];
  if (raw === 'create-order') return { kind: 'create-order', name: 'create-order' };
  if (typeof raw === 'string') {
    issue(
      at(),
      `must be create-order or an object such as { rest: 'PUT orders/{id}.json', as: tag-order } (got ${JSON.stringify(raw)})`,
    );
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issue(at(), 'must be create-order or an object naming update-customer, rest or graphql');
    return undefined;
  }
  const step = raw as Record<string, unknown>;
  const known = (keys: string[]): boolean => {
    const extra = Object.keys(step).filter((key) => !keys.includes(key));
    for (const key of extra) issue(at(key), `is not a field of this step (fields: ${keys.join(', ')})`);
    return extra.length === 0;
  };
  const nameOf = (fallback: string): string | undefined => {
    const name = step['as'] ?? fallback;
    if (typeof name === 'string' && stepNamePattern.test(name)) return name;
    issue(at('as'), `must be 2-40 letters, digits, - or _ (got ${JSON.stringify(name)})`);
    return undefined;
  };
  if ('update-customer' in step) {
    if (!known(['update-customer', 'as'])) return undefined;
    const body = step['update-customer'];
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      issue(at('update-customer'), 'must be { field: metafield, key: <namespace.key>, lock: customer }');
      return undefined;
    }
    const { field, key, lock, ...rest } = body as Record<string, unknown>;
    for (const extra of Object.keys(rest))
      issue(at('update-customer', extra), 'is not a field (fields: field, key, lock)');
    if (field !== 'metafield') {
      issue(
        at('update-customer', 'field'),
        `must be metafield: a customer field apps may write (got ${JSON.stringify(field)})`,
      );
    }
    const match = typeof key === 'string' ? metafieldPattern.exec(key) : null;
    if (match === null) {
      issue(
        at('update-customer', 'key'),
        `must be <namespace>.<key> of a metafield, e.g. loyalty.points (got ${JSON.stringify(key)})`,
      );
    }
    if (lock !== undefined && lock !== 'customer') {
      issue(
        at('update-customer', 'lock'),
        `must be customer: a read-modify-write needs the customer's lock (got ${JSON.stringify(lock)})`,
      );
    }
    const name = nameOf('update-customer');
    if (match === null || field !== 'metafield' || name === undefined || Object.keys(rest).length > 0)
      return undefined;
    if (lock !== undefined && lock !== 'customer') return undefined;
    return { kind: 'update-customer', name, namespace: match[1] as string, key: match[2] as string };
  }
  if ('rest' in step) {
    const kind = typeof step['rest'] === 'string' ? restRoutes[step['rest']] : undefined;
    if (kind === undefined) {
      issue(
        at('rest'),
        `must be one of ${Object.keys(restRoutes).join(', ')} (got ${JSON.stringify(step['rest'])})`,
      );
      return undefined;
    }
    if (kind === 'fulfil') {
      if (!known(['rest', 'as', 'idempotent-by'])) return undefined;
      if (step['idempotent-by'] !== 'lookup') {
        issue(
          at('idempotent-by'),
          'must be lookup: a POST is not idempotent on Shopify, so a retry after an ambiguous failure must look first',
        );
        return undefined;
      }
      const name = nameOf('fulfil');
      return name === undefined ? undefined : { kind: 'fulfil', name };
    }
    if (!known(['rest', 'as'])) return undefined;
    const name = nameOf('order-update');
    return name === undefined ? undefined : { kind: 'order-update', name };
  }
  if ('graphql' in step) {
    if (!known(['graphql', 'as', 'cost'])) return undefined;
    if (!(graphqlMutations as readonly unknown[]).includes(step['graphql'])) {
      issue(
        at('graphql'),
        `must be one of ${graphqlMutations.join(', ')} (got ${JSON.stringify(step['graphql'])})`,
      );
      return undefined;
    }
    const cost = step['cost'] ?? minMutationCost;
    if (
      typeof cost !== 'number' ||
      !Number.isInteger(cost) ||
      cost < minMutationCost ||
      cost > maxQueryCost
    ) {
      issue(
        at('cost'),
        `must be an integer from ${minMutationCost} (a mutation's cost) to ${maxQueryCost} (got ${JSON.stringify(cost)})`,
      );
      return undefined;
    }
    const name = nameOf('metafieldsSet');
    return name === undefined ? undefined : { kind: 'metafields-set', name, cost };
  }
  issue(
    at(),
    `must name update-customer, rest or graphql (got the fields ${Object.keys(step).join(', ') || 'none'})`,
  );
  return undefined;
}

/**
 * A scenario's `workflow:` — the steps one order costs, in order (pipeline/workflow-steps.ts says how the
 * reference protects each). Refused, each problem naming its step (`workflow[2].idempotent-by`): an empty
 * list, more than {@link maxWorkflowSteps} steps, a first step that is not `create-order` or a second
 * `create-order`, two steps with one name, two read-modify-writes of one metafield, and any bad step.
 */
export const workflowSchema = z.array(z.unknown()).transform((raw, ctx): WorkflowStep[] => {
  const issue: Issue = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  if (raw.length === 0) issue([], 'must list at least create-order');
  if (raw.length > maxWorkflowSteps)
    issue([], `must have at most ${maxWorkflowSteps} steps (got ${raw.length})`);
  const steps = raw.slice(0, maxWorkflowSteps).map((step, index) => readStep(step, index, issue));
  const names = new Set<string>();
  const targets = new Set<string>();
  steps.forEach((step, index) => {
    if (step === undefined) return;
    if ((step.kind === 'create-order') !== (index === 0)) {
      issue(
        [index],
        index === 0
          ? 'must be create-order: every workflow starts with the order create'
          : 'create-order may only be the first step',
      );
    }
    if (names.has(step.name))
      issue([index, 'as'], `names the step ${step.name} a second time: give each step its own name`);
    names.add(step.name);
    if (step.kind === 'update-customer') {
      const target = `${step.namespace}.${step.key}`;
      if (targets.has(target)) issue([index, 'update-customer', 'key'], `updates ${target} a second time`);
      targets.add(target);
    }
  });
  return steps.filter((step): step is WorkflowStep => step !== undefined);
});

/**
 * A resolved workflow in its file form, the inverse of {@link workflowSchema} (for writing a scenario
 * back out: a shrunk counterexample replays the same workflow).
 */
export function workflowToDocument(steps: readonly WorkflowStep[]): unknown[] {
  return steps.map((step) => {
    switch (step.kind) {
      case 'create-order':
        return 'create-order';
      case 'update-customer':
        return {
          'update-customer': { field: 'metafield', key: `${step.namespace}.${step.key}`, lock: 'customer' },
          as: step.name,
        };
      case 'order-update':
        return { rest: 'PUT orders/{id}.json', as: step.name };
      case 'metafields-set':
        return { graphql: 'metafieldsSet', cost: step.cost, as: step.name };
      case 'fulfil':
        return { rest: 'POST orders/{id}/fulfillments.json', as: step.name, 'idempotent-by': 'lookup' };
    }
  });
}
