import { z } from 'zod';

/** The zod schema of a {@link LatencySummary} (reports/report-model.ts), shared by the report schemas. */
export const latencySummarySchema = z.strictObject({
  count: z.int().min(0),
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
});
