export { phaseArrivalTimes } from './phase-arrival-times.js';
export { describeIssues, formatPath } from './describe-issues.js';
export { basketCentsMax, basketCentsMin, generateOrders, type SourceOrder } from './arrivals.js';
export { loadScenario, parseScenario } from './load-scenario.js';
export { readDocument, scenarioFormat, type ScenarioFormat } from './read-document.js';
export { maxProblemsListed, scenarioInvalid } from './scenario-error.js';
export {
  maxPauseDurationMs,
  pipelineNames,
  scenarioSchema,
  shopPlanNames,
  type ScenarioInput,
} from './scenario-schema.js';
export {
  defaultNetworkSettings,
  defaultPipelineSettings,
  defaultScenarioValues,
  defaultWebhookSettings,
  type ArrivalKind,
  type NetworkPauses,
  type NetworkSettings,
  type PipelineName,
  type PipelineSettings,
  type Scenario,
  type ShopPlan,
  type ShopSettings,
  type TrafficPhase,
  type TrafficSettings,
  type WebhookSettings,
} from './scenario-types.js';
export {
  arrivalKinds,
  maxCustomerSkew,
  maxExpectedOrders,
  maxPhaseDurationSeconds,
  maxSkewedCustomers,
  maxWebhookDelaySeconds,
  trafficSchema,
} from './traffic-schema.js';
export { validateScenario } from './validate-scenario.js';
export { generateDeliveries, type WebhookDelivery } from './webhook-deliveries.js';
export { ZipfSampler } from './zipf-sampler.js';
export {
  defaultScenarioArbitraryOptions,
  maxGeneratedConcurrency,
  scenarioDocumentArbitrary,
  type ScenarioArbitraryOptions,
  type ScenarioDocument,
} from './scenario-arbitrary.js';
export {
  customerLockLeaseMs,
  faultClasses,
  faultClassesOf,
  type FaultClass,
} from './scenario-arbitrary-classes.js';
export {
  scenarioDocumentToYaml,
  scenarioKeyOrder,
  scenarioToDocument,
  type ScenarioYamlOptions,
} from './write-scenario.js';
