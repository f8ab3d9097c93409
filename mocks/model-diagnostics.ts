import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import { describeSeen, type AnswerSeen } from './answer-seen.js';
import type { BucketEntry } from './bucket-timeline.js';
import { DeliveryLog } from './delivery-log.js';
import { duplicateCauses, type DuplicateCause } from './duplicate-causes.js';
import { bucketLevel, type BucketLimits } from './leaky-bucket.js';

import { PolitenessRecorder, type PolitenessClient, type RestBucketView } from './politeness.js';
import type { OrderRequest } from './request-log.js';
import type { ShopRegistry } from './shop-registry.js';
import { requestId } from './shopify-responses.js';

/**
 * How a face served the model's answer, when a fault plan touched it (`ShopifyModel.handle`'s third
 * argument): the added latency, and the answer an ambiguous fault gave the client instead.
 */
export interface ServedAs {
  /** Latency the fault plan added before the answer, in ms. */
  delayMs: number;
  /** What the client got instead of the model's answer (the write stays done): an ambiguous commit. */
  replacedBy?: AnswerSeen;
}

/**
 * The model's diagnostics beside its state: the politeness score per client, the webhook deliveries a
 * sender recorded, and the marks of ambiguous commits in the request log. Small hooks for the model:
 * {@link ModelDiagnostics.arrive} when a request from a known client arrives,
 * {@link ModelDiagnostics.answered} once its answer is made.
 */
export class ModelDiagnostics {
  readonly politeness: PolitenessRecorder;
  readonly deliveries = new DeliveryLog();
  /** The bucket view {@link ModelDiagnostics.arrive} fills in for each request, reused. */
  private readonly view: RestBucketView = { full: false, emptyFromMs: 0, leakPerSecond: 1 };

  constructor(
    settings: { maxApps: number },
    private readonly shops: ShopRegistry,
    private readonly limits: () => BucketLimits,
    private readonly bucketOf: (shop: string, token: string) => BucketEntry | undefined,
  ) {
    this.politeness = new PolitenessRecorder(settings.maxApps);
  }

  /** Scores a request's arrival from `token` on `shop`, with its REST bucket before the request. */
  arrive(
    shop: string,
    token: string,
    nowMs: number,
    request?: HttpRequest,
    bucket = this.bucketOf(shop, token),
  ): PolitenessClient | undefined {
    if (bucket === undefined) return this.politeness.arrive(shop, token, nowMs, undefined, request);
    const client = bucket.politeness ?? (bucket.politeness = this.politeness.clientOf(shop, token));
    if (client === undefined) return undefined;
    const limits = this.limits();
    const { level, atMs } = bucket.state;
    // One view object reused: this runs on every request.
    const view = this.view;
    // The bucket's own tolerance (leaky-bucket.ts): a call that fits within 1e-6 is admitted.
    view.full = bucketLevel(bucket.state, nowMs, limits) + 1 - limits.bucketSize > 1e-6;
    view.emptyFromMs = atMs + (level * 1000) / limits.leakPerSecond;
    view.leakPerSecond = limits.leakPerSecond;
    this.politeness.arriveAs(client, nowMs, view, request);
    return client;
  }

  /**
   * Scores the model's answer to a request (or, when `served.replacedBy` is set, the fault's answer the
   * client got instead) and marks an ambiguous commit in the request log.
   *
   * @param row - The request's row in the shop's request log, when it touched an order.
   * @param throttle - The answer is the shop's GraphQL THROTTLED.
   */
  answered(
    client: PolitenessClient | undefined,
    shop: string,
    row: number | undefined,
    nowMs: number,
    response: HttpResponse,
    served: ServedAs | undefined,
    throttle = false,
    request?: HttpRequest,
  ): void {
    const replacedBy = served?.replacedBy;
    if (replacedBy !== undefined && row !== undefined) {
      this.shops.get(shop).requests.markClientSaw(row, describeSeen(replacedBy));
    }
    if (client === undefined) return;
    if (replacedBy !== undefined)
      this.politeness.answered(client, nowMs, replacedBy, 'injected', false, request);
    else
      this.politeness.answeredWith(client, nowMs, response, served?.delayMs ?? 0, 'shop', throttle, request);
  }

  /** Scores an answer the fault plan gave without the model (a spurious 429, a 5xx, a reset, a hang). */
  injected(
    client: PolitenessClient | undefined,
    nowMs: number,
    seen: AnswerSeen,
    throttle: boolean,
    request?: HttpRequest,
  ): void {
    if (client !== undefined) this.politeness.answered(client, nowMs, seen, 'injected', throttle, request);
  }

  /**
   * Adds to each of an order's requests the webhook delivery it followed — the last one of the order's
   * source order sent at or before the request arrived — when the sender recorded deliveries.
   */
  withDeliveries(shop: string, sourceOrderId: string | undefined, requests: OrderRequest[]): OrderRequest[] {
    if (sourceOrderId === undefined) return requests;
    for (const request of requests) {
      const delivery = this.deliveries.followed(shop, sourceOrderId, request.atMs);
      if (delivery === undefined) continue;
      const { webhookId, attempt, sentAtMs } = delivery;
      request.delivery = { webhookId, attempt, sentAtMs };
    }
    return requests;
  }

  /** Why each duplicated source order of `shop` (lower-case) has more than one order. */
  duplicateCauses(shop: string): DuplicateCause[] {
    const state = this.shops.find(shop);
    if (state === undefined) return [];
    return duplicateCauses({
      shop,
      orders: state.orders,
      requestsAt: (position) => state.requests.requestsFor(position, requestId),
      deliveries: this.deliveries,
    });
  }
}
