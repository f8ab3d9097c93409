import type { HttpRequest } from '../../runtime/transport.js';
import type { ShopifyModel } from '../shopify-model.js';
import type { ShopifyOutcome } from '../shopify-service.js';
import type { FaultInjector } from './fault-injector.js';
import type { AmbiguousOutcome, FaultStatus } from './fault-plan.js';
import { faultStatusResponse, spuriousThrottleResponse, type ThrottleFacts } from './fault-responses.js';
import { faultTargetOf } from './fault-route.js';

/** What {@link serveWithFaults} needs besides the injector. */
export interface FaultedModel {
  /** The model that handles what no pre-request fault stops. */
  model: ShopifyModel;
  /** What a spurious 429 copies from the model's settings. */
  throttle: ThrottleFacts;
  /** The next `X-Request-Id` for an answer made by a fault (see `faultRequestId`). */
  nextRequestId(): string;
}

/**
 * Serves one request through a fault plan, in the order of mocks/faults/fault-plan.ts: `limits` windows
 * catch up to `nowMs`; the plan decides; a pre-request fault answers without the model (a spurious 429, a
 * 5xx/408, a reset, or no answer); otherwise the model handles the request and an ambiguous fault may
 * replace its answer — the write stays done. Latency faults delay whatever is answered.
 */
export function serveWithFaults(
  faults: FaultInjector,
  target: FaultedModel,
  request: HttpRequest,
  nowMs: number,
): ShopifyOutcome {
  const { model } = target;
  faults.advanceLimits(nowMs, model);
  const decision = faults.decide(request, nowMs);
  const { pre, delayMs } = decision;
  switch (pre?.kind) {
    case 'throttle': {
      const { shop, route } = faultTargetOf(request);
      const id = target.nextRequestId();
      const graphql = route === 'graphql';
      const response = spuriousThrottleResponse(model, request, shop, nowMs, target.throttle, id, graphql);
      return noted(model, request, nowMs, { kind: 'response', response, delayMs }, true);
    }
    case 'status':
      return noted(model, request, nowMs, failure(pre.status, delayMs, target));
    case 'reset':
    case 'timeout':
      return noted(model, request, nowMs, failure(pre.kind, delayMs, target));
    case undefined:
      break;
  }
  if (decision.ambiguous === undefined) {
    const served = delayMs === 0 ? undefined : { delayMs };
    return { kind: 'response', response: model.handle(request, nowMs, served), delayMs };
  }
  // The client's answer is made first, so the model can log both what it applied and what was seen.
  const seen = failure(decision.ambiguous, delayMs, target);
  const response = model.handle(request, nowMs, { delayMs, replacedBy: seen });
  if (response.status >= 200 && response.status < 300) faults.noteCommitted();
  return seen;
}

/**
 * What a fault that fails the request answers: a reset, no answer, or its status. A function of the module,
 * not a closure made on every request, most of which no fault fails.
 */
function failure(
  then: AmbiguousOutcome | FaultStatus,
  delayMs: number,
  target: FaultedModel,
): ShopifyOutcome {
  if (then === 'reset') return { kind: 'reset', delayMs };
  if (then === 'timeout') return { kind: 'hang' };
  return { kind: 'response', response: faultStatusResponse(then, target.nextRequestId()), delayMs };
}

/** Tells the model what a pre-request fault answered (for the politeness score), and returns it. */
function noted(
  model: ShopifyModel,
  request: HttpRequest,
  nowMs: number,
  outcome: ShopifyOutcome,
  throttle = false,
): ShopifyOutcome {
  model.noteInjectedAnswer(request, outcome, nowMs, throttle);
  return outcome;
}
