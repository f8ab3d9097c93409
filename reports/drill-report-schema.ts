import { z } from 'zod';
import { latencySummarySchema as latencySummary } from './latency-summary-schema.js';

/** The zod schema of reports/drill-report.ts's {@link DrillReport}, part of the run report's. */
export const drillReportSchema = z.strictObject({
  target: z.string(),
  speed: z.number().positive(),
  webhooks: z.int().min(0),
  acknowledged: z.int().min(0),
  attempts: z.int().min(0),
  redeliveries: z.int().min(0),
  failedAttempts: z.int().min(0),
  timeouts: z.int().min(0),
  gaveUp: z.int().min(0),
  lateSends: z.int().min(0),
  maxLatenessMs: z.number(),
  latencyMs: z.strictObject({ corrected: latencySummary, raw: latencySummary }),
  quiescent: z.boolean(),
  durationMs: z.number(),
  duplicateCauses: z.array(
    z.strictObject({
      sourceOrderId: z.string(),
      orders: z.int().min(2),
      kind: z.enum(['ambiguous-retry', 'redelivered-webhook', 'unknown']),
      cause: z.string(),
    }),
  ),
  clients: z.array(
    z.strictObject({
      client: z.string(),
      requests: z.int().min(0),
      throttled: z.int().min(0),
      injectedThrottled: z.int().min(0),
      retryAfterViolations: z.int().min(0),
      retryAfterShortfallMsTotal: z.number().min(0),
      retryAfterShortfallMsMax: z.number().min(0),
      callsAtFullBucket: z.int().min(0),
      idleCapacityCalls: z.number().min(0),
      graphqlOverAvailableCost: z.int().min(0),
    }),
  ),
});
