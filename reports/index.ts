export {
  reportVersion,
  type DeadLetterEntry,
  type CustomerSummary,
  type DrainSummary,
  type FaultReport,
  type LatencySummary,
  type RunReport,
} from './report-model.js';
export {
  createLatencyRecorder,
  defaultLatencyRecorderOptions,
  emptyLatencySummary,
  initLatencyRecorders,
  latencyRecorderEngine,
  maxRecordableLatencyMs,
  type LatencyRecorder,
  type LatencyRecorderEngine,
  type LatencyRecorderOptions,
} from './latency-recorder.js';
export { idealDrainEndMs, idealDrainSchedule } from './ideal-drain.js';
export { formatJsonReport, writeJsonReport } from './json-report.js';
export { defaultSummaryOptions, formatSummary, type SummaryOptions } from './summary.js';
export {
  defaultFormatDeadLettersOptions,
  formatDeadLetters,
  type FormatDeadLettersOptions,
} from './format-dead-letters.js';
export { formatDuration, formatSeconds } from './format-duration.js';
export { formatNumber, formatPercent } from './format-number.js';
export { ansiStyle, type AnsiStyle } from './ansi-style.js';
export { fitWidth } from './fit-width.js';
export {
  evaluateThresholds,
  failedThresholds,
  parseThreshold,
  type Threshold,
  type ThresholdResult,
} from './thresholds.js';
export { reportMetrics, type ReportMetric } from './report-metrics.js';
export { compareRuns, defaultCompareSetsOptions, type Comparison } from './compare-runs.js';
export { defaultFailOn, parseFailOn, type FailOnRule } from './fail-on.js';
export { mergeLatencyHistograms, type MergedLatency } from './latency-histograms.js';
export { runReportSchema } from './run-report-schema.js';
export { summaryDocumentSchema, summaryJsonSchema, type SummaryDocument } from './summary-document.js';
export { runOutputFiles, summaryDocument, writeRunOutputs } from './write-outputs.js';
export type { RunSeries, SeriesData, SpectrumPoint } from './run-series.js';
export type {
  KneeAnalysis,
  KneeAssumptions,
  KneePlanAnalysis,
  KneePoint,
  KneeSeedResult,
  KneeSensitivity,
  KneeSweep,
  KneeSweepPlan,
  UslFit,
} from './knee-model.js';
export { defaultKneedleOptions, kneedle, type KneedleOptions, type KneedleResult } from './kneedle.js';
export { fitUsl, uslThroughput, type UslPoint } from './usl-fit.js';
export { analyseKnee, analyseKneePlan, callsInFlight, littleKnee } from './knee-analysis.js';
export { formatKnee, type FormatKneeOptions } from './format-knee.js';
export { kneeMarkdown } from './knee-markdown.js';
export { kneeHtml } from './knee-html.js';
export { kneeDocument, kneeDocumentSchema, kneeJsonSchema, type KneeDocument } from './knee-schema.js';
