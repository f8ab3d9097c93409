import { fail, ok, type Result } from '../runtime/result.js';
import type { CustomerPatch } from './customer-store.js';
import { isRecord } from './is-record.js';
import { normaliseTags, type OrderInputError } from './order-input.js';

/** Why a customer payload was refused: the HTTP status and the REST `errors` value. */
export type CustomerInputError = OrderInputError;

/** As for orders: the `customer` root missing (the text follows Rails' wording; a guess). */
const missingCustomer: CustomerInputError = {
  status: 400,
  errors: { customer: 'Required parameter missing or invalid' },
};

/**
 * The customer fields Shopify computes from the orders: a REST write of them is **ignored** (the request
 * succeeds, the values stay computed), as Shopify does with read-only properties.
 *
 * What was checked (see docs/mock-server.md, "Fields Shopify computes"):
 * - REST: `orders_count`, `total_spent` (and `last_order_id`, `last_order_name`) are read-only properties
 *   of the Customer resource (Shopify's store migration data dictionary, field access "read-only":
 *   help.shopify.com/en/partners/building-stores-for-merchants/data-dictionary). Shopify's REST API does
 *   not refuse an update that carries them: its own REST clients sent the whole object, read-only fields
 *   included, on every `save` for years (Shopify/shopify-api-ruby issue 889: "All fields get saved";
 *   issue 1164: v12.5.0 "was obviously sending up more attributes than it should have, but it did work"),
 *   and v13 only stopped sending them (pull 1149, "ignore read only attributes"). The one refusal on record
 *   is a field whose writes were withdrawn on purpose (variant `inventory_quantity`: 400 "Write requests to
 *   inventory_quantity … are no longer supported", Shopify/shopify_python_api issue 347), not a computed one.
 * - GraphQL: `CustomerInput` has no `amountSpent` or `numberOfOrders` field
 *   (shopify.dev/docs/api/admin-graphql/latest/input-objects/CustomerInput), so a `customerUpdate` naming
 *   one is **rejected** before it runs, as GraphQL rejects any undefined input field (the mock's schema
 *   does the same: graphql/admin-schema.ts).
 */
export const computedCustomerFields: readonly string[] = [
  'total_spent',
  'orders_count',
  'last_order_id',
  'last_order_name',
];

/**
 * Parses and validates the body of `PUT customers/{id}.json`: `{"customer": {tags?, note?}}`. Other
 * fields are ignored (Rails drops unpermitted parameters), the computed ones among them
 * ({@link computedCustomerFields}).
 *
 * - not JSON → 400 `{"errors": "..."}`; no `customer` object → 400;
 * - a field of the wrong kind → 422 `{"errors": {"tags": ["..."]}}`, every bad field named
 *   (SHOPIFY.md, "Errors": 422 is validation). The message texts are not published; they follow Rails.
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
  const { tags, note } = customer;
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
