import type { ShopifyModel } from '../mocks/model-types.js';
import type { AttemptRecord } from './webhook-sender.js';

/** One webhook delivery attempt as the mock's delivery log takes it (issue 14's duplicate causes). */
export interface DeliveryLogEntry {
  sourceOrderId: string;
  webhookId: string;
  /** 1 for the first delivery, 2 … 9 for redeliveries. */
  attempt: number;
  /** When the attempt left, in ms on the mock server's clock (since it started). */
  sentAtMs: number;
  /** `2xx`/`4xx`/`5xx` status as a number, or `timeout` / `error`. */
  outcome: number | 'timeout' | 'error';
}

/** The surface the mock's delivery diagnostics add to the model (issue 14, the mocks' part). */
interface DeliveryDiagnostics {
  recordDelivery(shopDomain: string, entry: DeliveryLogEntry): void;
  duplicateCauses?(shopDomain: string): unknown;
  clientPoliteness?(shopDomain: string): unknown;
}

/**
 * MERGE HOOK (issue 14): tells the mock which webhook delivery each shop request may follow, so that its
 * audit can say why a duplicate exists ("created again on a redelivered webhook" vs "second create after
 * an ambiguous 503"). The delivery log lives in the mocks (`ShopifyModel.recordDelivery`); until the model
 * has it, this does nothing.
 *
 * @param serverOffsetMs - The mock server's time at the drill's first send, in ms.
 */
export function recordDeliveryInMock(
  model: ShopifyModel,
  shopDomain: string,
  record: AttemptRecord,
  serverOffsetMs: number,
): void {
  const diagnostics = model as ShopifyModel & Partial<DeliveryDiagnostics>;
  if (typeof diagnostics.recordDelivery !== 'function') return;
  const { outcome } = record;
  diagnostics.recordDelivery(shopDomain, {
    sourceOrderId: record.webhook.sourceOrderId,
    webhookId: record.webhook.webhookId,
    attempt: record.attempt,
    sentAtMs: serverOffsetMs + record.sentMs,
    outcome: outcome.kind === 'status' ? outcome.status : outcome.kind,
  });
}

/**
 * MERGE HOOK (issue 14): the mock's duplicate causes and per-client politeness for the drill's shop, when
 * the model has them (`duplicateCauses`, `clientPoliteness`); undefined until then.
 */
export function mockDiagnostics(
  model: ShopifyModel,
  shopDomain: string,
): { duplicateCauses?: unknown; politeness?: unknown } | undefined {
  const diagnostics = model as ShopifyModel & Partial<DeliveryDiagnostics>;
  if (typeof diagnostics.duplicateCauses !== 'function' && typeof diagnostics.clientPoliteness !== 'function')
    return undefined;
  return {
    ...(diagnostics.duplicateCauses && { duplicateCauses: diagnostics.duplicateCauses(shopDomain) }),
    ...(diagnostics.clientPoliteness && { politeness: diagnostics.clientPoliteness(shopDomain) }),
  };
}
