import fc from 'fast-check';
import { between, compact, decimal, sometimes } from './scenario-arbitrary-parts.js';
import type { ScenarioInput } from './scenario-schema.js';

/** A scenario document's `traffic` section, as a file writes it. */
export type TrafficDocument = ScenarioInput['traffic'];

type PhaseDocument = TrafficDocument['phases'][number];

/** The most customers a generated scenario has. */
export const maxGeneratedCustomers = 300;

/** The most phases a generated scenario has. */
export const maxGeneratedPhases = 3;

/** Options of {@link trafficDocumentArbitrary}. */
export interface TrafficArbitraryOptions {
  /** The most orders over all phases, ≥ 1. */
  maxOrders: number;
  /** Whether some documents get a `webhooks` section (duplicate and late deliveries). */
  webhooks: boolean;
}

/** A phase before its order count is known: its arrival process and its share of the orders (1 … 10). */
type PhaseDraft = Omit<PhaseDocument, 'orders'> & { share: number };

/**
 * One phase: a spike (all at once, or decaying over up to 10 minutes), or Poisson or constant arrivals over
 * up to 30 minutes, with a share of the scenario's orders.
 */
const phase: fc.Arbitrary<PhaseDraft> = fc.oneof(
  { withCrossShrink: true },
  fc
    .record({
      durationSeconds: fc.oneof({ withCrossShrink: true }, fc.constant(0), between(1, 600)),
      halfLifeSeconds: sometimes(between(1, 300), 0.5),
      share: between(1, 10),
    })
    .map(({ durationSeconds, halfLifeSeconds, share }) =>
      // A half-life needs a phase to decay over: an instant spike has none.
      compact({
        arrival: 'spike' as const,
        durationSeconds,
        halfLifeSeconds: durationSeconds > 0 ? halfLifeSeconds : undefined,
        share,
      }),
    ),
  ...(['poisson', 'constant'] as const).map((arrival) =>
    fc
      .record({ durationSeconds: between(1, 1_800), share: between(1, 10) })
      .map(({ durationSeconds, share }) => ({ arrival, durationSeconds, share })),
  ),
);

/**
 * Splits `total` orders over the phases by their shares, each phase an exact `orders` count ≥ 1 (never
 * `ratePerSecond`); phases beyond `total` are dropped. A map, not a filter, so shrinking the total goes
 * straight toward one phase of one order.
 */
function splitOrders(total: number, drafts: readonly PhaseDraft[]): PhaseDocument[] {
  const kept = drafts.slice(0, Math.max(1, Math.min(drafts.length, total)));
  const shares = kept.reduce((sum, draft) => sum + draft.share, 0);
  const spare = total - kept.length;
  const phases = kept.map(({ share, ...rest }) => ({
    ...rest,
    orders: 1 + Math.floor((spare * share) / shares),
  }));
  const first = phases[0];
  if (first) first.orders += total - phases.reduce((sum, each) => sum + each.orders, 0);
  return phases;
}

/**
 * Webhook trouble: a share of orders delivered twice (up to Shopify's 4 h of retries later) and a share
 * delivered late (up to an hour). Either field may be left out (the default, 0).
 */
const webhooks = fc
  .record(
    {
      duplicateShare: decimal(0.01, 0.3, 2),
      duplicateDelaySeconds: between(1, 14_400),
      lateShare: decimal(0.01, 0.2, 2),
      lateDelaySeconds: between(1, 3_600),
    },
    { requiredKeys: [] },
  )
  .map((section) => ({ ...section }));

/**
 * A scenario document's `traffic` section: 1 … `maxOrders` orders over 1 … 3 phases, 1 … 300
 * customers, 30 % of the time a Zipf `customerSkew` in [0, 2], and (with `webhooks`) 30 % of the time a
 * `webhooks` section.
 */
export function trafficDocumentArbitrary(options: TrafficArbitraryOptions): fc.Arbitrary<TrafficDocument> {
  return fc
    .record({
      customers: between(1, maxGeneratedCustomers),
      customerSkew: sometimes(decimal(0, 2, 1), 0.3),
      webhooks: options.webhooks ? sometimes(webhooks, 0.3) : fc.constant(undefined),
      orders: between(1, options.maxOrders),
      phases: fc.array(phase, { minLength: 1, maxLength: maxGeneratedPhases }),
    })
    .map(({ orders, phases, ...rest }) => compact({ ...rest, phases: splitOrders(orders, phases) }));
}
