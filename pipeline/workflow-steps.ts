import { defaultLoyaltyTarget } from './loyalty-requests.js';

/**
 * One step of the work an order costs, as a scenario's `workflow:` declares it (scenarios/workflow-
 * schema.ts reads the file form). Each side effect names how the reference protects it:
 *
 * - `create-order` — `POST orders.json`. Not idempotent on Shopify (no key): protected by the source tag
 *   and a **lookup** (`GET orders.json?tag=…`) after an ambiguous failure, before creating again.
 * - `update-customer` — a read-modify-write of a customer metafield (`namespace.key`), two calls: under the
 *   customer's **lock with a fencing token** the shop checks, and the value's own list of counted orders
 *   (a **marker**), so a retried write never counts an order twice.
 * - `order-update` — `PUT orders/{id}.json` setting the order's tags to the full list, the step's marker
 *   tag `fs-<name>` among them: an **absolute write**, idempotent, so a repeat changes nothing.
 * - `metafields-set` — GraphQL `metafieldsSet` of the order metafield `funnelstorm.<name>`: an **absolute
 *   write** too (it upserts), charged `cost` points of the GraphQL bucket.
 * - `fulfil` — `POST orders/{id}/fulfillments.json`. Not idempotent (each POST is a new fulfillment):
 *   its tracking number names the source order and step, and after an ambiguous failure the reference
 *   **looks the order's fulfillments up** before posting again (`idempotent-by: lookup`).
 */
export type WorkflowStep =
  | { kind: 'create-order'; name: string }
  | { kind: 'update-customer'; name: string; namespace: string; key: string }
  | { kind: 'order-update'; name: string }
  | { kind: 'metafields-set'; name: string; cost: number }
  | { kind: 'fulfil'; name: string };

/** The default workflow: create the order, then add it to the customer's `funnelstorm.loyalty` metafield. */
export const defaultWorkflow: readonly WorkflowStep[] = [
  { kind: 'create-order', name: 'create-order' },
  { kind: 'update-customer', name: 'update-customer', ...defaultLoyaltyTarget },
];

/** The calls one step costs on a clean run: two for a read-modify-write, one for anything else. */
export function callsOfStep(step: WorkflowStep): number {
  return step.kind === 'update-customer' ? 2 : 1;
}

/** The calls one order costs on a clean run: the sum over the workflow's steps (3 for the default). */
export function callsPerOrder(workflow: readonly WorkflowStep[] = defaultWorkflow): number {
  return workflow.reduce((sum, step) => sum + callsOfStep(step), 0);
}
