import { FunnelstormError } from '../runtime/errors.js';

/** One webhook delivery a sender (the drill) made for a source order, as it tells the model. */
export interface WebhookDelivery {
  /** The source order the webhook carries (its order id). */
  sourceOrderId: string;
  /** `X-Shopify-Webhook-Id` of the delivery (a redelivery keeps its webhook's id). */
  webhookId: string;
  /** 1 for the first delivery of a webhook, 2 for its first redelivery, and so on. */
  attempt: number;
  /**
   * When the delivery was sent, in ms on the model's clock — the `nowMs` the model's requests get: over
   * HTTP, ms since the server started (`MockServer.nowMs()`).
   */
  sentAtMs: number;
  /** What the target answered: its HTTP status, or a word such as `timeout`, `reset`, `refused`. */
  outcome: number | string;
}

/** Settings of {@link DeliveryLog}. */
export interface DeliveryLogOptions {
  /** The most deliveries kept over all shops; later ones are counted in `dropped`. Defaults to 1,000,000. */
  maxDeliveries: number;
  /**
   * The most deliveries kept per source order: Shopify retries a failed delivery 8 times over 4 hours
   * (doc: shopify.dev/changelog/updates-to-webhook-retry-mechanism, 2024-09), so a few more than that cover a
   * webhook sent twice and each copy redelivered. Defaults to 32.
   */
  maxPerOrder: number;
}

/** Defaults of {@link DeliveryLogOptions}. */
export const defaultDeliveryLogOptions: Readonly<DeliveryLogOptions> = {
  maxDeliveries: 1_000_000,
  maxPerOrder: 32,
};

/** The longest webhook id or outcome word kept, in characters (they come from the caller). */
const maxTextLength = 200;

/**
 * The webhook deliveries of each shop, per source order, in the order they were sent: bounded in total
 * and per order, so a sender cannot grow the model without limit. Looking up the delivery a request
 * followed costs at most `maxPerOrder` steps.
 */
export class DeliveryLog {
  private readonly byShop = new Map<string, Map<string, WebhookDelivery[]>>();
  private readonly options: DeliveryLogOptions;
  private kept = 0;
  /** Deliveries refused because a cap was reached. */
  dropped = 0;

  constructor(options: Partial<DeliveryLogOptions> = {}) {
    this.options = { ...defaultDeliveryLogOptions, ...options };
  }

  /** Deliveries kept, over all shops. */
  get count(): number {
    return this.kept;
  }

  /**
   * Records a delivery on `shop` (lower-case). Returns false when a cap refused it (counted in `dropped`).
   *
   * @throws FunnelstormError `INTERNAL` for a malformed delivery (the caller's bug), naming the field.
   */
  record(shop: string, delivery: WebhookDelivery): boolean {
    const checked = checkDelivery(delivery);
    let orders = this.byShop.get(shop);
    const list = orders?.get(checked.sourceOrderId);
    if (this.kept >= this.options.maxDeliveries || (list?.length ?? 0) >= this.options.maxPerOrder) {
      this.dropped++;
      return false;
    }
    if (orders === undefined) {
      orders = new Map();
      this.byShop.set(shop, orders);
    }
    if (list === undefined) orders.set(checked.sourceOrderId, [checked]);
    else {
      // Kept in send order: a late report of an earlier send goes before the later ones.
      let at = list.length;
      while (at > 0 && (list[at - 1] as WebhookDelivery).sentAtMs > checked.sentAtMs) at--;
      list.splice(at, 0, checked);
    }
    this.kept++;
    return true;
  }

  /** The deliveries of a source order on `shop`, oldest first; empty when none were recorded. */
  deliveriesOf(shop: string, sourceOrderId: string): readonly WebhookDelivery[] {
    return this.byShop.get(shop)?.get(sourceOrderId) ?? [];
  }

  /** The last delivery of a source order sent at or before `atMs`: the one a request at `atMs` followed. */
  followed(shop: string, sourceOrderId: string, atMs: number): WebhookDelivery | undefined {
    const list = this.deliveriesOf(shop, sourceOrderId);
    for (let i = list.length - 1; i >= 0; i--) {
      const delivery = list[i] as WebhookDelivery;
      if (delivery.sentAtMs <= atMs) return delivery;
    }
    return undefined;
  }

  /** Every source order id with a delivery on `shop`. */
  sourceOrderIds(shop: string): Iterable<string> {
    return this.byShop.get(shop)?.keys() ?? [];
  }
}

/** A copy of `delivery` with its fields checked, so a caller's later change cannot alter the log. */
function checkDelivery(delivery: WebhookDelivery): WebhookDelivery {
  const { sourceOrderId, webhookId, attempt, sentAtMs, outcome } = delivery;
  const text = (name: string, value: unknown): string => {
    if (typeof value !== 'string' || value === '' || value.length > maxTextLength) {
      bad(`${name} must be a non-empty string of at most ${maxTextLength} characters`, value);
    }
    return value as string;
  };
  text('sourceOrderId', sourceOrderId);
  text('webhookId', webhookId);
  if (!Number.isInteger(attempt) || attempt < 1) bad('attempt must be a whole number ≥ 1', attempt);
  if (!Number.isFinite(sentAtMs)) bad('sentAtMs must be a finite time in ms on the model clock', sentAtMs);
  if (typeof outcome !== 'number') text('outcome', outcome);
  return { sourceOrderId, webhookId, attempt, sentAtMs, outcome };
}

function bad(detail: string, value: unknown): never {
  throw new FunnelstormError(
    'INTERNAL',
    `recordDelivery: ${detail}, got ${JSON.stringify(value) ?? String(value)}.`,
  );
}
