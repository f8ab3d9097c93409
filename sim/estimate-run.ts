import { expectedOrders } from '../scenarios/expected-orders.js';
import type { Scenario } from '../scenarios/scenario-types.js';

/**
 * What a simulated run will cost, estimated before it starts from the scenario alone: its orders, its
 * workers and its network pauses. A rough, deliberately simple linear model whose constants were measured
 * on the development machine (2 cores, Node 20; `funnelstorm run` of `plus`-plan backlogs of 20,000 to
 * 300,000 orders with 8 and 4,096 workers, and with every request paused; peak RSS from `/usr/bin/time`,
 * CPU from user time). It is meant to catch runs that are orders of magnitude too big for the machine,
 * not to predict a run to the second.
 */
export interface RunEstimate {
  /** Webhook deliveries the traffic brings (orders, plus duplicate and late deliveries). */
  deliveries: number;
  /** Peak memory, in bytes. */
  memoryBytes: number;
  /** CPU time, in seconds, on a machine like the one the constants were measured on. */
  cpuSeconds: number;
}

/** The constants of {@link estimateRun}, with how each was measured. */
export const runCostModel = {
  /**
   * Node, the mock and the simulator before the first order, in bytes (the 20,000-order run less its
   * orders). Re-measured in session 9 of issue 12 (`funnelstorm run` of a `plus` backlog, 8 workers,
   * one customer per ten orders; `/usr/bin/time`): 20,000 orders 194 MB, 4.0 s user; 300,000 orders
   * 494 MB, 37.2 s user.
   */
  baseBytes: 175e6,
  /**
   * Memory per delivery, in bytes: the order, its history records, the shop's copy and the audit's
   * (RSS of 300,000 orders minus that of 20,000, per order: 1,097, rounded up; 6,000 before issue 12).
   */
  bytesPerDelivery: 1_200,
  /** Memory per worker, in bytes (4,096 workers against 8 on 20,000 orders, per worker: 254 against 194 MB). */
  bytesPerWorker: 15_000,
  /**
   * Memory per paused request still held in the network, in bytes (20,000 orders, every request paused
   * 1 h, against the same run without pauses: 223 against 194 MB, over its 60,000 first calls).
   */
  bytesPerPausedRequest: 600,
  /** CPU per paused request, in seconds: its timeout, the retry and the late answer (same runs: 5.8 against 4.0 s). */
  cpuSecondsPerPausedRequest: 35e-6,
  /** CPU per delivery, in seconds (user time per order of the 300,000-order run less the 20,000: 119 µs). */
  cpuSecondsPerDelivery: 125e-6,
  /**
   * CPU per delivery and worker, in seconds: idle workers poll (4,096 workers against 8 on 20,000 orders
   * of 2,000 customers: 127.3 against 4.0 s user).
   */
  cpuSecondsPerDeliveryWorker: 1.5e-6,
  /** Shopify calls per order of the reference workflow: create, customer read, customer write. */
  callsPerOrder: 3,
} as const;

/**
 * Estimates a run's memory and CPU time from its scenario (see {@link RunEstimate} and
 * {@link runCostModel} for the model and where its constants come from).
 *
 * @param scenario - The resolved scenario (after `--concurrency` and the like).
 * @example
 * const { memoryBytes, cpuSeconds } = estimateRun(loadScenario('scenarios/backlog-standard.yaml'));
 */
export function estimateRun(scenario: Scenario): RunEstimate {
  const model = runCostModel;
  const { traffic, pipeline, network } = scenario;
  const orders = expectedOrders(traffic);
  const extraShare = (traffic.webhooks?.duplicateShare ?? 0) + (traffic.webhooks?.lateShare ?? 0);
  const deliveries = Math.ceil(orders * (1 + extraShare));
  const workers = pipeline.concurrency;
  // A paused request stays in the simulated network for its pause, long after its worker timed it out and
  // went on: at worst every paused request of the run is held at once.
  const pausedRequests = deliveries * model.callsPerOrder * (network.pauses?.probability ?? 0);
  return {
    deliveries,
    memoryBytes:
      model.baseBytes +
      deliveries * model.bytesPerDelivery +
      workers * model.bytesPerWorker +
      pausedRequests * model.bytesPerPausedRequest,
    cpuSeconds:
      deliveries * (model.cpuSecondsPerDelivery + workers * model.cpuSecondsPerDeliveryWorker) +
      pausedRequests * model.cpuSecondsPerPausedRequest,
  };
}
