import { z } from 'zod';
import { defaultLatencyCapMs, type LatencyDistribution } from './fault-plan.js';

/** The distributions a `latency` rule may name, and the fields each one takes (`capMs` is optional). */
const fieldsOf = {
  fixed: ['ms'],
  uniform: ['minMs', 'maxMs'],
  lognormal: ['medianMs', 'sigma', 'capMs'],
  pareto: ['scaleMs', 'shape', 'capMs'],
} as const;
type DistributionName = keyof typeof fieldsOf;
type Field = (typeof fieldsOf)[DistributionName][number];
const optionalFields: readonly Field[] = ['capMs'];

/**
 * A latency distribution, written flat (`distribution` plus its parameters), e.g.
 * `{ distribution: lognormal, medianMs: 80, sigma: 0.5 }`. Each parameter is checked for its distribution
 * only, so a message names the field: `rules[2].latency.sigma is required with distribution: lognormal`.
 */
export const latencyDistributionSchema = z
  .strictObject({
    distribution: z.enum(Object.keys(fieldsOf) as [DistributionName, ...DistributionName[]]),
    ms: z.number().min(0).optional(),
    minMs: z.number().min(0).optional(),
    maxMs: z.number().min(0).optional(),
    medianMs: z.number().positive().optional(),
    sigma: z.number().min(0).max(10).optional(),
    scaleMs: z.number().positive().optional(),
    shape: z.number().positive().optional(),
    capMs: z.number().positive().optional(),
  })
  .transform((given, ctx): LatencyDistribution => {
    let problems = 0;
    const fail = (key: string, message: string): void => {
      problems++;
      ctx.addIssue({ code: 'custom', path: [key], message });
    };
    const allowed: readonly Field[] = fieldsOf[given.distribution];
    for (const field of Object.keys(given) as (keyof typeof given)[]) {
      if (field === 'distribution' || given[field] === undefined) continue;
      if (!allowed.includes(field)) fail(field, `is not a parameter of distribution: ${given.distribution}`);
    }
    for (const field of allowed) {
      if (given[field] === undefined && !optionalFields.includes(field))
        fail(field, `is required with distribution: ${given.distribution}`);
    }
    if (given.minMs !== undefined && given.maxMs !== undefined && given.maxMs < given.minMs)
      fail('maxMs', `must be ≥ minMs (${given.minMs}) (got ${given.maxMs})`);
    if (problems > 0) return z.NEVER;
    const capMs = given.capMs ?? defaultLatencyCapMs;
    switch (given.distribution) {
      case 'fixed':
        return { distribution: 'fixed', ms: given.ms ?? 0 };
      case 'uniform':
        return { distribution: 'uniform', minMs: given.minMs ?? 0, maxMs: given.maxMs ?? 0 };
      case 'lognormal':
        return { distribution: 'lognormal', medianMs: given.medianMs ?? 1, sigma: given.sigma ?? 0, capMs };
      case 'pareto':
        return { distribution: 'pareto', scaleMs: given.scaleMs ?? 1, shape: given.shape ?? 1, capMs };
    }
  });
