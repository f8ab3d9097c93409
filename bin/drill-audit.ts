import { performance } from 'node:perf_hooks';
import { auditOrders, type OrderAudit } from '../mocks/audit.js';
import { auditCustomers, type CustomerAudit } from '../mocks/customer-audit.js';
import type { ShopifyModel } from '../mocks/model-types.js';

/**
 * Waits until the shop has had no request for `quietMs` (the service has finished what the webhooks asked
 * of it), polling its call count every 100 ms, for at most `boundMs`. Resolves true when it went quiet,
 * false at the bound or when `signal` aborts.
 */
export async function waitForQuiet(
  model: () => ShopifyModel,
  quietMs: number,
  boundMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const started = performance.now();
  let calls = model().stats().calls;
  let lastChangeMs = started;
  while (!signal?.aborted) {
    const nowMs = performance.now();
    if (nowMs - lastChangeMs >= quietMs) return true;
    if (nowMs - started >= boundMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = model().stats().calls;
    if (now !== calls) {
      calls = now;
      lastChangeMs = performance.now();
    }
  }
  return false;
}

/** The drill's audit of the mock's final state. */
export interface DrillAudit {
  orders: OrderAudit;
  /**
   * The customer audit, only when the service wrote a customer at all: an integration that never writes
   * customers is not judged on them (issue 14: 50 false alarms against such a service).
   */
  customers: CustomerAudit;
  /** Whether the service wrote the audited read-modify-write target (the loyalty metafield) at all. */
  customersWritten: boolean;
}

/**
 * Audits every shop of the model against the source orders the webhooks carried: duplicates, missing
 * orders (the service's own dead-letter queue is not visible to the drill: an order it gave up on counts
 * missing) and, when the service writes the customers' loyalty metafield, lost updates.
 */
export function auditDrill(model: ShopifyModel, expectedSourceIds: Iterable<string>): DrillAudit {
  const orders = auditOrders(model, expectedSourceIds, []);
  // Not audited (no alarm) when the service never wrote the read-modify-write target (mocks/customer-audit.ts).
  const customers = auditCustomers(model);
  const customersWritten = customers.audited;
  return { orders, customers, customersWritten };
}
