export type { LogEntry, Store } from './store.js';
export { createMemoryStore } from './memory-store.js';
export {
  createRedisStore,
  defaultRedisStoreOptions,
  type RedisStore,
  type RedisStoreOptions,
} from './redis-store.js';
export {
  defaultThrottleOptions,
  pacingInterceptor,
  Throttle,
  type Pacer,
  type ThrottleOptions,
} from './throttle.js';
export { StoreThrottle, throttleKey, type StoreThrottleOptions } from './shared-throttle.js';
export {
  defaultBackoffOptions,
  nextBackoff,
  retryAfterMs,
  type BackoffOptions,
  type BackoffState,
} from './backoff.js';
export { classifyOutcome, isIdempotentMethod, type OutcomeVerdict } from './classify-outcome.js';
export {
  defaultRetryOptions,
  retryBudgetSpentMessage,
  retryInterceptor,
  type RetryOptions,
} from './retry.js';
export {
  defaultRetryBudgetOptions,
  RetryBudget,
  type RetryBudgetOptions,
  type RetryBudgetSnapshot,
} from './retry-budget.js';
export { timeoutInterceptor } from './timeout.js';
export {
  createMutex,
  defaultMutexOptions,
  detachedSpawn,
  type LockFailure,
  type Mutex,
  type MutexOptions,
  type Spawn,
  type WithLockOptions,
} from './mutex.js';
export { fencingTokenHeader, type Lease } from './lease.js';
export {
  createIdempotency,
  defaultIdempotencyOptions,
  type ClaimOutcome,
  type Idempotency,
  type IdempotencyOptions,
} from './idempotency.js';
export {
  createWebhookIntake,
  defaultDedupeTtlMs,
  orderWebhookBody,
  signWebhook,
  type WebhookDelivery,
  type WebhookIntake,
  type WebhookIntakeOptions,
  type WebhookReceipt,
} from './webhook-intake.js';
export {
  deadLetterBodyChars,
  DeadLetterQueue,
  deadLetterResponse,
  type DeadLetter,
  type DeadLetterResponse,
} from './dead-letter-queue.js';
export {
  compareLogIds,
  StoreDeadLetters,
  type ReplayReport,
  type StoredDeadLetter,
  type StoreDeadLettersOptions,
} from './dead-letter-log.js';
export {
  createReferencePipeline,
  defaultReferencePipelineOptions,
  type PipelineHooks,
  type ReferencePipeline,
  type ReferencePipelineDeps,
  type ReferencePipelineOptions,
} from './reference-pipeline.js';
export {
  createOrderRequest,
  findOrderRequest,
  sourceTag,
  type PipelineOrder,
  type ShopTarget,
} from './shopify-requests.js';
export {
  defaultLoyaltyTarget,
  loyaltyOf,
  readLoyaltyRequest,
  writeLoyaltyRequest,
  type LoyaltyRead,
  type LoyaltyTarget,
  type LoyaltyValue,
} from './loyalty-requests.js';
export {
  customerMutex,
  orderClaimKey,
  processOrder,
  type ClaimRecord,
  type OrderOutcome,
  type OrderWorkflowDeps,
  type OrderWorkflowSettings,
} from './order-workflow.js';
export { createOrFindOrder, type CreateOrderContext, type CreateOutcome } from './create-order.js';
export {
  customerLockKey,
  updateCustomerTotals,
  type CustomerUpdateContext,
  type CustomerUpdateOutcome,
} from './customer-update.js';
export { isLeaseGuardRefusal, leaseGuardInterceptor, leaseTooShortMessage } from './lease-guard.js';
export { fixedSleepInterceptor } from './fixed-sleep.js';
export { withoutJitter } from './without-jitter.js';
export {
  pipelineVariants,
  referenceGuarantees,
  variantGuarantees,
  type PipelineGuarantees,
  type PipelineVariantName,
} from './pipeline-variants.js';
export {
  defaultBudgetWaitMs,
  isBudgetRefusal,
  WorkflowBackoff,
  type WorkflowBackoffOptions,
} from './workflow-backoff.js';
export {
  definePipeline,
  referencePipelineModule,
  type CreatePipeline,
  type DeadLetterList,
  type Pipeline,
  type PipelineModule,
  type PipelineSeams,
  type PipelineSettings,
} from './pipeline-contract.js';
export { WorkQueue } from './work-queue.js';
export { callsOfStep, callsPerOrder, defaultWorkflow, type WorkflowStep } from './workflow-steps.js';
export {
  fulfilmentMarker,
  runOrderSideEffect,
  stepTag,
  type SideEffectContext,
  type SideEffectOutcome,
} from './workflow-side-effects.js';
