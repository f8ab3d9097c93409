import type { OrderOutcome } from '../pipeline/order-workflow.js';
import type { CallRecord } from '../pipeline/observe-calls.js';

/**
 * Told what a sim run's pipeline does as it happens, in virtual time: what a capacity sweep measures
 * (sim/knee-recorder.ts). An observer only listens: a run with one gives the same report as without.
 */
export interface RunObserver {
  /** A webhook delivery reached the pipeline and was queued for a worker, at `atMs`. */
  accepted(atMs: number): void;
  /** A request left the retry stage at `atMs`, before any wait for a throttle slot (reference pipelines only). */
  issued(atMs: number): void;
  /** A request was sent (after the throttle) and answered: `call.sentAtMs`, its latency, its status. */
  call(call: CallRecord): void;
  /** A worker finished a delivery at `atMs`: the order created or dead-lettered, or found already claimed. */
  done(atMs: number, outcome: OrderOutcome): void;
}
