import type { AuditedCustomerShop } from '../../mocks/customer-audit.js';
import type { RunReport } from '../../reports/report-model.js';

export { propertyNames, type PropertyName, type PropertyVerdict } from '../../reports/report-model.js';
import type { Scenario } from '../../scenarios/scenario-types.js';
import type { Deliveries } from '../delivery-log.js';
import type { HistoryOperations } from '../history.js';
import type { SourceOrders } from '../source-order-log.js';

/** One delivery of an order's webhook to the pipeline (a source order may be delivered more than once). */
export interface Delivery {
  sourceOrderId: string;
  /** When the pipeline received it, in virtual ms. */
  atMs: number;
}

/** A give-up the pipeline recorded: the source order id and the reason. */
export interface GiveUp {
  /** The source order id. */
  key: string;
  reason: string;
}

/**
 * What a property checker may read about a finished sim run (../shared/DESIGN.md, "Properties"): the
 * shop's final state, the run's history and the harness's own records — never the pipeline's code or its
 * internal state. The dead-letter queues are read as data (the pipeline's output, like the shop).
 */
export interface RunEvidence {
  /** The scenario exactly as it ran (defaults and overrides applied). */
  scenario: Scenario;
  /**
   * The traffic's source orders, each once, in arrival order. Iterable, not an array: a run keeps them in
   * columns (sim/source-order-log.ts), read one pass at a time.
   */
  orders: SourceOrders;
  /**
   * Every webhook delivery the pipeline received, duplicates and late ones included, in time order
   * (iterable: sim/delivery-log.ts).
   */
  deliveries: Deliveries;
  /** The shop's final state: its orders and customers (`model.shop(domain)`). */
  shop: AuditedCustomerShop;
  /** Orders the pipeline gave up on. */
  deadLetters: readonly GiveUp[];
  /** Customer updates the pipeline gave up on (their orders exist). */
  customerDeadLetters: readonly GiveUp[];
  /**
   * Every request the client sent, in invoke order, with the shop's side of it. Not an array: a run's
   * history is read from its columns as it is iterated or read by row (sim/history.ts).
   */
  history: HistoryOperations;
  /** The run's report (latency percentiles, API figures, what the fault plan did). */
  report: RunReport;
}
