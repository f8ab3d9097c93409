import { FunnelstormError } from '../../runtime/errors.js';
import type { CostBucketLimits } from './cost-bucket.js';

/** Settings of {@link createGraphqlApi}. */
export interface GraphqlApiOptions extends CostBucketLimits {
  /**
   * The single-query limit, in points: a query whose requested cost is above it is refused with
   * MAX_COST_EXCEEDED before it runs (doc: "A single query to the API cannot exceed a cost of 1000").
   * Defaults to 1000.
   */
  maxQueryCost: number;
  /**
   * The HTTP status of a THROTTLED answer. Shopify sends 200 (SHOPIFY.md, seen); 429 is for clients that
   * expect it, and then carries `Retry-After` (the true wait, rounded up to 0.1 s; a setting). Defaults to 200.
   */
  throttledStatus: 200 | 429;
  /** The shop's currency, in every `MoneyV2.currencyCode`. Defaults to `USD` (a setting). */
  currencyCode: string;
  /** Parsed and validated documents kept per generation (see document-cache.ts). Defaults to 500. */
  documentCacheSize: number;
}

/** Defaults of {@link GraphqlApiOptions} (all but the required bucket limits). */
export const defaultGraphqlApiOptions: Readonly<Omit<GraphqlApiOptions, keyof CostBucketLimits>> = {
  maxQueryCost: 1000,
  throttledStatus: 200,
  currencyCode: 'USD',
  documentCacheSize: 500,
};

/**
 * Fills defaults field by field (an option passed as `undefined` takes its default) and checks ranges.
 *
 * @throws FunnelstormError `SCENARIO_INVALID` when an option is out of range.
 */
export function resolveGraphqlApiOptions(
  options: CostBucketLimits & Partial<GraphqlApiOptions>,
): GraphqlApiOptions {
  const settings: GraphqlApiOptions = {
    bucketSize: options.bucketSize,
    restorePerSecond: options.restorePerSecond,
    maxQueryCost: options.maxQueryCost ?? defaultGraphqlApiOptions.maxQueryCost,
    throttledStatus: options.throttledStatus ?? defaultGraphqlApiOptions.throttledStatus,
    currencyCode: options.currencyCode ?? defaultGraphqlApiOptions.currencyCode,
    documentCacheSize: options.documentCacheSize ?? defaultGraphqlApiOptions.documentCacheSize,
  };
  checkCostLimits(settings);
  if (!(settings.maxQueryCost >= 1)) invalid(`maxQueryCost must be ≥ 1, got ${settings.maxQueryCost}`);
  if (settings.throttledStatus !== 200 && settings.throttledStatus !== 429) {
    invalid(`throttledStatus must be 200 or 429, got ${String(settings.throttledStatus)}`);
  }
  if (!/^[A-Z]{3}$/.test(settings.currencyCode)) {
    invalid(
      `currencyCode must be an ISO 4217 code such as USD, got ${JSON.stringify(settings.currencyCode)}`,
    );
  }
  if (!Number.isInteger(settings.documentCacheSize) || settings.documentCacheSize < 1) {
    invalid(`documentCacheSize must be a whole number ≥ 1, got ${settings.documentCacheSize}`);
  }
  return settings;
}

/** @throws FunnelstormError `SCENARIO_INVALID` unless bucketSize ≥ 1 and restorePerSecond > 0 (finite). */
export function checkCostLimits(limits: CostBucketLimits): void {
  const { bucketSize, restorePerSecond } = limits;
  if (!(
    Number.isFinite(bucketSize) &&
    bucketSize >= 1 &&
    Number.isFinite(restorePerSecond) &&
    restorePerSecond > 0
  )) {
    invalid(`limits need bucketSize ≥ 1 and restorePerSecond > 0, got ${bucketSize}/${restorePerSecond}`);
  }
}

function invalid(detail: string): never {
  throw new FunnelstormError(
    'SCENARIO_INVALID',
    `Invalid GraphQL API options: ${detail}. Please fix the shop's GraphQL settings.`,
  );
}
