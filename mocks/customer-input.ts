import { fail, ok, type Result } from '../runtime/result.js';
import type { CustomerPatch } from './customer-store.js';
import { isRecord } from './is-record.js';
import { normaliseTags, parsePriceCents, type OrderInputError } from './order-input.js';

/** Why a customer payload was refused: the HTTP status and the REST `errors` value. */
export type CustomerInputError = OrderInputError;

/** As for orders: the `customer` root missing (the text follows Rails' wording; a guess). */
const missingCustomer: CustomerInputError = {
  status: 400,
  errors: { customer: 'Required parameter missing or invalid' },
};

/**
 * Parses and validates the body of `PUT customers/{id}.json`: `{"customer": {total_spent?, orders_count?,
 * tags?, note?}}`. Other fields are ignored (Rails drops unpermitted parameters).
 *
 * - not JSON → 400 `{"errors": "..."}`; no `customer` object → 400;
 * - a field of the wrong kind → 422 `{"errors": {"total_spent": ["..."]}}`, every bad field named
 *   (SHOPIFY.md, "Errors": 422 is validation). The message texts are not published; they follow Rails.
 *
 * `total_spent` and `orders_count` are read-only in Shopify; the mock takes them (customer-store.ts
 * explains why).
 */
export function parseCustomerPatch(body: string | undefined): Result<CustomerPatch, CustomerInputError> {
  if (body === undefined || body.trim() === '') return fail(missingCustomer);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail({ status: 400, errors: 'Request body is not valid JSON: send {"customer": {...}}' });
  }
  const customer = isRecord(parsed) ? parsed['customer'] : undefined;
  if (!isRecord(customer)) return fail(missingCustomer);
  const patch: CustomerPatch = {};
  const errors: Record<string, string[]> = {};
  const { total_spent: totalSpent, orders_count: ordersCount, tags, note } = customer;
  if (totalSpent !== undefined) {
    const cents = parsePriceCents(totalSpent);
    if (cents === undefined) {
      errors['total_spent'] = ['must be a non-negative amount with at most 2 decimals, below 1,000,000,000'];
    } else patch.totalSpentCents = cents;
  }
  if (ordersCount !== undefined) {
    const count =
      typeof ordersCount === 'string' && /^\d{1,15}$/.test(ordersCount) ? Number(ordersCount) : ordersCount;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      errors['orders_count'] = ['must be an integer greater than or equal to 0'];
    } else patch.ordersCount = count;
  }
  if (tags !== undefined) {
    if (typeof tags === 'string' || (Array.isArray(tags) && tags.every((tag) => typeof tag === 'string'))) {
      patch.tags = normaliseTags(tags);
    } else errors['tags'] = ['must be a comma-separated string or a list of strings'];
  }
  if (note !== undefined) {
    if (note === null || typeof note === 'string') patch.note = note;
    else errors['note'] = ['must be a string or null'];
  }
  return Object.keys(errors).length > 0 ? fail({ status: 422, errors }) : ok(patch);
}
