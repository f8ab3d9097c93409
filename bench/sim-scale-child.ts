import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { loadScenario } from '../scenarios/load-scenario.js';
import { runScenario } from '../sim/run-scenario.js';
import { scaleScenario } from './scale-scenario.js';

/** What one scaled run measured, as the child prints it on stdout (one JSON line). */
export interface SimScalePoint {
  orders: number;
  created: number;
  wallMs: number;
  /** CPU time of the run (user + system), in ms. */
  cpuMs: number;
  /** The child's peak resident set, in bytes (`process.resourceUsage().maxRSS`, as `time -v` reports it). */
  peakRssBytes: number;
  events: number;
}

// As the CLI does (bin/funnelstorm.ts): measure what a user's `funnelstorm run` costs.
setFlagsFromString('--heap-growing-percent=30');

// `node sim-scale-child.js <scenario file> <orders>`: one run in a process of its own, so that its peak
// RSS is its own.
const [file, orders] = process.argv.slice(2);
const scenario = scaleScenario(loadScenario(file ?? ''), Number(orders));
const cpu = process.cpuUsage();
const startedMs = performance.now();
const report = await runScenario(scenario);
const wallMs = performance.now() - startedMs;
const { user, system } = process.cpuUsage(cpu);
const point: SimScalePoint = {
  orders: Number(orders),
  created: report.orders.created,
  wallMs,
  cpuMs: (user + system) / 1000,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  events: report.events,
};
console.log(JSON.stringify(point));
