import { formatCents, type OrderFields } from './shopify-order-json.js';

/**
 * The REST JSON of an order written straight to text, piece by piece, for the create path: byte for byte
 * what `JSON.stringify(shopifyOrderJson(fields))` gives, without building the object first (building it
 * and stringifying it was the largest cost of an order create in a profile of the mock HTTP server). Only
 * the caller's strings go through `JSON.stringify`, which escapes them exactly as it would inside the
 * object; every other piece is digits, a fixed key or an ISO timestamp, which JSON never escapes.
 * order-json-text.test.ts checks the equality over arbitrary orders.
 *
 * The pieces are exported so that the order store can write an order from its columns without making
 * an {@link OrderFields} object: {@link orderHeadText}, then each line item with {@link lineItemText}
 * (joined by commas), {@link orderMiddleText}, each note attribute with {@link noteAttributeText}, and
 * {@link orderTailText}. Strings are passed to them as JSON text already (`JSON.stringify(title)`), so
 * that a caller can reuse the text of a string that repeats on every order.
 */
export function orderJsonText(order: OrderFields): string {
  let text = orderHeadText(order.id, order.orderNumber, order.createdAtMs, order.totalCents);
  for (let i = 0; i < order.lineItems.length; i++) {
    const item = order.lineItems[i] as OrderFields['lineItems'][number];
    if (i > 0) text += ',';
    text += lineItemText(item.id, JSON.stringify(item.title), item.priceCents, item.quantity);
  }
  text += orderMiddleText;
  for (let i = 0; i < order.noteAttributes.length; i++) {
    const attribute = order.noteAttributes[i] as OrderFields['noteAttributes'][number];
    if (i > 0) text += ',';
    text += noteAttributeText(JSON.stringify(attribute.name), JSON.stringify(attribute.value));
  }
  return text + orderTailText(JSON.stringify(order.tags), order.customerId);
}

/** From `{"id":…` to the opening `[` of `line_items`. */
export function orderHeadText(
  id: number,
  orderNumber: number,
  createdAtMs: number,
  totalCents: number,
): string {
  // Each number is turned into text once.
  const idText = integerText(id);
  const numberText = integerText(orderNumber);
  const createdAt = isoTime(createdAtMs);
  return (
    `{"id":${jsonNumberText(id, idText)},"admin_graphql_api_id":"gid://shopify/Order/${idText}",` +
    `"name":"#${numberText}","order_number":${jsonNumberText(orderNumber, numberText)},` +
    `"created_at":"${createdAt}","updated_at":"${createdAt}","total_price":"${centsText(totalCents)}",` +
    '"line_items":['
  );
}

/**
 * One line item's object.
 *
 * @param titleJson - The title as JSON text, e.g. `JSON.stringify(title)`.
 */
export function lineItemText(id: number, titleJson: string, priceCents: number, quantity: number): string {
  const idText = integerText(id);
  return (
    `{"id":${jsonNumberText(id, idText)},"admin_graphql_api_id":"gid://shopify/LineItem/${idText}",` +
    `"title":${titleJson},"price":"${centsText(priceCents)}","quantity":${jsonNumber(quantity)}}`
  );
}

/** Between the line items and the note attributes. */
export const orderMiddleText = '],"note_attributes":[';

/** One note attribute's object, from its name and value as JSON text (`JSON.stringify(name)`). */
export function noteAttributeText(nameJson: string, valueJson: string): string {
  return `{"name":${nameJson},"value":${valueJson}}`;
}

/**
 * From the `]` closing `note_attributes` to the order's closing `}`. A plain decimal customer id (the
 * kind Shopify's are) is written as a JSON number, as {@link shopifyOrderJson} sends it.
 *
 * @param tagsJson - The tags as JSON text, e.g. `JSON.stringify(tags)`.
 * @param customer - The customer id as a number, or as given, or undefined for none.
 */
export function orderTailText(tagsJson: string, customer: number | string | undefined): string {
  const id =
    customer === undefined
      ? 'null'
      : `{"id":${typeof customer === 'number' ? customerNumberText(customer) : customerIdText(customer)}}`;
  return `],"tags":${tagsJson},"customer":${id}}`;
}

/** A customer id as text: digits only (at most 15) become a JSON number, anything else a JSON string. */
function customerIdText(id: string): string {
  return /^\d{1,15}$/.test(id) ? jsonNumber(Number(id)) : JSON.stringify(id);
}

/** A number as JSON writes it: `null` when it is not finite. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? integerText(value) : 'null';
}

/** {@link jsonNumber} of `value` when its `String` is already at hand. */
function jsonNumberText(value: number, text: string): string {
  return Number.isFinite(value) ? text : 'null';
}

const zeros = ['', '0', '00', '000', '0000', '00000'];

/**
 * `String(value)`, faster for the large integers ids are: a number past 2^31 is not a small integer to
 * V8 and takes its full double-to-text conversion (about 3× the cost), so an integer from a million up is
 * written as its millions and its last six digits, two small integers.
 */
function integerText(value: number): string {
  if (!(value >= 1e6 && value <= Number.MAX_SAFE_INTEGER && Number.isInteger(value))) return String(value);
  const millions = Math.floor(value / 1e6);
  const rest = String(value - millions * 1e6);
  return String(millions) + (zeros[6 - rest.length] as string) + rest;
}

// One-entry memories of the last amount and the last customer number written: an order's total is often
// its one line item's price, and a run's orders repeat prices and customers.
let lastCents = Number.NaN;
let lastCentsText = '';
let lastCustomer = Number.NaN;
let lastCustomerText = '';

/** {@link formatCents}, remembered for the last amount. */
function centsText(cents: number): string {
  if (cents !== lastCents) {
    lastCentsText = formatCents(cents);
    lastCents = cents;
  }
  return lastCentsText;
}

/** {@link jsonNumber} of a customer number, remembered for the last one. */
function customerNumberText(customer: number): string {
  if (customer !== lastCustomer) {
    lastCustomerText = jsonNumber(customer);
    lastCustomer = customer;
  }
  return lastCustomerText;
}

/** The largest time a Date can show, in ms either side of 0. */
const maxTimeMs = 8.64e15;

// The second of the last timestamp written, and its text up to the milliseconds (`…T00:00:01.`): orders
// created within the same second share it, and `toISOString` costs about as much as the rest of the text.
let lastSecondMs = Number.NaN;
let lastSecondText = '';

/**
 * `new Date(ms).toISOString()`, with the text up to the milliseconds remembered for the last second
 * (throws a RangeError for a time a Date cannot show, as it does).
 */
function isoTime(ms: number): string {
  // A Date keeps whole ms, cut toward zero (TimeClip), and -0 as +0.
  const wholeMs = Math.trunc(ms) + 0;
  // The ms within the second, from 0 to 999 before 1970 too, and the second's start: exact arithmetic.
  const millis = ((wholeMs % 1000) + 1000) % 1000;
  const secondMs = wholeMs - millis;
  if (secondMs !== lastSecondMs || !(Math.abs(wholeMs) <= maxTimeMs)) {
    const text = new Date(ms).toISOString();
    lastSecondText = text.slice(0, text.length - 4);
    lastSecondMs = secondMs;
    return text;
  }
  return `${lastSecondText}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
