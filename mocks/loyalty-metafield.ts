/** A customer metafield a read-modify-write targets: its namespace and key. */
export interface MetafieldTarget {
  namespace: string;
  key: string;
}

/**
 * The default read-modify-write target: the customer metafield `funnelstorm.loyalty` (type `json`), which
 * the reference pipeline adds each created order to. A field apps may write (../shared/SHOPIFY.md,
 * "Customers and what apps may write"), unlike the `total_spent` and `orders_count` Shopify computes.
 */
export const defaultLoyaltyTarget: Readonly<MetafieldTarget> = { namespace: 'funnelstorm', key: 'loyalty' };

/** What the loyalty metafield's JSON value holds. */
export interface LoyaltyValue {
  /** Loyalty points: one per cent of the orders counted. */
  points: number;
  /** The number of orders counted. */
  orders: number;
}

/**
 * Reads a loyalty metafield's value: a JSON object with integer `points` and `orders` (any other members,
 * such as the pipeline's list of counted orders, are the integration's own). Undefined for anything else:
 * the audit then counts the customer as holding nothing.
 *
 * @example
 * readLoyaltyValue('{"points":1250,"orders":2,"counted":["so-1","so-2"]}'); // { points: 1250, orders: 2 }
 */
export function readLoyaltyValue(value: string): LoyaltyValue | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { points, orders } = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(points) || !Number.isSafeInteger(orders)) return undefined;
  return { points: points as number, orders: orders as number };
}
