import type { JsonBody } from '../runtime/json-body.js';
import { handedValue } from '../runtime/json-response.js';
import { fail, ok, type Result } from '../runtime/result.js';
import { isRecord } from './is-record.js';
import { orderTagLimits, readTags } from './order-tags.js';

// Kept importable from here, where callers have always found it.
export { normaliseTags } from './order-tags.js';

/** One custom line item as the shop keeps it. */
export interface NewLineItem {
  title: string;
  /** Unit price, in cents. */
  priceCents: number;
  /** A positive integer. Defaults to 1. */
  quantity: number;
}

/** A note attribute: Shopify's free-form `{name, value}` pair on an order. */
export interface NoteAttribute {
  name: string;
  value: string;
}

/** A validated order-create payload. */
export interface NewOrder {
  lineItems: NewLineItem[];
  noteAttributes: NoteAttribute[];
  /** Comma-separated, trimmed, without duplicates or empties, e.g. `funnelstorm, fs-src-17`. */
  tags: string;
  /** The customer id as given (a number is kept as its decimal string), or undefined. */
  customerId: string | undefined;
}

/** Why a payload was refused: the HTTP status and the REST `errors` value (SHOPIFY.md, "Errors"). */
export interface OrderInputError {
  status: 400 | 422;
  errors: string | Record<string, string | string[]>;
}

/**
 * Shopify's answer when the `order` root is missing (a guess: community reports show this text, SHOPIFY.md
 * does not).
 */
const missingOrder: OrderInputError = {
  status: 400,
  errors: { order: 'Required parameter missing or invalid' },
};
/**
 * A price as Shopify writes it: whole units and at most two decimals, `^(\d{1,9})(?:\.(\d{1,2}))?$`.
 * More decimals are refused rather than rounded (Shopify's own handling is not published: a guess), and at
 * most nine integer digits keep every amount an exact integer number of cents.
 */
const maxPriceDigits = 9;

/** The largest quantity of one line item (unpublished; a guess that keeps totals exact). */
const maxQuantity = 1_000_000;

/**
 * Parses and validates the body of `POST orders.json`: `{"order": {...}}`. With `bodyValue`, the value the
 * sender made `body` from (json-response.ts: only when `body` is its text), that value is validated
 * instead of a parse of `body` — the same value, without the parse.
 *
 * - not JSON → 400 `{"errors": "..."}` with the reason (SHOPIFY.md: 400 is bad syntax);
 * - no `order` object → 400 `{"errors": {"order": "Required parameter missing or invalid"}}`;
 * - no `line_items`, or a line item without a title or a non-negative price → 422
 *   `{"errors": {"line_items": [...]}}` (SHOPIFY.md, "Orders": a custom line item needs title and price).
 *   Products and variants are not modelled, so every line item is a custom one. The message texts are
 *   not published; they follow Rails' wording.
 * - more than 250 line items or note attributes, or tags past {@link orderTagLimits} → 422 naming the
 *   field and the count (the line-item wording is Shopify's order-editing one, "The number of line items
 *   exceeds the limit of …", doc; the others a guess). Every check is linear in the body.
 */
export function parseOrderInput(
  body: string | undefined,
  bodyValue?: JsonBody,
): Result<NewOrder, OrderInputError> {
  if (body === undefined || body.trim() === '') return fail(missingOrder);
  let parsed: unknown = handedValue(bodyValue, body);
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(body);
    } catch {
      return fail({ status: 400, errors: 'Request body is not valid JSON: send {"order": {...}}' });
    }
  }
  const order = isRecord(parsed) ? parsed['order'] : undefined;
  if (!isRecord(order)) return fail(missingOrder);
  const lineItems = parseLineItems(order['line_items']);
  if (!lineItems.ok) return fail({ status: 422, errors: { line_items: lineItems.reason } });
  const notes = order['note_attributes'];
  if (Array.isArray(notes) && notes.length > maxInputItems) {
    const message = `The number of note attributes (${notes.length}) exceeds the limit of ${maxInputItems}`;
    return fail({ status: 422, errors: { note_attributes: [message] } });
  }
  const noteAttributes = parseNoteAttributes(notes);
  if (noteAttributes === undefined) return fail({ status: 422, errors: { note_attributes: ['is invalid'] } });
  const tags = readTags(order['tags'], orderTagLimits);
  if (!tags.ok) return fail({ status: 422, errors: { tags: [tags.reason] } });
  return ok({
    lineItems: lineItems.value,
    noteAttributes,
    tags: tags.value,
    customerId: customerIdOf(order['customer']),
  });
}

/**
 * The most items of an array input: 250 "for all APIs" (doc: shopify.dev/docs/api/usage/limits, "Input
 * limits"; GraphQL since 2020-01, shopify.dev/changelog/graphql-input-objects-limited-to-250-items). An
 * order holds up to 500 line items through order editing (doc: shopify.dev/changelog/order-editing-new-
 * validations-and-handled-usererrors), but one create sends them as one array, so 250 here.
 */
export const maxInputItems = 250;

function parseLineItems(value: unknown): Result<NewLineItem[], string[]> {
  if (!Array.isArray(value) || value.length === 0) return fail(["can't be blank"]);
  // Checked before any item is read: the work of a refused request does not grow with its size.
  if (value.length > maxInputItems) {
    return fail([`The number of line items (${value.length}) exceeds the limit of ${maxInputItems}`]);
  }
  // Plain loops and no intermediate results: this runs on every order create, the model's hot path.
  const items: NewLineItem[] = [];
  const problems: string[] = [];
  let totalCents = 0;
  for (let i = 0; i < value.length; i++) {
    const parsed = parseLineItem(value[i], i + 1);
    if (Array.isArray(parsed)) problems.push(...parsed);
    else {
      items.push(parsed);
      totalCents += parsed.priceCents * parsed.quantity;
    }
  }
  if (problems.length === 0 && !Number.isSafeInteger(totalCents)) problems.push('total price is too large');
  return problems.length > 0 ? fail(problems) : ok(items);
}

/** The line item, or its problems (never empty) named after its 1-based `position`. */
function parseLineItem(item: unknown, position: number): NewLineItem | string[] {
  if (!isRecord(item)) return [`line item ${position} is invalid`];
  const title = item['title'];
  const price = item['price'];
  const quantity = item['quantity'] === undefined ? 1 : item['quantity'];
  const priceCents = parsePriceCents(price);
  const titleOk = typeof title === 'string' && title.trim() !== '';
  const quantityOk =
    typeof quantity === 'number' && Number.isInteger(quantity) && quantity >= 1 && quantity <= maxQuantity;
  if (titleOk && quantityOk && priceCents !== undefined) return { title, priceCents, quantity };
  // Only a refused item pays for its messages.
  const where = `line item ${position}`;
  const problems: string[] = [];
  if (!titleOk) problems.push(`${where}: title can't be blank`);
  if (price === undefined || price === null || price === '') problems.push(`${where}: price can't be blank`);
  else if (priceCents === undefined) {
    problems.push(
      `${where}: price must be a non-negative amount with at most 2 decimals, below 1,000,000,000`,
    );
  }
  if (!quantityOk) {
    problems.push(`${where}: quantity must be an integer from 1 to ${maxQuantity.toLocaleString('en-US')}`);
  }
  return problems;
}

/**
 * Whole cents from "12.3", "12.30" or 12.3, by integer arithmetic (no binary rounding of half cents);
 * undefined for anything else, a negative amount or more than two decimals included. The text must match
 * `^(\d{1,9})(?:\.(\d{1,2}))?$`; it is read by hand, digit by digit (no match array, no substrings), as
 * this runs for every line item created.
 */
export function parsePriceCents(price: unknown): number | undefined {
  const text = typeof price === 'number' && Number.isFinite(price) ? String(price) : price;
  if (typeof text !== 'string') return undefined;
  const length = text.length;
  let units = 0;
  let i = 0;
  // At most 9 integer digits: a 10th digit fails the pattern.
  for (; i < length && i <= maxPriceDigits; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) break;
    units = units * 10 + digit;
  }
  if (i === 0 || i > maxPriceDigits) return undefined;
  if (i === length) return units * 100;
  const decimals = length - i - 1;
  if (text.charCodeAt(i) !== 0x2e || decimals < 1 || decimals > 2) return undefined;
  const tenths = text.charCodeAt(i + 1) - 0x30;
  const hundredths = decimals === 2 ? text.charCodeAt(i + 2) - 0x30 : 0;
  if (tenths < 0 || tenths > 9 || hundredths < 0 || hundredths > 9) return undefined;
  return units * 100 + tenths * 10 + hundredths;
}

function parseNoteAttributes(value: unknown): NoteAttribute[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const attributes: NoteAttribute[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item['name'] !== 'string') return undefined;
    const raw = item['value'];
    if (raw === undefined || raw === null) attributes.push({ name: item['name'], value: '' });
    else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
      attributes.push({ name: item['name'], value: String(raw) });
    } else return undefined;
  }
  return attributes;
}

function customerIdOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const id = value['id'];
  // Shopify's ids are integers; a number past 2^53 has already lost digits, so it is not kept as one.
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return typeof id === 'string' && id !== '' ? id : undefined;
}
