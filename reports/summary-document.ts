import { z } from 'zod';
import { runReportSchema } from './run-report-schema.js';
import type { RunReport } from './report-model.js';
import type { ThresholdResult } from './thresholds.js';

/** Version of summary.json; bump it when a field changes meaning. */
export const summaryVersion = 1;

const thresholdResultSchema = z.strictObject({
  expression: z.string(),
  metric: z.string(),
  operator: z.enum(['<', '<=', '>', '>=', '==', '!=']),
  limit: z.number(),
  actual: z.number().nullable(),
  passed: z.boolean(),
});

/**
 * summary.json, the file `run --out DIR` writes: the run's report, its thresholds judged, and the verdict.
 * Its JSON Schema (schemas/summary.schema.json, shipped in the package) is generated from this schema.
 */
export const summaryDocumentSchema = z
  .strictObject({
    funnelstormSummary: z.literal(summaryVersion),
    /** True when no threshold failed, no property broke and the audit is clean (what `run`'s exit 0 means). */
    passed: z.boolean(),
    thresholds: z.array(thresholdResultSchema),
    report: runReportSchema,
  })
  .meta({
    title: 'funnelstorm run summary',
    description:
      'summary.json written by `funnelstorm run --out DIR`: the run report, thresholds and verdict.',
  });

/** summary.json's content. */
export interface SummaryDocument {
  funnelstormSummary: typeof summaryVersion;
  passed: boolean;
  thresholds: ThresholdResult[];
  report: RunReport;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesDocument: Same<z.infer<typeof summaryDocumentSchema>, SummaryDocument> = true;
void schemaMatchesDocument;

/** The JSON Schema (draft 2020-12) of summary.json, generated from {@link summaryDocumentSchema}. */
export function summaryJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(summaryDocumentSchema, { target: 'draft-2020-12' });
}
