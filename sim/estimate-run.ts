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
  /** Node, the mock and the simulator before the first order, in bytes (the 20,000-order run less its orders). */
  baseBytes: 150e6,
  /**
   * Memory per delivery, in bytes: the order, its history records, the shop's copy and the audit's
   * (RSS of 300,000 orders minus that of 20,000, per order, rounded up).
   */
  bytesPerDelivery: 6_000,
  /** Memory per worker, in bytes (4,096 workers against 8 on 20,000 orders, per worker). */
  bytesPerWorker: 50_000,
  /**
   * Memory per paused request still held in the network, in bytes (20,000 orders, every request paused
   * 1 h, against the same run without pauses: 412 against 261 MB).
   */
  bytesPerPausedRequest: 3_000,
  /** CPU per paused request, in seconds: its timeout, the retry and the late answer (same runs: 14.6 against 4.9 s). */
  cpuSecondsPerPausedRequest: 160e-6,
  /** CPU per delivery, in seconds (user time per order of the 300,000-order run: 87 s; 1.8 GB RSS). */
  cpuSecondsPerDelivery: 300e-6,
  /** CPU per delivery and worker, in seconds: idle workers poll (4,096 workers against 8). */
  cpuSecondsPerDeliveryWorker: 0.15e-6,
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
