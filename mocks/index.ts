export {
  auditOrders,
  defaultAuditOptions,
  type AuditedShops,
  type AuditOptions,
  type OrderAudit,
} from './audit.js';
export {
  admitCall,
  bucketLevel,
  emptyBucket,
  usedCalls,
  type AdmitCallResult,
  type BucketLimits,
  type LeakyBucketState,
} from './leaky-bucket.js';
export type { ShopifyModelStats } from './model-stats.js';
export type { NewLineItem, NewOrder, NoteAttribute } from './order-input.js';
export type { OrderView } from './order-store.js';
export { isPlanName, planNames, plans, type PlanLimits, type PlanName } from './plans.js';
export {
  createShopifyModel,
  defaultShopifyModelOptions,
  type ShopifyModel,
  type ShopifyModelOptions,
  type ShopView,
} from './shopify-model.js';
export type { ShopifyLineItemJson, ShopifyOrderJson } from './shopify-order-json.js';
