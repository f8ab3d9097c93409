import type { Random } from '../runtime/random.js';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import { createFaultInjector, type FaultInjector } from './faults/fault-injector.js';
import { emptyFaultPlan, type FaultPlan } from './faults/fault-plan.js';
import type { FaultPlanInput } from './faults/fault-plan-schema.js';
import { faultRequestId } from './faults/fault-responses.js';
import { FaultStatsRecorder, type FaultStats } from './faults/fault-stats.js';
import { validateFaultPlan } from './faults/parse-fault-plan.js';
import { serveWithFaults, type FaultedModel } from './faults/serve-with-faults.js';
import type { ShopLimits } from './model-options.js';
import {
  createShopifyModel,
  defaultShopifyModelOptions,
  type ShopifyModel,
  type ShopifyModelOptions,
} from './shopify-model.js';

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
  /**
   * The fault plan in force from time 0 (validated here: a bad plan throws `SCENARIO_INVALID` naming the
   * field). Defaults to none: every request goes straight to the model and is answered at once.
   */
  faults?: FaultPlanInput;
}

/**
 * The Shopify model behind its fault injector: the one object every face of the mock calls.
 * Synchronous and pure in time, like the model: the face passes `nowMs` from its clock — ms since its own
 * time origin, where the fault plan's windows start (virtual 0 in the simulator; server start over HTTP).
 */
export interface ShopifyService {
  /** Decides and carries out one request arriving at `nowMs` (ms on the face's clock). */
  serve(request: HttpRequest, nowMs: number): ShopifyOutcome;
  /** The current model (a new one after {@link ShopifyService.reset}). */
  readonly model: ShopifyModel;
  /**
   * Changes the REST and GraphQL limits of every bucket from `nowMs` on (see `ShopifyModel.setLimits`). During a
   * `limits` fault window these take over at once and are what the window restores when it ends.
   */
  setLimits(limits: ShopLimits, nowMs: number): void;
  /** Forgets every shop, order, customer and bucket — a fresh model with the limits in force — and zeroes the fault counts. */
  reset(): void;
  /**
   * Replaces the fault plan at `nowMs`: a `limits` window of the old plan in force is ended (its limits
   * restored), the new plan's counts start at 0, and the parts of its `limits` windows before `nowMs` are
   * skipped. Throws `SCENARIO_INVALID` naming the field for a bad plan, changing nothing.
   *
   * @param plan - The new plan (validated here); undefined or `{ rules: [] }` for none.
   * @param originMs - Time 0 of the plan's windows, in the face's ms. Defaults to 0, the face's origin;
   *   pass `nowMs` to count windows from the moment the plan is set (Toxiproxy-style).
   */
  setFaultPlan(plan: FaultPlanInput | undefined, nowMs: number, originMs?: number): void;
  /** The plan in force, resolved (defaults filled in); `{ rules: [] }` when none. */
  readonly faultPlan: FaultPlan;
  /** What the plan did since it was set or since the last {@link ShopifyService.reset}. */
  faultStats(): FaultStats;
}

/**
 * Creates the service. Each request: the fault plan's `limits` windows catch up to `nowMs`; the plan decides
 * (mocks/faults/fault-plan.ts gives the order); a pre-request fault answers without the model; otherwise
 * the model handles the request and an ambiguous fault may replace its answer; latency faults add up
 * into `delayMs`.
 *
 * @example
 * const service = createShopifyService({
 *   model: { limits: plans.plus },
 *   random: root.fork('faults'),
 *   faults: { rules: [{ kind: 'ambiguous', then: 503, probability: 0.05, match: { route: 'orders.create' } }] },
 * });
 * const outcome = service.serve(request, clock.nowMs());
 */
export function createShopifyService(options: ShopifyServiceOptions): ShopifyService {
  let model = createShopifyModel(options.model);
  const injectorOf = (plan: FaultPlanInput | undefined, nowMs: number, originMs: number) => {
    const resolved = validateFaultPlan(plan ?? emptyFaultPlan, 'given to the Shopify service');
    if (resolved.rules.length === 0) return undefined;
    return createFaultInjector({ plan: resolved, random: options.random, originMs, startMs: nowMs });
  };
  let injector: FaultInjector | undefined = injectorOf(options.faults, 0, 0);
  let faultAnswers = 0;

  const faulted: FaultedModel = {
    get model() {
      return model;
    },
    throttle: {
      retryAfterSeconds: options.model.retryAfterSeconds ?? defaultShopifyModelOptions.retryAfterSeconds,
      apiVersion: options.model.apiVersion ?? defaultShopifyModelOptions.apiVersion,
    },
    nextRequestId: () => faultRequestId(++faultAnswers),
  };

  return {
    serve(request, nowMs) {
      if (injector === undefined)
        return { kind: 'response', response: model.handle(request, nowMs), delayMs: 0 };
      return serveWithFaults(injector, faulted, request, nowMs);
    },
    get model() {
      return model;
    },
    setLimits(limits, nowMs) {
      model.setLimits(limits, nowMs);
      injector?.rebaseLimits(limits);
    },
    reset() {
      const limits = model.limits;
      model = createShopifyModel({ ...options.model, limits });
      injector?.clearStats();
      faultAnswers = 0;
    },
    setFaultPlan(plan, nowMs, originMs = 0) {
      const next = injectorOf(plan, nowMs, originMs);
      injector?.endLimits(nowMs, model);
      injector = next;
    },
    get faultPlan() {
      return injector?.plan ?? { rules: [] };
    },
    faultStats() {
      return injector?.stats() ?? new FaultStatsRecorder([]).snapshot();
    },
  };
}
