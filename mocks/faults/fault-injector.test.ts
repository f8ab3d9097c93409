import { describe, expect, it } from 'vitest';
import { createRandom } from '../../runtime/seeded-random.js';
import type { HttpRequest } from '../../runtime/transport.js';
import { createFaultInjector, type FaultDecision } from './fault-injector.js';
import type { FaultPlanInput } from './fault-plan-schema.js';
import { validateFaultPlan } from './parse-fault-plan.js';

const shop = 'launch.myshopify.com';
const create: HttpRequest = {
  method: 'POST',
  url: `https://${shop}/admin/api/2026-01/orders.json`,
  headers: {},
};
const list: HttpRequest = {
  method: 'GET',
  url: `https://${shop}/admin/api/2026-01/orders.json?status=any`,
  headers: {},
};

function injector(plan: FaultPlanInput, seed = 1) {
  return createFaultInjector({
    plan: validateFaultPlan(plan, 'test'),
    random: createRandom(seed).fork('faults'),
  });
}

/** Decisions for `count` requests, one every `everyMs` from t = 0. */
function decide(
  plan: FaultPlanInput,
  count: number,
  options: { seed?: number; everyMs?: number; request?: HttpRequest } = {},
) {
  const faults = injector(plan, options.seed);
  const decisions: FaultDecision[] = [];
  for (let i = 0; i < count; i++)
    decisions.push(faults.decide(options.request ?? create, i * (options.everyMs ?? 10)));
  return { decisions, stats: faults.stats() };
}

/** The largest deviation from count × p allowed: 4 standard deviations of a binomial. */
const tolerance = (count: number, p: number): number => 4 * Math.sqrt(count * p * (1 - p));

describe('the fault injector', () => {
  const n = 20_000;
  it.each([
    ['throttle', { kind: 'throttle', probability: 0.05 }],
    ['status', { kind: 'status', status: 503, probability: 0.1 }],
    ['reset', { kind: 'reset', probability: 0.02 }],
    ['timeout', { kind: 'timeout', probability: 0.01 }],
    ['ambiguous', { kind: 'ambiguous', then: 503, probability: 0.05 }],
    ['latency', { kind: 'latency', probability: 0.3, latency: { distribution: 'fixed', ms: 100 } }],
  ] as const)('fires %s at its probability (± 4 σ over 20,000 requests)', (kind, rule) => {
    const { stats } = decide({ rules: [rule] }, n);
    expect(Math.abs(stats.byKind[kind] - n * rule.probability)).toBeLessThan(tolerance(n, rule.probability));
    expect(stats.requests).toBe(n);
  });

  it('a window rule fires for every request inside [fromSeconds, toSeconds) and none outside', () => {
    const { decisions } = decide(
      { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 10, toSeconds: 20 } }] },
      3000,
      {
        everyMs: 10,
      },
    );
    const faulted = decisions.flatMap((d, i) => (d.pre ? [i * 10] : []));
    expect(faulted[0]).toBe(10_000);
    expect(faulted.at(-1)).toBe(19_990);
    expect(faulted).toHaveLength(1000);
  });

  it('a probability inside a window applies only inside it', () => {
    const plan: FaultPlanInput = {
      rules: [{ kind: 'reset', probability: 0.5, window: { fromSeconds: 100, toSeconds: 200 } }],
    };
    const { decisions } = decide(plan, 30_000, { everyMs: 10 });
    const inside = decisions.slice(10_000, 20_000).filter((d) => d.pre).length;
    expect(decisions.slice(0, 10_000).some((d) => d.pre)).toBe(false);
    expect(decisions.slice(20_000).some((d) => d.pre)).toBe(false);
    expect(Math.abs(inside - 5000)).toBeLessThan(tolerance(10_000, 0.5));
  });

  it('gives the same decisions for the same seed and different ones for another seed', () => {
    const plan: FaultPlanInput = {
      rules: [
        { kind: 'status', status: 502, probability: 0.2 },
        { kind: 'latency', probability: 1, latency: { distribution: 'lognormal', medianMs: 50, sigma: 1 } },
      ],
    };
    expect(decide(plan, 500, { seed: 7 }).decisions).toEqual(decide(plan, 500, { seed: 7 }).decisions);
    expect(decide(plan, 500, { seed: 8 }).decisions).not.toEqual(decide(plan, 500, { seed: 7 }).decisions);
  });

  it('adding a rule does not change the decisions of the others', () => {
    const ambiguous = { kind: 'ambiguous', then: 'reset', probability: 0.1 } as const;
    const latency = {
      kind: 'latency',
      probability: 0.5,
      latency: { distribution: 'uniform', minMs: 1, maxMs: 9 },
    } as const;
    const before = decide({ rules: [ambiguous, latency] }, 2000);
    const after = decide(
      { rules: [ambiguous, latency, { kind: 'status', status: 500, probability: 0.3 }] },
      2000,
    );
    // The added status rule pre-empts some ambiguous faults, but the rules' own draws are unchanged.
    expect(after.stats.byRule.slice(0, 2).map((r) => r.fired)).toEqual(
      before.stats.byRule.map((r) => r.fired),
    );
    expect(after.decisions.map((d) => d.delayMs)).toEqual(before.decisions.map((d) => d.delayMs));
    expect(after.stats.byRule[2]?.applied).toBeGreaterThan(0);
  });

  it('the first pre-request fault in plan order wins, and an ambiguous fault only applies when none fired', () => {
    const { decisions, stats } = decide(
      {
        rules: [
          { kind: 'ambiguous', then: 504, probability: 1 },
          { kind: 'reset', probability: 1, window: { fromSeconds: 0, toSeconds: 1 } },
          { kind: 'status', status: 500, probability: 1 },
        ],
      },
      200,
    );
    expect(decisions[0]).toEqual({ pre: { kind: 'reset' }, ambiguous: undefined, delayMs: 0 });
    expect(decisions[150]).toEqual({
      pre: { kind: 'status', status: 500 },
      ambiguous: undefined,
      delayMs: 0,
    });
    expect(stats.byRule).toEqual([
      { kind: 'ambiguous', fired: 200, applied: 0 },
      { kind: 'reset', fired: 100, applied: 100 },
      { kind: 'status', fired: 200, applied: 100 },
    ]);
    const alone = decide({ rules: [{ kind: 'ambiguous', then: 504, probability: 1 }] }, 1);
    expect(alone.decisions[0]).toEqual({ pre: undefined, ambiguous: 504, delayMs: 0 });
  });

  it('adds up the latency of every latency rule that fired, whatever else fired', () => {
    const { decisions, stats } = decide(
      {
        rules: [
          { kind: 'status', status: 503, probability: 1 },
          { kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: 30 } },
          { kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: 12 } },
        ],
      },
      10,
    );
    expect(decisions.every((d) => d.delayMs === 42 && d.pre?.kind === 'status')).toBe(true);
    expect(stats.byKind.latency).toBe(20);
    expect(stats.addedLatencyMs).toBe(420);
  });

  it('matches by route, method and shop', () => {
    const plan: FaultPlanInput = {
      rules: [{ kind: 'status', status: 503, probability: 1, match: { route: 'orders.create' } }],
    };
    expect(decide(plan, 5, { request: create }).stats.byKind.status).toBe(5);
    expect(decide(plan, 5, { request: list }).stats.byKind.status).toBe(0);
    const byMethod: FaultPlanInput = { rules: [{ kind: 'reset', probability: 1, match: { method: 'get' } }] };
    expect(decide(byMethod, 5, { request: list }).stats.byKind.reset).toBe(5);
    expect(decide(byMethod, 5, { request: create }).stats.byKind.reset).toBe(0);
    const byShop: FaultPlanInput = {
      rules: [
        { kind: 'reset', probability: 1, match: { shop: ['other.myshopify.com', 'LAUNCH.myshopify.com'] } },
      ],
    };
    expect(decide(byShop, 5).stats.byKind.reset).toBe(5);
    const elsewhere = { ...create, url: create.url.replace(shop, 'other-shop.myshopify.com') };
    expect(decide(byShop, 5, { request: elsewhere }).stats.byKind.reset).toBe(0);
  });

  it('clearStats zeroes the counts and the decisions go on', () => {
    const faults = injector({ rules: [{ kind: 'reset', probability: 1 }] });
    faults.decide(create, 0);
    faults.clearStats();
    expect(faults.stats()).toMatchObject({
      requests: 0,
      byKind: { reset: 0 },
      byRule: [{ fired: 0, applied: 0 }],
    });
    expect(faults.decide(create, 1).pre).toEqual({ kind: 'reset' });
  });
});
