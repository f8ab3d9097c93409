import { z } from 'zod';
import { drillReportSchema } from './drill-report-schema.js';
import { latencySummarySchema as latencySummary } from './latency-summary-schema.js';
import { propertyNames, reportVersion, type RunReport } from './report-model.js';

const seriesData = z.strictObject({
  startMs: z.number(),
  intervalMs: z.number().positive(),
  values: z.array(z.number().nullable()),
});

const runSeries = z.strictObject({
  answers: z.strictObject({
    ok: seriesData,
    throttled: seriesData,
    serverError: seriesData,
    clientError: seriesData,
    failed: seriesData,
  }),
  shopThrottled: seriesData,
  bucketLevel: seriesData,
  ordersInPipeline: seriesData,
  deadLettered: seriesData,
  latencySpectrum: z.array(z.strictObject({ percentile: z.number().min(0).max(100), ms: z.number() })),
  histograms: z.strictObject({ endToEndUs: z.string(), apiCallUs: z.string() }),
});

/**
 * The run report's schema (reports/report-model.ts), for validating a report read back (`compare`) and for
 * the JSON Schema shipped as schemas/summary.schema.json. A compile-time check below keeps it equal to the
 * {@link RunReport} type: a field added to one and not the other fails `npm run typecheck`.
 */
export const runReportSchema = z.strictObject({
  funnelstormReport: z.literal(reportVersion),
  seed: z.int().min(0),
  scenario: z.strictObject({ name: z.string(), resolved: z.unknown() }),
  shop: z.strictObject({ plan: z.string(), bucketSize: z.number(), leakPerSecond: z.number() }),
  pipeline: z.strictObject({ name: z.string(), concurrency: z.int() }),
  orders: z.strictObject({
    generated: z.int(),
    created: z.int(),
    duplicates: z.int(),
    missing: z.int(),
    deadLettered: z.int(),
    unattributed: z.int(),
    unexpected: z.int(),
  }),
  customers: z.strictObject({ checked: z.int(), lostUpdates: z.int(), deadLettered: z.int() }),
  api: z.strictObject({
    calls: z.int(),
    status429: z.int(),
    callsPerSecond: z.number(),
    leakPerSecond: z.number(),
    leakUtilisation: z.number(),
    status429Share: z.number().min(0).max(1),
    retries: z.int(),
    retryPeakPer100Ms: z.int(),
  }),
  network: z.strictObject({ pausedRequests: z.int() }).optional(),
  webhooks: z
    .strictObject({ failedAttempts: z.int(), slowAnswers: z.int(), redelivered: z.int(), abandoned: z.int() })
    .optional(),
  faults: z
    .strictObject({
      rules: z.int(),
      requests: z.int(),
      byKind: z.record(z.string(), z.int()),
      ambiguousCommitted: z.int(),
      addedLatencyMs: z.number(),
      byRule: z.array(z.strictObject({ kind: z.string(), fired: z.int(), applied: z.int() })),
    })
    .optional(),
  drain: z
    .strictObject({
      firstCallMs: z.number(),
      lastCompletionMs: z.number(),
      durationMs: z.number(),
      idealMs: z.number(),
      ratio: z.number().nullable(),
      callsPerOrder: z.int(),
    })
    .nullable(),
  properties: z
    .array(
      z.strictObject({
        property: z.enum(propertyNames),
        applies: z.boolean(),
        holds: z.boolean(),
        detail: z.string(),
        orderIds: z.array(z.string()),
        ratio: z.number().optional(),
      }),
    )
    .optional(),
  latencyMs: z.strictObject({ endToEnd: latencySummary, apiCall: latencySummary }),
  virtualDurationMs: z.number(),
  events: z.int(),
  deadLetters: z.array(z.strictObject({ sourceOrderId: z.string(), reason: z.string(), attempts: z.int() })),
  shops: z
    .array(
      z.strictObject({
        domain: z.string(),
        orders: z.int(),
        created: z.int(),
        duplicates: z.int(),
        missing: z.int(),
        deadLettered: z.int(),
        lostUpdates: z.int(),
        calls: z.int(),
        status429: z.int(),
        p99Ms: z.number(),
        drainMs: z.number(),
        drainRatio: z.number().nullable(),
        brokenProperties: z.array(z.string()),
      }),
    )
    .optional(),
  series: runSeries.optional(),
  drill: drillReportSchema.optional(),
});

// The schema and the interface must describe the same object, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesReport: Same<z.infer<typeof runReportSchema>, RunReport> = true;
void schemaMatchesReport;
