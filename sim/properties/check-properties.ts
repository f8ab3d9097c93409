import { checkBoundedP99 } from './bounded-p99.js';
import { checkMutualExclusion } from './mutual-exclusion.js';
import { checkNoDuplicates } from './no-duplicates.js';
import { checkNoLostUpdates } from './no-lost-updates.js';
import { checkNothingLost } from './nothing-lost.js';
import { checkRateDiscipline } from './rate-discipline.js';
import { propertyNames, type PropertyName, type PropertyVerdict, type RunEvidence } from './run-evidence.js';

/** The checker of each property: a pure function of a run's evidence. */
export const propertyCheckers: Readonly<Record<PropertyName, (evidence: RunEvidence) => PropertyVerdict>> = {
  'no-duplicates': checkNoDuplicates,
  'nothing-lost': checkNothingLost,
  'no-lost-updates': checkNoLostUpdates,
  'mutual-exclusion': checkMutualExclusion,
  'bounded-p99': checkBoundedP99,
  'rate-discipline': checkRateDiscipline,
};

/**
 * Checks the six properties of ../shared/DESIGN.md on a finished sim run, in {@link propertyNames} order.
 * Each checker reads the evidence only — the shop's final state, the history, the deliveries, the dead
 * letters as data and the report's figures — never the pipeline it judges.
 *
 * @example
 * const { evidence } = await simulateScenario(scenario);
 * const broken = brokenProperties(checkProperties(evidence));
 */
export function checkProperties(evidence: RunEvidence): PropertyVerdict[] {
  return propertyNames.map((name) => propertyCheckers[name](evidence));
}

/** The verdicts that apply and do not hold, in the order given. */
export function brokenProperties(verdicts: readonly PropertyVerdict[]): PropertyVerdict[] {
  return verdicts.filter((verdict) => verdict.applies && !verdict.holds);
}
