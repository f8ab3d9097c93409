import type { ShopifyModel } from '../mocks/model-types.js';
import type { DrillClient, DrillDuplicate } from '../reports/drill-report.js';
import type { AttemptRecord } from './webhook-sender.js';

/** At most this many duplicated source orders are explained in a drill report (the count is always whole). */
const duplicatesExplained = 1000;

/**
 * Tells the mock which webhook delivery attempt just left, so its request log can say which delivery
 * each shop request followed and its audit why a duplicate exists ("created again on a redelivered
 * webhook" vs "second create after an ambiguous 503"): `ShopifyModel.recordDelivery`, bounded by the model.
 *
 * @param serverOffsetMs - The mock server's time at the drill's first send, in ms.
 */
export function recordDeliveryInMock(
  model: ShopifyModel,
  shopDomain: string,
  record: AttemptRecord,
  serverOffsetMs: number,
): void {
  const { outcome } = record;
  model.recordDelivery(shopDomain, {
    sourceOrderId: record.webhook.sourceOrderId,
    webhookId: record.webhook.webhookId,
    attempt: record.attempt,
    sentAtMs: serverOffsetMs + record.sentMs,
    outcome: outcome.kind === 'status' ? outcome.status : outcome.kind,
  });
}

/** The mock's diagnostics of a drill's shop: why each duplicate exists, and each client's politeness. */
export interface DrillDiagnostics {
  duplicateCauses: DrillDuplicate[];
  clients: DrillClient[];
}

/** Reads {@link DrillDiagnostics} from the model after the drill (mocks/duplicate-causes.ts, mocks/politeness.ts). */
export function mockDiagnostics(model: ShopifyModel, shopDomain: string): DrillDiagnostics {
  const duplicateCauses = model
    .duplicateCauses(shopDomain)
    .slice(0, duplicatesExplained)
    .map(({ sourceOrderId, kind, cause, orders }) => ({ sourceOrderId, orders: orders.length, kind, cause }));
  const clients = model.clientPoliteness(shopDomain).map((client) => ({
    client: client.client,
    requests: client.requests,
    throttled: client.throttled,
    injectedThrottled: client.injectedThrottled,
    retryAfterViolations: client.retryAfterViolations,
    retryAfterShortfallMsTotal: client.retryAfterShortfallMsTotal,
    retryAfterShortfallMsMax: client.retryAfterShortfallMsMax,
    callsAtFullBucket: client.callsAtFullBucket,
    idleCapacityCalls: client.idleCapacityCalls,
    graphqlOverAvailableCost: client.graphqlOverAvailableCost,
  }));
  return { duplicateCauses, clients };
}
