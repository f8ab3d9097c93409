export { adminSchema, adminSchemaSdl } from './admin-schema.js';
export { AppCostBuckets } from './app-cost-buckets.js';
export {
  availablePoints,
  chargeCost,
  costLimitsOfPlan,
  costLimitsOfRestLimits,
  fullCostBucket,
  refundCost,
  settleCostBucket,
  wholePointsAvailable,
  type ChargeCostResult,
  type CostBucketLimits,
  type CostBucketState,
} from './cost-bucket.js';
export { createGraphqlApi, type GraphqlAnswer, type GraphqlApi, type GraphqlOutcome } from './graphql-api.js';
export { defaultGraphqlApiOptions, type GraphqlApiOptions } from './graphql-api-options.js';
export type { GraphqlShop } from './graphql-context.js';
export type { QueryCost, ThrottleStatus } from './graphql-responses.js';
export { actualQueryCost, requestedQueryCost, type CostedOperation } from './query-cost.js';
