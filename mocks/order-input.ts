import { fail, ok, type Result } from '../runtime/result.js';
import { isRecord } from './is-record.js';

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
 * A price as Shopify writes it: whole units and at most two decimals. More decimals are refused rather
 * than rounded (Shopify's own handling is not published: a guess), and at most nine integer digits keep
 * every amount an exact integer number of cents.
 */
const pricePattern = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** The largest quantity of one line item (unpublished; a guess that keeps totals exact). */
const maxQuantity = 1_000_000;

/**
 * Parses and validates the body of `POST orders.json`: `{"order": {...}}`.
 *
 * - not JSON → 400 `{"errors": "..."}` with the reason (SHOPIFY.md: 400 is bad syntax);
 * - no `order` object → 400 `{"errors": {"order": "Required parameter missing or invalid"}}`;
 * - no `line_items`, or a line item without a title or a non-negative price → 422
 *   `{"errors": {"line_items": [...]}}` (SHOPIFY.md, "Orders": a custom line item needs title and price).
 *   Products and variants are not modelled, so every line item is a custom one. The message texts are
 *   not published; they follow Rails' wording.
 */
export function parseOrderInput(body: string | undefined): Result<NewOrder, OrderInputError> {
  if (body === undefined || body.trim() === '') return fail(missingOrder);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail({ status: 400, errors: 'Request body is not valid JSON: send {"order": {...}}' });
  }
  const order = isRecord(parsed) ? parsed['order'] : undefined;
  if (!isRecord(order)) return fail(missingOrder);
  const lineItems = parseLineItems(order['line_items']);
  if (!lineItems.ok) return fail({ status: 422, errors: { line_items: lineItems.reason } });
  const noteAttributes = parseNoteAttributes(order['note_attributes']);
  if (noteAttributes === undefined) return fail({ status: 422, errors: { note_attributes: ['is invalid'] } });
  return ok({
    lineItems: lineItems.value,
    noteAttributes,
    tags: normaliseTags(order['tags']),
    customerId: customerIdOf(order['customer']),
  });
}

function parseLineItems(value: unknown): Result<NewLineItem[], string[]> {
  if (!Array.isArray(value) || value.length === 0) return fail(["can't be blank"]);
  const items: NewLineItem[] = [];
  const problems: string[] = [];
  let totalCents = 0;
  value.forEach((item: unknown, i) => {
    const parsed = parseLineItem(item, `line item ${i + 1}`);
    if (parsed.ok) {
      items.push(parsed.value);
      totalCents += parsed.value.priceCents * parsed.value.quantity;
    } else problems.push(...parsed.reason);
  });
  if (problems.length === 0 && !Number.isSafeInteger(totalCents)) problems.push('total price is too large');
  return problems.length > 0 ? fail(problems) : ok(items);
}

function parseLineItem(item: unknown, where: string): Result<NewLineItem, string[]> {
  if (!isRecord(item)) return fail([`${where} is invalid`]);
  const { title, price, quantity = 1 } = item;
  const problems: string[] = [];
  if (typeof title !== 'string' || title.trim() === '') problems.push(`${where}: title can't be blank`);
  const priceCents = parsePriceCents(price);
  if (price === undefined || price === null || price === '') problems.push(`${where}: price can't be blank`);
  else if (priceCents === undefined) {
    problems.push(
      `${where}: price must be a non-negative amount with at most 2 decimals, below 1,000,000,000`,
    );
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > maxQuantity) {
    problems.push(`${where}: quantity must be an integer from 1 to ${maxQuantity.toLocaleString('en-US')}`);
  }
  if (problems.length > 0 || priceCents === undefined) return fail(problems);
  return ok({ title: String(title), priceCents, quantity: Number(quantity) });
}

/**
 * Whole cents from "12.3", "12.30" or 12.3, by integer arithmetic (no binary rounding of half cents);
 * undefined for anything else, a negative amount or more than two decimals included.
 */
export function parsePriceCents(price: unknown): number | undefined {
  const text = typeof price === 'number' && Number.isFinite(price) ? String(price) : price;
  if (typeof text !== 'string') return undefined;
  const match = pricePattern.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
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

/**
 * Shopify keeps tags as one comma-separated string; an array of strings is accepted as well, each element
 * read the same way (so `["a,b", "c"]` is three tags). Anything else is no tags.
 */
export function normaliseTags(value: unknown): string {
  const parts =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value)
        ? value.flatMap((element) =>
            typeof element === 'string' || typeof element === 'number' ? String(element).split(',') : [],
          )
        : [];
  // A plain loop: this runs on every order create, the model's hot path.
  const tags: string[] = [];
  for (const part of parts) {
    const tag = part.trim();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags.join(', ');
}

function customerIdOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const id = value['id'];
  // Shopify's ids are integers; a number past 2^53 has already lost digits, so it is not kept as one.
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return typeof id === 'string' && id !== '' ? id : undefined;
}
