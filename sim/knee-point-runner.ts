import type { KneeSeedResult } from '../reports/knee-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';

/** One run a capacity sweep (`funnelstorm knee`) asks for: one seed at one concurrency on one plan. */
export interface KneePointJob {
  /** The scenario with the sweep's overrides applied (plan, `--set`), before this point's own. */
  scenario: Scenario;
  /** The file the scenario came from, for messages and for live worker processes that load it. */
  scenarioFile: string;
  /** The plan this point runs on (the scenario's `shop.plan` after `--plans`). */
  plan: string;
  /** Pipeline workers at this point. */
  concurrency: number;
  /** Arrival-rate multiplier (`--rates`); 1 without it. */
  rateScale: number;
  seed: number;
}

/**
 * Runs one point of a sweep and measures it: in simulation (virtual time, a thread pool) or live (a served
 * mock, real worker processes, Redis). A sweep takes one runner and never knows which.
 */
export type KneePointRunner = (job: KneePointJob) => Promise<KneeSeedResult>;
