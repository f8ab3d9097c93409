import { fail, ok, type Result } from '../runtime/result.js';

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
const decimalPattern = /^\d+(\.\d+)?$/;

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
  value.forEach((item: unknown, i) => {
    const parsed = parseLineItem(item, `line item ${i + 1}`);
    if (parsed.ok) items.push(parsed.value);
    else problems.push(...parsed.reason);
  });
  return problems.length > 0 ? fail(problems) : ok(items);
}

function parseLineItem(item: unknown, where: string): Result<NewLineItem, string[]> {
  if (!isRecord(item)) return fail([`${where} is invalid`]);
  const { title, price, quantity = 1 } = item;
  const problems: string[] = [];
  if (typeof title !== 'string' || title.trim() === '') problems.push(`${where}: title can't be blank`);
  const priceText = typeof price === 'number' ? String(price) : price;
  if (priceText === undefined || priceText === null || priceText === '') {
    problems.push(`${where}: price can't be blank`);
  } else if (typeof priceText !== 'string' || !decimalPattern.test(priceText)) {
    problems.push(`${where}: price must be a non-negative decimal amount`);
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
    problems.push(`${where}: quantity must be an integer greater than 0`);
  }
  if (problems.length > 0) return fail(problems);
  return ok({
    title: String(title),
    priceCents: Math.round(Number(priceText) * 100),
    quantity: Number(quantity),
  });
}

function parseNoteAttributes(value: unknown): NoteAttribute[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const attributes: NoteAttribute[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item['name'] !== 'string') return undefined;
    const raw = item['value'];
    attributes.push({ name: item['name'], value: raw === undefined || raw === null ? '' : String(raw) });
  }
  return attributes;
}

/** Shopify keeps tags as one comma-separated string; an array of strings is accepted as well. */
export function normaliseTags(value: unknown): string {
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.map(String) : [];
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
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
