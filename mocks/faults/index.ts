export {
  createFaultInjector,
  type FaultDecision,
  type FaultInjector,
  type FaultInjectorOptions,
  type PreRequestFault,
} from './fault-injector.js';
export {
  ambiguousOutcomes,
  defaultLatencyCapMs,
  emptyFaultPlan,
  faultKinds,
  faultRoutes,
  faultStatuses,
  type AmbiguousOutcome,
  type FaultKind,
  type FaultMatch,
  type FaultPlan,
  type FaultRoute,
  type FaultRule,
  type FaultStatus,
  type FaultTrigger,
  type FaultWindow,
  type LatencyDistribution,
  type LatencyDistributionName,
  type LimitsFaultRule,
  type RequestFaultRule,
} from './fault-plan.js';
export { faultPlanSchema, type FaultPlanInput } from './fault-plan-schema.js';
export {
  faultRequestId,
  faultStatusPhrases,
  faultStatusResponse,
  spuriousThrottleResponse,
} from './fault-responses.js';
export { faultTargetOf, type FaultTarget } from './fault-route.js';
export { FaultStatsRecorder, type FaultStats } from './fault-stats.js';
export { lognormalMs, paretoMs, sampleLatencyMs, standardNormal } from './latency-sampler.js';
export { LimitsSchedule, type LimitsTarget } from './limits-schedule.js';
export { loadFaultPlan, parseFaultPlan, validateFaultPlan } from './parse-fault-plan.js';
export { serveWithFaults, type FaultedModel } from './serve-with-faults.js';
