import type { Random } from '../runtime/random.js';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import type { BucketLimits } from './leaky-bucket.js';
import { createShopifyModel, type ShopifyModel, type ShopifyModelOptions } from './shopify-model.js';

/**
 * What the mock Shopify does with one request, as every face (the simulated network, the node:http
 * server, the msw handlers) must carry it out:
 * - `response`: send `response` after `delayMs` of server time;
 * - `reset`: drop the connection after `delayMs`, with no answer;
 * - `hang`: never answer; the client's own timeout ends the wait.
 * Whether the write happened is not visible here — that is the point of an ambiguous commit.
 */
export type ShopifyOutcome =
  | { kind: 'response'; response: HttpResponse; delayMs: number }
  | { kind: 'reset'; delayMs: number }
  | { kind: 'hang' };

/** Settings of {@link createShopifyService}. */
export interface ShopifyServiceOptions {
  /** The model's settings; `reset()` builds a fresh model from them. */
  model: Pick<ShopifyModelOptions, 'limits'> & Partial<ShopifyModelOptions>;
  /** The stream every fault decision draws from (fork it from the run's root, e.g. `random.fork('faults')`). */
  random: Random;
}

/**
 * The Shopify model behind its fault injector: the one object every face of the mock calls.
 * Synchronous and pure in time, like the model: the face passes `nowMs` from its clock.
 */
export interface ShopifyService {
  /** Decides and carries out one request arriving at `nowMs` (ms on the face's clock). */
  serve(request: HttpRequest, nowMs: number): ShopifyOutcome;
  /** The current model (a new one after {@link ShopifyService.reset}). */
  readonly model: ShopifyModel;
  /** Changes the REST limits of every bucket from `nowMs` on (see `ShopifyModel.setLimits`). */
  setLimits(limits: BucketLimits, nowMs: number): void;
  /** Forgets every shop, order, customer and bucket: a fresh model with the same settings. */
  reset(): void;
}

/**
 * Creates the service. With no fault plan every request goes straight to the model and is answered at
 * once.
 */
export function createShopifyService(options: ShopifyServiceOptions): ShopifyService {
  let model = createShopifyModel(options.model);
  return {
    serve(request, nowMs) {
      return { kind: 'response', response: model.handle(request, nowMs), delayMs: 0 };
    },
    get model() {
      return model;
    },
    setLimits(limits, nowMs) {
      model.setLimits(limits, nowMs);
    },
    reset() {
      const limits = model.limits;
      model = createShopifyModel({ ...options.model, limits });
    },
  };
}
