import { fail, ok, type Result } from '../runtime/result.js';

/**
 * The most tags an order may carry. Shopify documents 250 for products ("Tags cannot be more than 250.",
 * shopify.dev/changelog/product-tags-now-have-a-limit-of-250-per-product) and for draft orders, and 250
 * items for every array input of every API (shopify.dev/docs/api/usage/limits, "Input limits"); for orders
 * it publishes no figure, so the same 250 is a guess and a setting.
 */
export const maxOrderTags = 250;

/** The longest tag, in characters (255, as third parties report for order tags; unpublished: a guess). */
export const maxTagLength = 255;

/** What {@link readTags} allows; a field left out has no limit. */
export interface TagLimits {
  maxTags?: number;
  maxTagLength?: number;
}

/** The order limits: {@link maxOrderTags} tags of at most {@link maxTagLength} characters. */
export const orderTagLimits: Readonly<TagLimits> = { maxTags: maxOrderTags, maxTagLength };

/**
 * Shopify keeps tags as one comma-separated string; an array of strings is accepted as well, each element
 * read the same way (so `["a,b", "c"]` is three tags). Anything else is no tags. The result is trimmed,
 * without empties or repeats, joined by `, `. Linear in the input: repeats are found through a Set (issue
 * 16: an array scan made 150,000 unique tags freeze the server for 31.6 s), and the reading stops at the
 * first tag past a limit.
 *
 * @returns The normalised tags, or why they break `limits` (a sentence naming the tag's position).
 */
export function readTags(value: unknown, limits: Readonly<TagLimits> = {}): Result<string, string> {
  if (typeof value === 'string' && isNormalisedTags(value, limits)) return ok(value);
  const maxTags = limits.maxTags ?? Number.POSITIVE_INFINITY;
  const maxLength = limits.maxTagLength ?? Number.POSITIVE_INFINITY;
  const elements = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const seen = new Set<string>();
  for (const element of elements) {
    if (typeof element !== 'string' && typeof element !== 'number') continue;
    const text = String(element);
    // Tag by tag with indexOf rather than split: a refusal stops reading at the tag past the limit.
    for (let start = 0; start <= text.length;) {
      const comma = text.indexOf(',', start);
      const end = comma === -1 ? text.length : comma;
      const tag = text.slice(start, end).trim();
      start = end + 1;
      if (tag === '' || seen.has(tag)) continue;
      if (tag.length > maxLength) return fail(tooLong(seen.size + 1, tag.length, maxLength));
      if (seen.size === maxTags) return fail(tooMany(maxTags));
      seen.add(tag);
    }
  }
  return ok([...seen].join(', '));
}

/** {@link readTags} without limits, for fields that have none (a customer's tags). */
export function normaliseTags(value: unknown): string {
  const tags = readTags(value);
  return tags.ok ? tags.value : '';
}

function tooMany(maxTags: number): string {
  return `cannot be more than ${maxTags} (got at least ${maxTags + 1} distinct tags)`;
}

function tooLong(position: number, length: number, maxLength: number): string {
  return `tag ${position} is ${length} characters long; a tag has at most ${maxLength}`;
}

/**
 * True when `text` is already what {@link readTags} makes of it — tags joined by `, `, none empty, none
 * with outer whitespace, none twice — and within `limits`, as a client that sends normalised tags (the
 * pipeline does) sends them. Checked without splitting or joining: this runs on every order create.
 */
function isNormalisedTags(text: string, limits: Readonly<TagLimits>): boolean {
  if (text === '') return true;
  const maxTags = limits.maxTags ?? Number.POSITIVE_INFINITY;
  const maxLength = limits.maxTagLength ?? Number.POSITIVE_INFINITY;
  // An array for the usual handful of tags; a Set once there are many (a customer that counts hundreds of
  // orders by tag), where scanning the array made each write quadratic in the customer's orders.
  const seen: string[] = [];
  let many: Set<string> | undefined;
  let count = 0;
  for (let start = 0; ;) {
    const comma = text.indexOf(',', start);
    const tag = comma === -1 ? text.slice(start) : text.slice(start, comma);
    if (tag === '' || tag.length > maxLength || ++count > maxTags || tag.trim() !== tag) return false;
    if (many ? many.has(tag) : seen.includes(tag)) return false;
    if (comma === -1) return true;
    // The separator is exactly `, ` followed by the next tag.
    if (text.charCodeAt(comma + 1) !== 0x20) return false;
    if (many) many.add(tag);
    else if (seen.push(tag) > 16) many = new Set(seen);
    start = comma + 2;
  }
}
