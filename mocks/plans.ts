/**
 * Shopify plans and their REST leaky-bucket limits (bucket size / leak per second).
 *
 * Sources (../shared/SHOPIFY.md, "REST Admin API — leaky bucket"; shopify.dev/docs/api/admin-rest/usage/rate-limits):
 * basic and standard 40/2 (doc); advanced 80/4 (leak doc, bucket from a Shopify staff answer);
 * plus 400/20 (doc); enterprise 800/40 (leak doc; the bucket is a guess — every documented pair has
 * bucket = 20 × leak — so it is a setting like any custom plan).
 *
 * GraphQL restore rates (points/s) are documented at shopify.dev/docs/api/usage/limits: standard 100,
 * advanced 200, plus 1000, enterprise 2000. The GraphQL bucket maximum is not published: responses seen
 * show 2000 at 100/s and 20000 at 1000/s, so the default is 20 × the restore rate (a guess; a setting).
 */
export interface PlanLimits {
  /** REST bucket size, in calls. */
  bucketSize: number;
  /** REST leak rate, in calls per second. */
  leakPerSecond: number;
  /** GraphQL restore rate, in cost points per second. */
  graphqlRestorePerSecond: number;
  /** GraphQL bucket maximum, in cost points. */
  graphqlBucketSize: number;
  /**
   * Orders the shop may create per minute, apart from the bucket; undefined (no cap) on paid plans.
   * Development and trial stores cap order creation at about 5 a minute (SHOPIFY.md, "Resource
   * throttles", seen: ShopifySharp issue 726, shopifypartners/developer-tools issue 15; not documented,
   * so the figure is a guess and a setting).
   */
  orderCreatesPerMinute?: number;
}

/**
 * The named paid plans a scenario may pick. `development` is kept apart (see {@link allPlanNames}) so
 * that this list, which scenario files and their error messages name, stays the paid plans.
 */
export const planNames = ['basic', 'standard', 'advanced', 'plus', 'enterprise'] as const;

/** Every named plan: the paid ones and `development` (a development or trial store). */
export const allPlanNames = [...planNames, 'development'] as const;

/** One of {@link allPlanNames}. */
export type PlanName = (typeof allPlanNames)[number];

/** The limits of each named plan. */
export const plans: Readonly<Record<PlanName, Readonly<PlanLimits>>> = {
  basic: { bucketSize: 40, leakPerSecond: 2, graphqlRestorePerSecond: 100, graphqlBucketSize: 2000 },
  standard: { bucketSize: 40, leakPerSecond: 2, graphqlRestorePerSecond: 100, graphqlBucketSize: 2000 },
  advanced: { bucketSize: 80, leakPerSecond: 4, graphqlRestorePerSecond: 200, graphqlBucketSize: 4000 },
  plus: { bucketSize: 400, leakPerSecond: 20, graphqlRestorePerSecond: 1000, graphqlBucketSize: 20000 },
  enterprise: { bucketSize: 800, leakPerSecond: 40, graphqlRestorePerSecond: 2000, graphqlBucketSize: 40000 },
  // A development store: the buckets of basic (REST 40/2; GraphQL 100/s with the guessed 20× bucket),
  // plus the order-creation cap of SHOPIFY.md "Resource throttles" (about 5 a minute; a guess).
  development: {
    bucketSize: 40,
    leakPerSecond: 2,
    graphqlRestorePerSecond: 100,
    graphqlBucketSize: 2000,
    orderCreatesPerMinute: 5,
  },
};

/** True when `name` is one of the named plans, `development` included. */
export function isPlanName(name: string): name is PlanName {
  return (allPlanNames as readonly string[]).includes(name);
}
