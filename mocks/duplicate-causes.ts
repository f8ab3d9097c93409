import type { DeliveryLog, WebhookDelivery } from './delivery-log.js';
import type { OrderView } from './order-store.js';
import type { OrderRequest } from './request-log.js';

/** Why an order beyond the first of its source order exists. */
export type DuplicateCauseKind = 'ambiguous-retry' | 'redelivered-webhook' | 'unknown';

/** One order of a duplicated source order, oldest first. */
export interface DuplicateOrder {
  /** The order's id, as `order.id` shows it. */
  orderId: number;
  /** When its create arrived, in ms on the model's clock; NaN when the log has no create for it. */
  createdAtMs: number;
  /** The create's `X-Request-Id`, when the log has it. */
  requestId?: string;
  /** What the client saw for the create when it was not the shop's answer (an ambiguous commit). */
  clientSaw?: string;
  /** The webhook delivery the create followed (the last one sent before it), when the sender recorded it. */
  delivery?: { webhookId: string; attempt: number; sentAtMs: number };
  /** For every order but the first: why it was created again, in words. */
  cause?: string;
  /** For every order but the first: the cause's kind. */
  kind?: DuplicateCauseKind;
}

/** A duplicated source order: its orders and why the extra ones exist. */
export interface DuplicateCause {
  sourceOrderId: string;
  orders: DuplicateOrder[];
  /** The causes of its extra orders, in words, joined by `; ` (one per distinct cause). */
  cause: string;
  /** The kind of its first extra order's cause. */
  kind: DuplicateCauseKind;
}

/** What {@link duplicateCauses} reads of one shop. */
export interface DuplicateCauseSources {
  shop: string;
  orders: OrderView;
  /** The requests that touched the order at a position, oldest first (its create first). */
  requestsAt(position: number): OrderRequest[];
  deliveries: DeliveryLog;
}

/**
 * Explains each duplicated source order of a shop from the model's own logs. Each order after the first
 * is compared with the ones before it:
 * - its create followed a different webhook delivery (the last one the sender recorded before the create)
 *   than the order before it → `redelivered-webhook`: "created again on a redelivered webhook (delivery 2,
 *   webhook id …)", or "on a second webhook" when the webhook id differs;
 * - otherwise an earlier create of the same source order was an ambiguous commit (applied, but the
 *   client saw a 5xx, a reset or a timeout) → `ambiguous-retry`: "second create 203 ms after an
 *   ambiguous 503";
 * - otherwise `unknown`, saying what is missing.
 * Sorted by source id (UTF-16 code units).
 */
export function duplicateCauses(sources: DuplicateCauseSources): DuplicateCause[] {
  const { orders } = sources;
  const duplicated: string[] = [];
  orders.forEachSourceId((sourceId, count) => {
    if (count > 1) duplicated.push(sourceId);
  });
  return duplicated.sort().map((sourceId) => explain(sources, sourceId));
}

function explain(sources: DuplicateCauseSources, sourceOrderId: string): DuplicateCause {
  const { shop, deliveries } = sources;
  // Sorted: an order attributed late (an echo matching that heard of its id after) joins the index last.
  const positions = [...sources.orders.indexesBySourceId(sourceOrderId)].sort((a, b) => a - b);
  const orders: DuplicateOrder[] = positions.map((position) => {
    const create = sources.requestsAt(position).find((request) => request.method === 'POST');
    const order: DuplicateOrder = {
      orderId: sources.orders.toJson(position)?.id ?? Number.NaN,
      createdAtMs: create?.atMs ?? Number.NaN,
    };
    if (create === undefined) return order;
    order.requestId = create.requestId;
    if (create.clientSaw !== undefined) order.clientSaw = create.clientSaw;
    const delivery = deliveries.followed(shop, sourceOrderId, create.atMs);
    if (delivery !== undefined) order.delivery = deliveryRef(delivery);
    return order;
  });
  const causes: string[] = [];
  orders.forEach((order, k) => {
    if (k === 0) return;
    const [kind, cause] = causeOf(orders, k, deliveries.deliveriesOf(shop, sourceOrderId).length > 0);
    order.kind = kind;
    order.cause = cause;
    if (!causes.includes(cause)) causes.push(cause);
  });
  return { sourceOrderId, orders, cause: causes.join('; '), kind: orders[1]?.kind ?? 'unknown' };
}

function causeOf(orders: DuplicateOrder[], k: number, anyDelivery: boolean): [DuplicateCauseKind, string] {
  const order = orders[k] as DuplicateOrder;
  const previous = orders[k - 1] as DuplicateOrder;
  const ambiguous = orders.slice(0, k).findLast((earlier) => earlier.clientSaw !== undefined);
  const afterAmbiguous =
    ambiguous === undefined
      ? ''
      : ` after an ambiguous ${ambiguous.clientSaw ?? ''} to order ${ambiguous.orderId}'s create`;
  const { delivery } = order;
  if (delivery !== undefined && !sameDelivery(delivery, previous.delivery)) {
    const which =
      previous.delivery !== undefined && previous.delivery.webhookId !== delivery.webhookId
        ? `a second webhook for the order (webhook id ${delivery.webhookId}, delivery ${delivery.attempt})`
        : `a redelivered webhook (delivery ${delivery.attempt}, webhook id ${delivery.webhookId})`;
    return ['redelivered-webhook', `created again on ${which}${afterAmbiguous}`];
  }
  if (ambiguous !== undefined) {
    const gapMs = Math.round(order.createdAtMs - ambiguous.createdAtMs);
    return [
      'ambiguous-retry',
      `${ordinal(k + 1)} create ${gapMs} ms after an ambiguous ${ambiguous.clientSaw ?? ''} ` +
        `(order ${ambiguous.orderId} was created, the client was not told)`,
    ];
  }
  const gapMs = Math.round(order.createdAtMs - previous.createdAtMs);
  const known = anyDelivery
    ? 'both creates followed the same webhook delivery'
    : 'no webhook deliveries recorded for it';
  return [
    'unknown',
    `unknown: created ${gapMs} ms after order ${previous.orderId}; no ambiguous answer before it, ${known}`,
  ];
}

function deliveryRef(delivery: WebhookDelivery): NonNullable<DuplicateOrder['delivery']> {
  return { webhookId: delivery.webhookId, attempt: delivery.attempt, sentAtMs: delivery.sentAtMs };
}

function sameDelivery(a: DuplicateOrder['delivery'], b: DuplicateOrder['delivery']): boolean {
  return a?.webhookId === b?.webhookId && a?.attempt === b?.attempt && a?.sentAtMs === b?.sentAtMs;
}

const ordinals = ['first', 'second', 'third', 'fourth', 'fifth'];

function ordinal(n: number): string {
  return ordinals[n - 1] ?? `${n}th`;
}
