import { benchGeneratedRuns } from './generated-runs.js';
import { benchHttpServer } from './http-server.js';
import { benchKneeSweep, formatKneeSweepBench } from './knee-sweep.js';
import { benchDrillSender, formatDrillSenderBench } from './drill-sender.js';
import { benchPipelineDrain } from './pipeline-drain.js';
import { formatHttpBench } from './print-http-bench.js';
import { benchSimEvents } from './sim-events.js';
import { benchSimScale, formatSimScale } from './sim-scale.js';
import { storeChurnNsPerOp } from './store-churn.js';
import { createMemoryStore } from '../pipeline/memory-store.js';

/**
 * `npm run bench`: every figure is a ratio against a reference measured in the same run (a bare limit or a
 * peer), never an absolute time as a pass mark (../shared/STYLE.md rule 15). Absolute rates are printed
 * for context only; they vary with the machine.
 */
const mega = (perSecond: number): string => `${(perSecond / 1e6).toFixed(2)} M/s`;
const verdict = (ok: boolean): string => (ok ? 'within budget' : 'BELOW BUDGET');
const count = (n: number): string => n.toLocaleString('en-US');

/**
 * `npm run bench` runs every section; `npm run bench -- scale store` only those named. The 1,000,000-order
 * point of the scale section takes minutes, so it runs only with FUNNELSTORM_BENCH_1M=1.
 */
const sections = ['sim', 'drain', 'generated', 'store', 'scale', 'knee', 'http', 'drill'] as const;
const only = process.argv.slice(2);
const unknown = only.filter((name) => !(sections as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')} (sections: ${sections.join(', ')})`);
  process.exit(2);
}
const wanted = (section: (typeof sections)[number]): boolean => only.length === 0 || only.includes(section);

console.log('funnelstorm bench — ratios against references measured in this run\n');

if (wanted('sim')) {
  const sim = await benchSimEvents(2_000_000, 1_000, 9);
  console.log(
    `simulator events/s      ${sim.ratio.toFixed(3)} × bare binary-heap loop  (budget ≥ 0.5: ${verdict(sim.ratio >= 0.5)})\n` +
      `  ${sim.events.toLocaleString('en-US')} events, ${sim.pending} pending; ` +
      `simulator ${mega(sim.simEventsPerSecond)}, bare heap ${mega(sim.bareEventsPerSecond)} (median of 9)\n` +
      `  fastest run of each: ${sim.bestRatio.toFixed(3)} × (interference only slows a run, so this is the undisturbed estimate)\n` +
      `  context: a minimal promise-per-wake scheduler on the same queue reaches ${sim.floorRatio.toFixed(3)} × — ` +
      'the floor one await per event costs\n' +
      `  kernel alone (callback events, no await to resume): ${sim.callbackRatio.toFixed(3)} × bare heap loop`,
  );
}

// Issue 4, acceptance 4: the reference pipeline drains a backlog at ≥ 0.99 × the plan's leak rate with
// ≤ 0.1 % 429s (../shared/DESIGN.md, "Performance budgets"). The leak rate is the reference: the most any
// client can sustain on the plan.
for (const { file, report: r, wallMs } of wanted('drain') ? await benchPipelineDrain() : []) {
  const utilisation = r.api.leakUtilisation;
  const share = r.api.status429Share;
  const drain = r.drain;
  console.log(
    `\npipeline drain, ${r.shop.plan.padEnd(8)} ${utilisation.toFixed(3)} × the plan's leak rate (${r.shop.leakPerSecond}/s)  ` +
      `(budget ≥ 0.99: ${verdict(utilisation >= 0.99)})\n` +
      `  429s ${(share * 100).toFixed(2)} % of calls (${count(r.api.status429)} of ${count(r.api.calls)})  ` +
      `(budget ≤ 0.1 %: ${share <= 0.001 ? 'within budget' : 'OVER BUDGET'})\n` +
      `  ${file}, seed ${r.seed}: ${count(r.orders.generated)} orders queued at t=0, ${r.pipeline.name} × ${r.pipeline.concurrency}\n` +
      `  ${r.api.callsPerSecond}/s sustained after the ${r.shop.bucketSize}-call burst` +
      (drain === null
        ? ''
        : `; drained in ${(drain.durationMs / 1000).toFixed(1)} s virtual vs ideal ${(drain.idealMs / 1000).toFixed(1)} s ` +
          `(${drain.callsPerOrder} calls per order)`) +
      `; ${count(r.orders.duplicates)} duplicates, ${count(r.orders.missing)} missing, ` +
      `${count(r.customers.lostUpdates)} lost updates; ${(wallMs / 1000).toFixed(1)} s wall`,
  );
}

// Issue 5, acceptance 5: how many generated scenarios of 200 orders the simulator runs and checks per
// second — what makes thousands of property runs affordable. The reference measured in this run: plain
// 200-order runs (one spike on standard, no faults), simulated and checked alike, alternating with them.
// The property suite's budget (6 × 200 runs in 3 minutes on one core) needs 6.7 runs/s.
if (wanted('generated')) {
  const generated = await benchGeneratedRuns(100, 200);
  const suiteNeedsPerSecond = (6 * 200) / 180;
  console.log(
    `\ngenerated scenarios     ${(generated.runsPerSecond / generated.plainRunsPerSecond).toFixed(3)} × the speed of a plain ` +
      `200-order run (${generated.runsPerSecond.toFixed(1)} vs ${generated.plainRunsPerSecond.toFixed(1)} runs/s)\n` +
      `  ${generated.runs} scenarios from scenarioDocumentArbitrary (fixed seed, every fault class), each resized to ` +
      `${generated.ordersPerRun} orders; ${Math.round(generated.eventsPerRun).toLocaleString('en-US')} simulator events per run; ` +
      `the six checkers take ${(generated.checkShare * 100).toFixed(1)} % of the time\n` +
      `  ${(generated.runsPerSecond / suiteNeedsPerSecond).toFixed(1)} × the ${suiteNeedsPerSecond.toFixed(1)} runs/s the ` +
      `property suite's budget needs (6 properties × 200 runs in 3 minutes on one core)`,
  );
}

// Issue 12: no structure whose cost per operation grows with the run. The memory store's share of a long
// run's operations (claims that stay, hot locks taken and released, a throttle slot), at 25,000 and 400,000
// orders; the smaller run is the reference. A store that deletes and re-inserts hot keys in a V8 Map cost
// about 10 × more per operation at 400,000 orders (issue 12's cause); best of two runs each.
if (wanted('store')) {
  const best = async (orders: number): Promise<number> =>
    Math.min(
      await storeChurnNsPerOp(createMemoryStore, orders),
      await storeChurnNsPerOp(createMemoryStore, orders),
    );
  await storeChurnNsPerOp(createMemoryStore, 25_000); // warm-up: compiled code for both sizes
  const small = await best(25_000);
  const large = await best(400_000);
  const growth = large / small;
  console.log(
    `\nmemory store per op     ${growth.toFixed(2)} × at 400,000 orders what it costs at 25,000 (budget ≤ 3: ` +
      `${growth <= 3 ? 'within budget' : 'OVER BUDGET — a per-operation cost that grows with the run'})\n` +
      `  ${small.toFixed(0)} vs ${large.toFixed(0)} ns of CPU per store operation (claim, lock, release, throttle slot)`,
  );
}

// Issue 12, acceptance 1 and 2: cost per order flat in the run's length, memory per order ≤ 1 KB.
if (wanted('scale')) {
  const counts = process.env.FUNNELSTORM_BENCH_1M === '1' ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
  console.log(`\n${formatSimScale(await benchSimScale(counts))}`);
  if (counts.length < 3) console.log('  (the 1,000,000-order point runs with FUNNELSTORM_BENCH_1M=1)');
}

// Issue 15, acceptance 3: a 32-point knee sweep × 3 seeds of the shipped funnel launch in under 60 s.
if (wanted('knee')) {
  console.log(`\n${formatKneeSweepBench(await benchKneeSweep())}`);
}

if (wanted('http')) {
  console.log('');
  console.log(formatHttpBench(await benchHttpServer()));
}

// Issue 14, acceptance 3: the drill's webhook sender keeps the requested rate without bursts, next to
// autocannon -R on the same bare target; the requested rate is the reference.
if (wanted('drill')) {
  console.log('');
  console.log(formatDrillSenderBench(await benchDrillSender()));
}
