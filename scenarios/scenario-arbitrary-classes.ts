import type { ScenarioDocument } from './scenario-arbitrary.js';

/**
 * The fault classes a scenario can exercise, in report order: what `fc.statistics` counts over generated
 * scenarios and what `funnelstorm check` lists as covered.
 *
 * - `spurious-429` — a `throttle` rule: a 429 the bucket did not cause;
 * - `5xx` — a `status` rule answering 500, 502, 503 or 504; `408` — one answering 408;
 * - `latency` — a `latency` rule, any distribution;
 * - `reset`, `timeout` — a rule of that kind (the connection dropped; no answer at all);
 * - `ambiguous-create`, `ambiguous-customer-update` — an `ambiguous` rule that covers order creates /
 *   customer updates (one without a route covers both): the write happens, the client sees a failure;
 * - `limits-cut` — a `limits` rule: the shop's REST limits lowered for a while;
 * - `outage-window` — any other rule with a `window`: a fault that comes and goes at set times;
 * - `webhook-duplicates`, `late-webhooks` — `traffic.webhooks` with a duplicate / late share above 0;
 * - `network-pause` — `network.pauses` with a probability above 0, and `holder-pause-over-ttl` when the
 *   pause is longer than the customer-lock lease (30 s): the writer resumes after its lease ran out;
 * - `customer-skew` — `traffic.customerSkew` above 0: orders crowd onto a few customers;
 * - `no-faults` — no fault rule at all.
 */
export const faultClasses = [
  'spurious-429',
  '5xx',
  '408',
  'latency',
  'reset',
  'timeout',
  'ambiguous-create',
  'ambiguous-customer-update',
  'limits-cut',
  'outage-window',
  'webhook-duplicates',
  'late-webhooks',
  'network-pause',
  'holder-pause-over-ttl',
  'customer-skew',
  'no-faults',
] as const;

/** One of {@link faultClasses}. */
export type FaultClass = (typeof faultClasses)[number];

/**
 * The reference pipeline's customer-lock lease, in milliseconds (`lockTtlMs` in
 * pipeline/reference-pipeline.ts; scenarios may not import the pipeline, so it is repeated here).
 */
export const customerLockLeaseMs = 30_000;

/**
 * The fault classes a scenario document exercises, in {@link faultClasses} order. It reads the document
 * as written (a file's data or a generated one): a rule with probability 0 and no window never fires and
 * counts for nothing.
 *
 * @example
 * fc.statistics(scenarioDocumentArbitrary(), faultClassesOf, { numRuns: 1_000 });
 */
export function faultClassesOf(doc: ScenarioDocument): FaultClass[] {
  const found = new Set<FaultClass>();
  const rules = (doc.faults?.rules ?? []).filter(
    (rule) => rule.kind === 'limits' || rule.window !== undefined || rule.probability !== 0,
  );
  for (const rule of rules) {
    if (rule.kind === 'limits') {
      found.add('limits-cut');
      continue;
    }
    if (rule.window !== undefined) found.add('outage-window');
    if (rule.kind === 'throttle') found.add('spurious-429');
    if (rule.kind === 'status') found.add(rule.status === 408 ? '408' : '5xx');
    if (rule.kind === 'latency' || rule.kind === 'reset' || rule.kind === 'timeout') found.add(rule.kind);
    if (rule.kind === 'ambiguous') {
      const routes = rule.match?.route === undefined ? undefined : [rule.match.route].flat();
      if (routes === undefined || routes.includes('orders.create')) found.add('ambiguous-create');
      if (routes === undefined || routes.includes('customers.update')) found.add('ambiguous-customer-update');
    }
  }
  if (rules.length === 0) found.add('no-faults');
  const { webhooks, customerSkew } = doc.traffic;
  if ((webhooks?.duplicateShare ?? 0) > 0) found.add('webhook-duplicates');
  if ((webhooks?.lateShare ?? 0) > 0) found.add('late-webhooks');
  const pauses = doc.network?.pauses;
  if (pauses !== undefined && pauses.probability > 0) {
    found.add('network-pause');
    const route = pauses.route === undefined ? undefined : [pauses.route].flat();
    const holdsWrites = route === undefined || route.includes('customers.update');
    if (pauses.durationMs > customerLockLeaseMs && holdsWrites) found.add('holder-pause-over-ttl');
  }
  if ((customerSkew ?? 0) > 0) found.add('customer-skew');
  return faultClasses.filter((name) => found.has(name));
}
