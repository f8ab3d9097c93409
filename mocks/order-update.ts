import type { HttpRequest } from '../runtime/transport.js';
import { readJsonRoot } from './json-root.js';
import type { OrderStore } from './order-store.js';
import { orderTagLimits, readTags } from './order-tags.js';
import type { RouteAnswer } from './route-answer.js';
import { notFoundBody } from './shopify-responses.js';

/** The longest order note the mock keeps, in characters: a guard (Shopify publishes no figure). */
export const maxOrderNoteChars = 5_000;

/**
 * Order notes written through `PUT orders/{id}.json`, by order position. Kept apart from the column store
 * (order-store.ts): few orders get a note, and the create path stays as it is. The note shows in the
 * update's answer; the order's other JSON (get, list) does not carry notes in the mock.
 */
export class OrderNotes {
  private readonly notes = new Map<number, string | null>();

  /** The note of the order at `index`, or null when it has none. */
  get(index: number): string | null {
    return this.notes.get(index) ?? null;
  }

  set(index: number, note: string | null): void {
    this.notes.set(index, note);
  }
}

/**
 * `PUT orders/{id}.json` with `{"order": {"tags"?, "note"?}}` (shopify.dev/docs/api/admin-rest — Order
 * resource, "Update an order": tags, note, note_attributes, email… are writable) → 200 `{"order": {...}}`
 * with the new tags (replacing the old ones, as Shopify's update does) and note. Other fields are ignored,
 * as Rails drops unpermitted parameters. 404 for an unknown order; 400 for a wrong content type,
 * malformed JSON or no `order` object; 422 naming each bad field (tags past 250 or 255 characters, a note
 * that is not a string or is too long).
 */
export function updateOrder(
  orders: OrderStore,
  notes: OrderNotes,
  id: number,
  request: HttpRequest,
): RouteAnswer {
  const index = orders.indexOfId(id);
  if (index === -1) return { status: 404, body: notFoundBody };
  const body = readJsonRoot(request, 'order');
  if (!body.ok) return body.reason;
  const order = body.value;
  const errors: Record<string, string[]> = {};
  let tags: string | undefined;
  if (order['tags'] !== undefined) {
    const read =
      typeof order['tags'] === 'string' || Array.isArray(order['tags'])
        ? readTags(order['tags'], orderTagLimits)
        : undefined;
    if (read === undefined) errors['tags'] = ['must be a comma-separated string or a list of strings'];
    else if (!read.ok) errors['tags'] = [read.reason];
    else tags = read.value;
  }
  const note = order['note'];
  if (note !== undefined && note !== null && typeof note !== 'string')
    errors['note'] = ['must be a string or null'];
  else if (typeof note === 'string' && note.length > maxOrderNoteChars) {
    errors['note'] = [`is too long (the mock's maximum is ${maxOrderNoteChars} characters)`];
  }
  if (Object.keys(errors).length > 0) return { status: 422, body: { errors } };
  if (tags !== undefined) orders.setTags(index, tags);
  if (note !== undefined) notes.set(index, note as string | null);
  return {
    status: 200,
    body: { order: { ...orders.toJson(index), note: notes.get(index) } },
    touched: index,
  };
}
