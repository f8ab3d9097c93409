import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import type { PipelineOrder } from './shopify-requests.js';
import type { Store } from './store.js';

/**
 * How long a webhook id is remembered, in ms: 25 hours. Shopify redelivers a failed webhook for 4 hours
 * with the same webhook id, and a delivery can arrive a day late (SHOPIFY.md, "Webhooks", doc); a key is a
 * few dozen bytes, so the longer horizon is cheap.
 */
export const defaultDedupeTtlMs = 25 * 60 * 60_000;

/** The longest id (webhook, order, customer) the intake takes, in characters: ids become store keys. */
const maxIdLength = 256;
const idRule = `must be a non-empty string of at most ${maxIdLength} characters, or an integer`;

/** What {@link createWebhookIntake} needs. */
export interface WebhookIntakeOptions {
  /**
   * The app's client secret, which signs every delivery. A list accepts any of them: after a rotation,
   * Shopify may sign with the old secret for up to an hour (shopify.dev, "Verify webhook deliveries").
   */
  secret: string | readonly string[];
  /** Where webhook ids are remembered (`setIfAbsent` with a TTL), shared by every intake of the app. */
  store: Store;
  /** Stamps `receivedAtMs` on each order, where its end-to-end latency starts. */
  clock: Clock;
  /** How long a webhook id is remembered, in ms. Defaults to {@link defaultDedupeTtlMs} (25 h); keep it ≥ 4 h. */
  dedupeTtlMs?: number;
  /** The prefix of the dedupe keys in the store. Defaults to `webhook:`. */
  keyPrefix?: string;
  /** Hands the order on (the pipeline's queue). It must be quick: Shopify allows 5 s for the whole request. */
  accept(order: PipelineOrder): void | Promise<void>;
}

/** One delivery as an HTTP server sees it: headers (any case; Node's shape is fine) and the raw body. */
export interface WebhookDelivery {
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body exactly as received. A string is taken as UTF-8; anything re-serialised will not verify. */
  rawBody: Buffer | string;
}

/**
 * The answer for Shopify. Only a 2xx counts as delivered; anything else is redelivered, with the same
 * webhook id, 8 times over 4 hours (SHOPIFY.md, "Webhooks", doc).
 * - 200 — accepted and handed on, or a `duplicate` of a delivery already accepted (nothing handed on);
 * - 401 — the signature is missing or wrong: not from Shopify, nothing handed on;
 * - 400 — signed, but not an order the pipeline understands, or no webhook id; nothing handed on;
 * - 503 — the store or `accept` failed: nothing remembered, so the redelivery is accepted.
 */
export type WebhookReceipt =
  { status: 200; duplicate: boolean } | { status: 400 | 401 | 503; reason: string };

/** The webhook intake: `receive` turns one delivery into at most one accepted order. */
export interface WebhookIntake {
  receive(delivery: WebhookDelivery): Promise<WebhookReceipt>;
}

/**
 * The pipeline's front door for Shopify order webhooks (shopify.dev/docs/apps/build/webhooks/verify-deliveries):
 * 1. verify `X-Shopify-Hmac-Sha256` — base64 HMAC-SHA256 of the raw body keyed with the app's secret —
 *    comparing in constant time (`crypto.timingSafeEqual`, lengths checked first, as it requires);
 * 2. parse the order (see {@link orderWebhookBody} for the fields read);
 * 3. remember `X-Shopify-Webhook-Id` with set-if-absent: a redelivery of an accepted delivery gets 200 and
 *    is not handed on again (Shopify retries anything but a 2xx, so a duplicate must still get 200);
 * 4. hand the order to `accept` and answer at once — no Shopify call happens here.
 *
 * A delivery whose id is remembered no longer than `dedupeTtlMs` ago is a duplicate; after that the same id
 * is accepted again and only the pipeline's idempotency claim on the source order id stands in the way.
 * If `accept` throws, the id is forgotten again (compare-and-delete) and the answer is 503, so Shopify's
 * redelivery is not mistaken for a duplicate of an order that was never queued.
 *
 * @example
 * const intake = createWebhookIntake({ secret, store, clock, accept: (order) => pipeline.accept(order) });
 * const { status } = await intake.receive({ headers: req.headers, rawBody });
 */
export function createWebhookIntake(options: WebhookIntakeOptions): WebhookIntake {
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...options.secret];
  const ttlMs = options.dedupeTtlMs ?? defaultDedupeTtlMs;
  const keyPrefix = options.keyPrefix ?? 'webhook:';
  if (secrets.length === 0 || secrets.some((s) => s.length === 0))
    throw new RangeError('createWebhookIntake needs the app’s client secret (a non-empty string).');

  return {
    async receive({ headers, rawBody }) {
      const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
      const signature = header(headers, 'x-shopify-hmac-sha256');
      if (signature === undefined) return { status: 401, reason: 'missing X-Shopify-Hmac-Sha256 header' };
      if (!secrets.some((secret) => signatureMatches(secret, body, signature)))
        return {
          status: 401,
          reason: 'X-Shopify-Hmac-Sha256 does not match the body (wrong secret or altered body)',
        };
      const webhookId = header(headers, 'x-shopify-webhook-id');
      if (webhookId === undefined || webhookId === '' || webhookId.length > maxIdLength)
        return {
          status: 400,
          reason: `missing or over-long X-Shopify-Webhook-Id header (at most ${maxIdLength} characters)`,
        };
      const parsed = parseOrderWebhook(body);
      if (!parsed.ok) return { status: 400, reason: parsed.reason };

      const key = `${keyPrefix}${webhookId}`;
      const receivedAtMs = options.clock.nowMs();
      const marker = String(receivedAtMs);
      try {
        if (!(await options.store.setIfAbsent(key, marker, ttlMs))) return { status: 200, duplicate: true };
      } catch (error) {
        return { status: 503, reason: `could not record the webhook id: ${describe(error)}` };
      }
      try {
        await options.accept({ ...parsed.value, receivedAtMs });
      } catch (error) {
        const forgotten = await options.store.compareAndDelete(key, marker).catch(() => false);
        const note = forgotten
          ? ''
          : ' (and the webhook id could not be forgotten: a redelivery may be dropped)';
        return { status: 503, reason: `could not queue the order: ${describe(error)}${note}` };
      }
      return { status: 200, duplicate: false };
    },
  };
}

/** Signs a webhook body as Shopify does: base64 HMAC-SHA256 of the raw body with the app's secret. */
export function signWebhook(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/**
 * The body of an `orders/create`-shaped webhook for one order, in the fields the intake reads: `id` (the
 * source order id), `customer.id`, and `total_price` as Shopify's decimal money string.
 */
export function orderWebhookBody(order: Omit<PipelineOrder, 'receivedAtMs'>): string {
  return JSON.stringify({
    id: order.sourceOrderId,
    customer: { id: order.customerId },
    total_price: (order.totalCents / 100).toFixed(2),
  });
}

function signatureMatches(secret: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; the length of a base64 SHA-256 digest is no secret.
  return expected.length === given.length && timingSafeEqual(expected, given);
}

type Parsed = { ok: true; value: Omit<PipelineOrder, 'receivedAtMs'> } | { ok: false; reason: string };

/** Reads the order out of a webhook body; every failure says which field and why. */
function parseOrderWebhook(body: Buffer): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `the body is not JSON: ${describe(error)}` };
  }
  if (!isRecord(data)) return { ok: false, reason: 'the body must be a JSON object (an order)' };
  const sourceOrderId = idOf(data.id);
  if (sourceOrderId === undefined) return { ok: false, reason: `order.id ${idRule}` };
  const customerId = isRecord(data.customer) ? idOf(data.customer.id) : undefined;
  if (customerId === undefined) return { ok: false, reason: `order.customer.id ${idRule}` };
  const totalCents = centsOf(data.total_price);
  if (totalCents === undefined)
    return {
      ok: false,
      reason: 'order.total_price must be a decimal amount ≥ 0 with at most 2 decimals, e.g. "19.00"',
    };
  return { ok: true, value: { sourceOrderId, customerId, totalCents } };
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 && value.length <= maxIdLength ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** Shopify sends money as a decimal string ("19.00"); parsed as integers so no float rounding creeps in. */
function centsOf(value: unknown): number | undefined {
  const text =
    typeof value === 'number' && Number.isFinite(value) && Math.round(value * 100) / 100 === value
      ? value.toFixed(2)
      : value;
  if (typeof text !== 'string') return undefined;
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function header(headers: WebhookDelivery['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    // A repeated header is ambiguous: only a single value counts.
    return value?.length === 1 ? value[0] : undefined;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
