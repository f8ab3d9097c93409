import { performance } from 'node:perf_hooks';
import { Simulator } from '../sim/simulator.js';
import { runBareHeapLoop } from './bare-heap-loop.js';
import { runPromiseFloorLoop } from './promise-floor-loop.js';

/** One benchmark's figures. */
export interface SimEventsResult {
  events: number;
  pending: number;
  bareEventsPerSecond: number;
  simEventsPerSecond: number;
  /** sim / bare, median of the per-repetition ratios. */
  ratio: number;
  /**
   * Fastest sim run / fastest bare run. Interference on a shared machine only ever slows a run down, so
   * the fastest of several is the best estimate of each loop's undisturbed speed (as Python's `timeit`
   * advises).
   */
  bestRatio: number;
  /** A minimal promise-per-wake scheduler / bare, median: the floor any async/await simulator pays. */
  floorRatio: number;
  /**
   * Callback events (`sim.at`, as the simulated network's legs use) / bare, median: the kernel's own
   * overhead, with no await to resume.
   */
  callbackRatio: number;
}

/** Delays shared by both loops, so they do the same heap work. Deterministic (an LCG), 1..1000 ms. */
function delayTable(): Float64Array {
  const delays = new Float64Array(4096);
  let x = 12345;
  for (let i = 0; i < delays.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    delays[i] = 1 + (x % 1000);
  }
  return delays;
}

/**
 * The simulator's events per second against a bare binary-heap loop doing the same count of events with
 * the same number pending (../shared/DESIGN.md: budget ≥ 0.5). In the simulator every event wakes an
 * async process from `await sim.sleep(…)` — the way pipeline code runs on it — so the ratio prices the
 * whole scheduler, promises included. Both run in this process, alternating, and the median ratio is kept.
 */
export async function benchSimEvents(
  events = 2_000_000,
  pending = 1_000,
  repetitions = 5,
): Promise<SimEventsResult> {
  const delays = delayTable();
  const perActor = Math.floor(events / pending);
  const total = perActor * pending;
  const runSim = async (): Promise<number> => {
    const sim = new Simulator();
    for (let actor = 0; actor < pending; actor++) {
      sim.spawn(`actor-${actor}`, async () => {
        for (let i = 0; i < perActor; i++) await sim.sleep(delays[(actor * perActor + i) % delays.length]!);
      });
    }
    return (await sim.run()).events;
  };
  // Warm both paths up so the JIT has compiled them before anything is timed.
  runBareHeapLoop(total / 10, pending, delays);
  await runSim();
  const runCallbacks = async (): Promise<number> => {
    const sim = new Simulator();
    let fired = 0;
    for (let actor = 0; actor < pending; actor++) {
      const fire = (): void => {
        if (++fired <= total - pending) sim.at(sim.nowMs() + delays[fired % delays.length]!, fire);
      };
      sim.at(delays[actor]!, fire);
    }
    return (await sim.run()).events;
  };
  await runPromiseFloorLoop(total / 10, pending, delays);
  await runCallbacks();
  const samples: { bare: number; sim: number; floor: number; callbacks: number }[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    let start = performance.now();
    runBareHeapLoop(total, pending, delays);
    const bare = total / ((performance.now() - start) / 1000);
    start = performance.now();
    const fired = await runSim();
    const simRate = fired / ((performance.now() - start) / 1000);
    start = performance.now();
    await runPromiseFloorLoop(total, pending, delays);
    const floor = total / ((performance.now() - start) / 1000);
    start = performance.now();
    const callbackEvents = await runCallbacks();
    const callbacks = callbackEvents / ((performance.now() - start) / 1000);
    samples.push({ bare, sim: simRate, floor, callbacks });
  }
  const medianOf = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  samples.sort((a, b) => a.sim / a.bare - b.sim / b.bare);
  const median = samples[Math.floor(samples.length / 2)]!;
  return {
    events: total,
    pending,
    bareEventsPerSecond: median.bare,
    simEventsPerSecond: median.sim,
    ratio: median.sim / median.bare,
    bestRatio: Math.max(...samples.map((s) => s.sim)) / Math.max(...samples.map((s) => s.bare)),
    floorRatio: medianOf(samples.map((s) => s.floor / s.bare)),
    callbackRatio: medianOf(samples.map((s) => s.callbacks / s.bare)),
  };
}
