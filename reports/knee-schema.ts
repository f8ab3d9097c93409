import { z } from 'zod';
import type { KneeAnalysis, KneeSweep } from './knee-model.js';

/** The version of knee.json's shape; bumped when a field changes meaning or goes away. */
export const kneeDocumentVersion = 1;

const range = z.strictObject({ min: z.number(), max: z.number() });

// The figures a seed's run and a point (their means) both carry, in the model's order.
const figures = {
  ordersPerSecond: z.number().min(0),
  callsPerSecond: z.number().min(0),
  p50Ms: z.number().min(0),
  p99Ms: z.number().min(0),
  queueWaitP99Ms: z.number().min(0),
  share429: z.number().min(0).max(1),
  deadLetters: z.number().min(0),
};

const seedResult = z.strictObject({
  seed: z.int(),
  orders: z.int().min(0),
  ...figures,
  drainMs: z.number().min(0),
  backlogMs: z.number().min(0).optional(),
});

const point = z.strictObject({
  concurrency: z.int().min(1),
  rateScale: z.number().positive(),
  runs: z.array(seedResult),
  ...figures,
  ceilingShare: z.number().min(0),
  spread: z.strictObject({ ordersPerSecond: range, p99Ms: range }),
});

const assumptionNames = [
  'roundTripMs',
  'serverLatencyMs',
  'storeRoundTripMs',
  'callsPerOrder',
  'callHoldMs',
] as const;

/** The schema of {@link KneeSweep} (reports/knee-model.ts); a compile-time check keeps the two equal. */
export const kneeSweepSchema = z.strictObject({
  scenario: z.strictObject({ name: z.string(), file: z.string() }),
  mode: z.enum(['sim', 'live']),
  seeds: z.array(z.int()),
  assumptions: z.strictObject({
    roundTripMs: z.number().min(0),
    serverLatencyMs: z.number().min(0),
    storeRoundTripMs: z.number().min(0),
    callsPerOrder: z.number().min(0),
    callHoldMs: z.number().min(0),
  }),
  plans: z.array(
    z.strictObject({
      plan: z.string(),
      bucketSize: z.number().positive(),
      leakPerSecond: z.number().positive(),
      callsPerOrder: z.number().min(0),
      ceilingOrdersPerSecond: z.number().min(0),
      points: z.array(point),
    }),
  ),
});

/** The schema of {@link KneeAnalysis}; a compile-time check keeps the two equal. */
export const kneeAnalysisSchema = z.strictObject({
  plans: z.array(
    z.strictObject({
      plan: z.string(),
      kneeConcurrency: z.number().optional(),
      usl: z
        .strictObject({
          lambda: z.number(),
          sigma: z.number().min(0),
          kappa: z.number().min(0),
          rSquared: z.number(),
          peakConcurrency: z.int().optional(),
        })
        .optional(),
      littleConcurrency: z.int().min(1),
      recommended: z
        .strictObject({
          concurrency: z.int().min(1),
          ceilingShare: z.number(),
          p99Ms: z.number(),
          share429: z.number(),
        })
        .optional(),
      text: z.string(),
    }),
  ),
  sensitivity: z.array(
    z.strictObject({
      assumption: z.enum(assumptionNames),
      from: z.number(),
      to: z.number(),
      plan: z.string(),
      kneeConcurrency: z.number().optional(),
    }),
  ),
});

/**
 * knee.json, what `funnelstorm knee --json` and `--out DIR` write: the sweep (every point and seed) with its
 * analysis. Its JSON Schema (schemas/knee.schema.json) is generated from this schema.
 */
export const kneeDocumentSchema = kneeSweepSchema
  .extend({ funnelstormKnee: z.literal(kneeDocumentVersion), analysis: kneeAnalysisSchema })
  .meta({
    title: 'funnelstorm knee',
    description: 'knee.json written by `funnelstorm knee --json`: a capacity sweep and its analysis.',
  });

/** knee.json's content: the sweep, its analysis and the shape's version. */
export type KneeDocument = KneeSweep & {
  funnelstormKnee: typeof kneeDocumentVersion;
  analysis: KneeAnalysis;
};

/** The document `knee --json` writes for a sweep and its analysis (the version first). */
export function kneeDocument(sweep: KneeSweep, analysis: KneeAnalysis): KneeDocument {
  return { funnelstormKnee: kneeDocumentVersion, ...sweep, analysis };
}

/** The JSON Schema (draft 2020-12) of knee.json, generated from {@link kneeDocumentSchema}. */
export function kneeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(kneeDocumentSchema, { target: 'draft-2020-12' });
}

// The schemas and the interfaces must describe the same objects, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sweepMatches: Same<z.infer<typeof kneeSweepSchema>, KneeSweep> = true;
const analysisMatches: Same<z.infer<typeof kneeAnalysisSchema>, KneeAnalysis> = true;
const documentMatches: Same<z.infer<typeof kneeDocumentSchema>, KneeDocument> = true;
void sweepMatches;
void analysisMatches;
void documentMatches;
