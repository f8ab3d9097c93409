import { InvalidArgumentError } from 'commander';
import { shopPlanNames } from '../scenarios/scenario-schema.js';
import { seedsFlag } from './seeds-flag.js';

/** The most concurrencies one `--concurrency` may name. */
export const maxGridPoints = 256;
/** The largest concurrency a sweep may run (as `run --concurrency`). */
const maxConcurrency = 4096;

/**
 * A commander option parser for `knee --concurrency`: values and ranges joined by commas — `4`, `1..32`
 * (every integer), `4..64:4` (a step), `1..128:x2` (geometric: ×2 each time, rounded, the end included when
 * the factor reaches it) — each 1 to 4096; returned ascending without duplicates.
 */
export function concurrencyGridFlag(value: string): number[] {
  const values = new Set<number>();
  const bad = (why: string) =>
    new InvalidArgumentError(
      `--concurrency ${why}: give values and ranges joined by commas, such as 1,2,4,8, 1..32, 4..64:4 or 1..128:x2, each 1 to ${maxConcurrency} (got "${value}").`,
    );
  for (const part of value.split(',')) {
    const match = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*(?::\s*(x?)(\d+(?:\.\d+)?)\s*)?)?$/.exec(part);
    if (match === null) throw bad(`cannot read "${part.trim()}"`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    const geometric = match[3] === 'x';
    const step = match[4] === undefined ? 1 : Number(match[4]);
    if (from < 1 || to > maxConcurrency || to < from)
      throw bad(`has a range out of order or out of 1..${maxConcurrency}`);
    if (geometric ? !(step > 1) : !(Number.isInteger(step) && step >= 1))
      throw bad(geometric ? 'needs a factor above 1 after x' : 'needs a whole step of at least 1');
    for (let x = from; x <= to; x = geometric ? Math.max(x + 1, Math.round(x * step)) : x + step) {
      values.add(x);
      if (values.size > maxGridPoints) throw bad(`names more than ${maxGridPoints} values`);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/** A commander option parser for `knee --plans`: plan names joined by commas, kept in order, no duplicates. */
export function plansFlag(value: string): string[] {
  const plans = [...new Set(value.split(',').map((plan) => plan.trim()))];
  const unknown = plans.filter((plan) => !(shopPlanNames as readonly string[]).includes(plan));
  if (unknown.length > 0 && !unknown.includes(''))
    throw new InvalidArgumentError(
      `--plans names ${unknown.join(', ')}: each must be one of ${shopPlanNames.join(', ')} (got "${value}").`,
    );
  if (plans.some((plan) => plan === ''))
    throw new InvalidArgumentError(
      `--plans must be plan names joined by commas, such as standard,plus (got "${value}").`,
    );
  return plans;
}

/** A commander option parser for `knee --rates`: arrival-rate multipliers above 0 (at most 1,000), joined by commas. */
export function ratesFlag(value: string): number[] {
  const rates = value.split(',').map((rate) => (/^\s*\d+(\.\d+)?\s*$/.test(rate) ? Number(rate) : NaN));
  if (rates.some((rate) => !(rate > 0 && rate <= 1000)))
    throw new InvalidArgumentError(
      `--rates must be arrival-rate multipliers above 0 and at most 1000 joined by commas, such as 0.5,1,2 (got "${value}").`,
    );
  return [...new Set(rates)];
}

/**
 * A commander option parser for `knee --seeds`: a count `N` (seeds 1 to N, at most 100), or a list as
 * `run --seeds` takes it (`1..8`, `3,7,10..12`).
 */
export function kneeSeedsFlag(value: string): number[] {
  if (/^\s*\d+\s*$/.test(value)) {
    const count = Number(value);
    if (count < 1 || count > 100)
      throw new InvalidArgumentError(`--seeds N runs seeds 1 to N: N must be 1 to 100 (got "${value}").`);
    return Array.from({ length: count }, (_, i) => i + 1);
  }
  return seedsFlag(value);
}
