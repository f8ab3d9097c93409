import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createLatencyRecorder, type LatencyRecorder } from '../reports/latency-recorder.js';
import type { DrillReport } from '../reports/drill-report.js';
import { webhookHeaders, type DrillWebhook, type WebhookHeaderSettings } from './drill-webhooks.js';

/**
 * Shopify's redelivery schedule, in ms after a failed attempt: 8 retries over 4 hours with exponential
 * backoff (shopify.dev/changelog/updates-to-webhook-retry-mechanism, 2024-09-10). The intervals are not
 * published (a guess): doubling from 56.5 s, so that the 8 waits add up to exactly 4 hours.
 */
export const shopifyRedeliveryDelaysMs: readonly number[] = Array.from(
  { length: 8 },
  (_, i) => ((4 * 3600_000) / (2 ** 8 - 1)) * 2 ** i,
);

/** Shopify's limit for a whole delivery, in ms: 5 s (shopify.dev/docs/apps/build/webhooks, doc). */
export const shopifyDeliveryTimeoutMs = 5000;

/** How one attempt ended: an HTTP status (only a 2xx counts as delivered), a timeout, or a network error. */
export type AttemptOutcome =
  { kind: 'status'; status: number } | { kind: 'timeout' } | { kind: 'error'; message: string };

/** One attempt, as the sender reports it to `onAttempt` (the drill's hook into the mock's delivery log). */
export interface AttemptRecord {
  webhook: DrillWebhook;
  /** 1 for the first delivery, 2 … 9 for Shopify's redeliveries. */
  attempt: number;
  /** When the attempt was due and when it left, in ms from the first send. */
  intendedMs: number;
  sentMs: number;
  /** When it ended (answer, timeout or error), in ms from the first send. */
  doneMs: number;
  outcome: AttemptOutcome;
}

/** Settings of {@link sendWebhooks}. */
export interface WebhookSenderOptions extends WebhookHeaderSettings {
  /** The URL every webhook is POSTed to. */
  targetUrl: string;
  /** Redelivery waits are divided by this (as the scenario's times are). Defaults to 1. */
  speed?: number;
  /** The time a whole delivery may take, in ms. Defaults to Shopify's 5 s. */
  timeoutMs?: number;
  /** The waits before each redelivery, in ms before `speed`. Defaults to {@link shopifyRedeliveryDelaysMs}. */
  redeliveryDelaysMs?: readonly number[];
  /**
   * Connections open at once; an attempt due while all are busy waits for one (and is then late: its
   * latency counts from when it was due). Defaults to 256.
   */
  connections?: number;
  /** A send this much after its due time counts as late, in ms. Defaults to 10. */
  lateToleranceMs?: number;
  /** Told of every attempt when it ends. */
  onAttempt?: (record: AttemptRecord) => void;
  /** Called just before the first send: the drill's time 0 (fault windows count from it). */
  onStart?: () => void;
  /** Stops sending: nothing more is sent; attempts in flight are dropped. */
  signal?: AbortSignal;
}

/**
 * What {@link sendWebhooks} did: the figures of a drill report's `drill` section (reports/drill-report.ts,
 * each documented there) that the sender knows.
 */
export interface WebhookSenderResult extends Pick<
  DrillReport,
  | 'webhooks'
  | 'acknowledged'
  | 'attempts'
  | 'redeliveries'
  | 'failedAttempts'
  | 'timeouts'
  | 'gaveUp'
  | 'lateSends'
  | 'maxLatenessMs'
  | 'latencyMs'
> {
  /** From the first send to the last attempt's end, in ms. */
  durationMs: number;
  /** True when `signal` stopped the sender early. */
  interrupted: boolean;
}

/**
 * Sends the webhooks as an open model: each attempt is sent at its due time whatever happened to the
 * earlier ones (they are not waited for), so a slow target cannot slow the schedule down. Each webhook's
 * latency counts from when it was due, not from when it left — a send that had to wait for a connection
 * carries that wait — which is what keeps a stall in the figures (Gil Tene's coordinated omission; wrk2's
 * corrected latency); the raw latency from when it left is recorded beside it.
 *
 * Shopify's delivery rules: only a 2xx counts; an attempt that takes longer than 5 s is abandoned; a
 * failed delivery is redelivered with the same body and webhook id after each of Shopify's 8 waits
 * (divided by `speed`), then given up.
 *
 * @example
 * const result = await sendWebhooks(drillWebhooks(scenario, 10), {
 *   targetUrl: 'http://127.0.0.1:3000/webhooks/orders-create', secret, shopDomain, apiVersion: '2026-01',
 *   originUnixMs: Date.now(), speed: 10,
 * });
 */
export async function sendWebhooks(
  webhooks: readonly DrillWebhook[],
  options: WebhookSenderOptions,
): Promise<WebhookSenderResult> {
  const speed = options.speed ?? 1;
  const timeoutMs = options.timeoutMs ?? shopifyDeliveryTimeoutMs;
  const redeliveryDelaysMs = options.redeliveryDelaysMs ?? shopifyRedeliveryDelaysMs;
  const lateToleranceMs = options.lateToleranceMs ?? 10;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 256 });
  const target = new URL(options.targetUrl);
  const corrected = createLatencyRecorder();
  const raw = createLatencyRecorder();
  const result = emptyResult(webhooks.length);
  const redeliveries = new DueQueue();
  const inFlight = new Set<() => void>();
  let wake: (() => void) | undefined;
  const nudge = (): void => wake?.();
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;

  const attempt = (webhook: DrillWebhook, attemptNo: number, intendedMs: number): void => {
    result.attempts++;
    if (attemptNo > 1) result.redeliveries++;
    let sentMs = Number.NaN;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      inFlight.delete(abort);
      clearTimeout(timer);
      const doneMs = elapsed();
      if (Number.isNaN(sentMs)) sentMs = doneMs;
      corrected.record(doneMs - intendedMs);
      raw.record(doneMs - sentMs);
      const delivered = outcome.kind === 'status' && outcome.status >= 200 && outcome.status < 300;
      if (delivered) result.acknowledged++;
      else {
        result.failedAttempts++;
        if (outcome.kind === 'timeout') result.timeouts++;
        const waitMs = redeliveryDelaysMs[attemptNo - 1];
        if (waitMs === undefined) result.gaveUp++;
        else redeliveries.push(doneMs + waitMs / speed, { webhook, attemptNo: attemptNo + 1 });
      }
      options.onAttempt?.({ webhook, attempt: attemptNo, intendedMs, sentMs, doneMs, outcome });
      nudge();
    };
    const req = request({
      agent,
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      headers: webhookHeaders(webhook, options),
    });
    // The request leaves when it gets a socket: before that it waits for a free connection.
    req.once('socket', () => {
      sentMs = elapsed();
      const lateMs = sentMs - intendedMs;
      if (lateMs > lateToleranceMs) result.lateSends++;
      result.maxLatenessMs = Math.max(result.maxLatenessMs, lateMs);
      // Shopify's 5 s is for the whole delivery from when it is sent, not while it waits for a connection.
      timer = setTimeout(() => {
        if (settled) return;
        finish({ kind: 'timeout' });
        req.destroy();
      }, timeoutMs);
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => finish({ kind: 'status', status: res.statusCode ?? 0 }));
      res.on('error', (error) => finish({ kind: 'error', message: error.message }));
    });
    req.on('error', (error) => finish({ kind: 'error', message: error.message }));
    const abort = (): void => {
      settled = true;
      clearTimeout(timer);
      req.destroy();
    };
    inFlight.add(abort);
    req.end(webhook.body);
  };

  options.onStart?.();
  let next = 0;
  try {
    while (!options.signal?.aborted) {
      const nowMs = elapsed();
      while (next < webhooks.length && (webhooks[next]?.dueMs ?? 0) <= nowMs) {
        const webhook = webhooks[next++] as DrillWebhook;
        attempt(webhook, 1, webhook.dueMs);
      }
      for (let due = redeliveries.popDue(nowMs); due; due = redeliveries.popDue(nowMs))
        attempt(due.value.webhook, due.value.attemptNo, due.atMs);
      const nextDueMs = Math.min(webhooks[next]?.dueMs ?? Infinity, redeliveries.firstMs());
      if (nextDueMs === Infinity && inFlight.size === 0) break;
      await new Promise<void>((resolve) => {
        const waitMs = nextDueMs - elapsed();
        const timer = waitMs === Infinity ? undefined : setTimeout(done, Math.max(0, waitMs));
        function done(): void {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', done);
          wake = undefined;
          resolve();
        }
        wake = done;
        options.signal?.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    for (const abort of inFlight) abort();
    agent.destroy();
  }
  result.interrupted = options.signal?.aborted === true;
  result.durationMs = elapsed();
  result.latencyMs = { corrected: corrected.summary(), raw: raw.summary() };
  destroyAll(corrected, raw);
  return result;
}

function emptyResult(webhooks: number): WebhookSenderResult {
  const none = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  return {
    webhooks,
    acknowledged: 0,
    attempts: 0,
    redeliveries: 0,
    failedAttempts: 0,
    timeouts: 0,
    gaveUp: 0,
    lateSends: 0,
    maxLatenessMs: 0,
    latencyMs: { corrected: none, raw: none },
    durationMs: 0,
    interrupted: false,
  };
}

function destroyAll(...recorders: LatencyRecorder[]): void {
  for (const recorder of recorders) recorder.destroy();
}

interface Redelivery {
  webhook: DrillWebhook;
  attemptNo: number;
}

/** The redeliveries waiting for their time, earliest first (few at once: a sorted insert is enough). */
class DueQueue {
  private readonly items: { atMs: number; value: Redelivery }[] = [];

  push(atMs: number, value: Redelivery): void {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.items[mid]?.atMs ?? 0) <= atMs) low = mid + 1;
      else high = mid;
    }
    this.items.splice(low, 0, { atMs, value });
  }

  firstMs(): number {
    return this.items[0]?.atMs ?? Infinity;
  }

  popDue(nowMs: number): { atMs: number; value: Redelivery } | undefined {
    return this.firstMs() <= nowMs ? this.items.shift() : undefined;
  }
}
