import { formatCents } from '../shopify-order-json.js';

/** A `MoneyV2`: a `Decimal` amount and a currency code. */
export interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

/**
 * Cents as a GraphQL `Decimal` string, the way Shopify's GraphQL Admin API writes amounts: no trailing
 * zero after the first decimal — 1999 → `"19.99"`, 1990 → `"19.9"`, 500 → `"5.0"` (seen in responses;
 * REST writes `"5.00"`).
 */
export function decimalAmount(cents: number): string {
  return formatCents(cents).replace(/(\.\d)0$/, '$1');
}

/** A `MoneyV2` of `cents` in `currencyCode`. */
export function moneyV2(cents: number, currencyCode: string): MoneyV2 {
  return { amount: decimalAmount(cents), currencyCode };
}

/** Cents from a REST decimal string such as `"19.99"` (always two decimals, from the model's own JSON). */
export function centsOf(restAmount: string): number {
  return Math.round(Number(restAmount) * 100);
}
