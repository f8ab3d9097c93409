export {
  auditOrders,
  defaultAuditOptions,
  type AuditedShops,
  type AuditOptions,
  type OrderAudit,
} from './audit.js';
export type { BucketLevelSeries } from './bucket-timeline.js';
export type { SeriesSnapshot } from './coarse-series.js';
export {
  auditCustomers,
  type AuditedCustomerShop,
  type AuditedCustomerShops,
  type CustomerAudit,
  type LostUpdate,
} from './customer-audit.js';
export type { ShopifyCustomerJson } from './customer-json.js';
export { computedCustomerFields } from './customer-input.js';
export { auditFulfillments, type FulfillmentAudit } from './fulfillment-audit.js';
export type { FulfillmentRecord, FulfillmentView } from './fulfillments-api.js';
export {
  defaultLoyaltyTarget,
  readLoyaltyValue,
  type LoyaltyValue,
  type MetafieldTarget,
} from './loyalty-metafield.js';
export type { MetafieldOwnerType, MetafieldRecord, MetafieldView } from './metafield-store.js';
export {
  defaultCustomerStoreOptions,
  type CustomerPatch,
  type CustomerRecord,
  type CustomerStoreOptions,
  type CustomerView,
} from './customer-store.js';
export { fencingTokenHeader } from './customers-api.js';
export {
  admitCall,
  bucketLevel,
  emptyBucket,
  usedCalls,
  type AdmitCallResult,
  type BucketLimits,
  type LeakyBucketState,
} from './leaky-bucket.js';
export type { ShopifyModelInput } from './model-options.js';
export type { CallTimeline, ShopifyModelStats } from './model-stats.js';
export type { NewLineItem, NewOrder, NoteAttribute } from './order-input.js';
export type { OrderView } from './order-store.js';
export { allPlanNames, isPlanName, planNames, plans, type PlanLimits, type PlanName } from './plans.js';
export type { OrderRequest } from './request-log.js';
export {
  createShopifyModel,
  defaultShopifyModelOptions,
  type GraphqlHandler,
  type ShopifyModel,
  type ShopifyModelOptions,
  type ShopView,
} from './shopify-model.js';
export type { ShopifyLineItemJson, ShopifyOrderJson } from './shopify-order-json.js';
export type { ShopLimits } from './model-options.js';
export {
  createShopifyService,
  type ShopifyOutcome,
  type ShopifyService,
  type ShopifyServiceOptions,
} from './shopify-service.js';
export {
  defaultMockServerOptions,
  startMockServer,
  type MockServer,
  type MockServerOptions,
} from './http-server.js';
export { createAdminApi, type AdminApi, type AdminApiOptions } from './admin-api.js';
export { defaultMockShop, shopHeader } from './http-shop-domain.js';
export {
  createShopifyMock,
  defaultShopifyMockOptions,
  shopifyAdminApiUrl,
  shopifyHandlers,
  type ShopifyMock,
  type ShopifyMockOptions,
} from './msw-handlers.js';
export {
  costLimitsOfPlan,
  costLimitsOfRestLimits,
  createGraphqlApi,
  defaultGraphqlApiOptions,
  type CostBucketLimits,
  type GraphqlAnswer,
  type GraphqlApi,
  type GraphqlApiOptions,
  type QueryCost,
  type ThrottleStatus,
} from './graphql/index.js';
export {
  emptyFaultPlan,
  faultKinds,
  faultRoutes,
  faultStatuses,
  loadFaultPlan,
  parseFaultPlan,
  type FaultPlan,
  type FaultPlanInput,
  type FaultRule,
  type FaultStats,
} from './faults/index.js';
export type { ClientPoliteness } from './politeness.js';
export { politenessLine } from './politeness-line.js';
export type { WebhookDelivery } from './delivery-log.js';
export type { DuplicateCause, DuplicateCauseKind, DuplicateOrder } from './duplicate-causes.js';
export {
  defaultOrderMatching,
  describeOrderMatching,
  orderMatchingSyntax,
  parseOrderMatching,
  type OrderMatching,
} from './order-matching.js';
export type { AnswerSeen } from './answer-seen.js';
export type { ServedAs } from './model-diagnostics.js';
