import { benchHttpServer } from './http-server.js';
import { formatHttpBench } from './print-http-bench.js';
import { benchSimEvents } from './sim-events.js';

/**
 * `npm run bench`: every figure is a ratio against a reference measured in the same run (a bare limit or a
 * peer), never an absolute time as a pass mark (../shared/STYLE.md rule 15). Absolute rates are printed
 * for context only; they vary with the machine.
 */
const mega = (perSecond: number): string => `${(perSecond / 1e6).toFixed(2)} M/s`;
const verdict = (ok: boolean): string => (ok ? 'within budget' : 'BELOW BUDGET');

console.log('funnelstorm bench — ratios against references measured in this run\n');

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

console.log('');
console.log(formatHttpBench(await benchHttpServer()));
