import { describe, expect, it } from 'vitest';
import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import { timeoutInterceptor } from '../pipeline/timeout.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { DispatchResult, HttpRequest } from '../runtime/transport.js';
import { createSimNetwork, type SimNetworkOptions } from './sim-network.js';
import { Simulator } from './simulator.js';

const request: HttpRequest = {
  method: 'GET',
  url: 'https://a.myshopify.com/admin/api/2026-01/orders.json',
  headers: {},
};
const ok = { status: 200, headers: {}, body: '{}' };

/** Sends one request through a 100 ms round trip to a server that always decides `outcome`. */
async function exchange(outcome: ShopifyOutcome, timeoutMs?: number) {
  const sim = new Simulator();
  const arrivals: number[] = [];
  const dispatch = createSimNetwork(
    sim,
    (_request, nowMs) => {
      arrivals.push(nowMs);
      return outcome;
    },
    createRandom(1),
    { roundTripMs: 100 },
  );
  let result: DispatchResult | undefined;
  let doneAtMs = NaN;
  sim.spawn('client', async () => {
    result = await dispatch(request, timeoutMs === undefined ? {} : { signal: sim.timeout(timeoutMs) });
    doneAtMs = sim.nowMs();
  });
  const run = await sim.run();
  return { result, doneAtMs, arrivals, run };
}

describe('createSimNetwork', () => {
  it('delivers a response after the outbound leg, the server time and the return leg', async () => {
    const { result, doneAtMs, arrivals } = await exchange({ kind: 'response', response: ok, delayMs: 250 });
    expect(arrivals).toEqual([50]);
    expect(doneAtMs).toBe(350);
    expect(result).toEqual({ ok: true, response: ok });
  });

  it('turns a reset into a reset network error after the server time and the return leg', async () => {
    const { result, doneAtMs } = await exchange({ kind: 'reset', delayMs: 30 });
    expect(doneAtMs).toBe(130);
    expect(result).toMatchObject({ ok: false, error: { kind: 'reset' } });
  });

  it('answers nothing on a hang: the caller’s timeout ends the wait', async () => {
    const { result, doneAtMs, run } = await exchange({ kind: 'hang' }, 10_000);
    expect(doneAtMs).toBe(10_000);
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(run.blockedWaits).toBe(0);
  });

  it('leaves a caller without a timeout blocked on a hang, and the simulator says so', async () => {
    const { result, run } = await exchange({ kind: 'hang' });
    expect(result).toBeUndefined();
    expect(run.blockedWaits).toBe(1);
  });
});

describe('createSimNetwork with pauses', () => {
  /**
   * Sends `count` requests one after another (each waits for its answer) through a 100 ms round trip with
   * the given options, to a server that answers at once; returns each request's outbound time.
   */
  async function outboundLegs(count: number, options: Partial<SimNetworkOptions>, seed = 1) {
    const sim = new Simulator();
    const legs: number[] = [];
    let sentAtMs = 0;
    const network = createSimNetwork(
      sim,
      (_request, nowMs) => {
        legs.push(nowMs - sentAtMs);
        return { kind: 'response', response: ok, delayMs: 0 };
      },
      createRandom(seed).fork('network'),
      { roundTripMs: 100, ...options },
    );
    sim.spawn('client', async () => {
      for (let i = 0; i < count; i++) {
        sentAtMs = sim.nowMs();
        await network(request);
      }
    });
    await sim.run();
    return { legs, pausedRequests: network.pausedRequests() };
  }

  it('holds about `probability` of the requests exactly `durationMs` longer, and counts exactly those', async () => {
    const { legs, pausedRequests } = await outboundLegs(2_000, {
      pauses: { probability: 0.3, durationMs: 1_000 },
    });
    expect(legs.every((ms) => ms === 50 || ms === 1_050)).toBe(true);
    const held = legs.filter((ms) => ms === 1_050).length;
    expect(pausedRequests).toBe(held);
    // 2,000 requests at 0.3: σ ≈ 20, a ±5σ band.
    expect(held).toBeGreaterThan(500);
    expect(held).toBeLessThan(700);
  });

  it('holds only requests of the given routes, and draws only for them', async () => {
    // The helper sends GET orders.json: orders.list.
    const creates = await outboundLegs(100, {
      pauses: { probability: 1, durationMs: 1_000, route: ['orders.list'] },
    });
    expect(creates.pausedRequests).toBe(100);
    const customers = await outboundLegs(100, {
      pauses: { probability: 1, durationMs: 1_000, route: ['customers.update', 'customers.get'] },
    });
    expect(customers).toEqual({ legs: Array<number>(100).fill(50), pausedRequests: 0 });
  });

  it('holds none and counts none without pauses or at probability 0', async () => {
    expect(await outboundLegs(50, {})).toEqual({ legs: Array<number>(50).fill(50), pausedRequests: 0 });
    const never = await outboundLegs(50, { pauses: { probability: 0, durationMs: 1_000 } });
    expect(never.pausedRequests).toBe(0);
  });

  it('draws the jitter exactly as without pauses: the pause draws come from their own stream', async () => {
    const plain = await outboundLegs(200, { jitterMs: 40 });
    const paused = await outboundLegs(200, { jitterMs: 40, pauses: { probability: 0.5, durationMs: 5_000 } });
    expect(paused.pausedRequests).toBeGreaterThan(0);
    // Virtual times are sums of doubles, so a held leg minus the hold matches to float precision.
    const unheld = paused.legs.map((ms) => (ms >= 5_000 ? ms - 5_000 : ms));
    unheld.forEach((ms, i) => expect(ms).toBeCloseTo(plain.legs[i]!, 6));
    expect(unheld).toHaveLength(plain.legs.length);
  });

  it('applies a paused PUT at the shop after the caller timed out: 45 s late, past a 10 s timeout', async () => {
    const sim = new Simulator();
    const applied: { method: string; atMs: number }[] = [];
    const network = createSimNetwork(
      sim,
      (received, nowMs) => {
        applied.push({ method: received.method, atMs: nowMs });
        return { kind: 'response', response: ok, delayMs: 0 };
      },
      createRandom(1).fork('network'),
      { roundTripMs: 100, pauses: { probability: 1, durationMs: 45_000 } },
    );
    let result: DispatchResult | undefined;
    let doneAtMs = NaN;
    sim.spawn('holder', async () => {
      const put = {
        ...request,
        method: 'PUT',
        url: request.url.replace('orders', 'customers/1'),
        body: '{}',
      };
      result = await network(put, { signal: sim.timeout(10_000) });
      doneAtMs = sim.nowMs();
    });
    const run = await sim.run();
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(doneAtMs).toBe(10_000);
    expect(applied).toEqual([{ method: 'PUT', atMs: 45_050 }]);
    expect(network.pausedRequests()).toBe(1);
    expect(run.blockedWaits).toBe(0);
  });
});

describe('createSimNetwork with the timeout stage’s deadline', () => {
  const hang: ShopifyOutcome = { kind: 'hang' };
  const answer: ShopifyOutcome = { kind: 'response', response: ok, delayMs: 0 };

  /** One request through `timeoutInterceptor(sim, 1_000)` and the network; `abortAtMs` aborts the caller. */
  async function timed(outcome: ShopifyOutcome, abortAtMs?: number) {
    const sim = new Simulator();
    const network = createSimNetwork(sim, () => outcome, createRandom(1), { roundTripMs: 100 });
    const client = timeoutInterceptor(sim, 1_000)(network);
    const caller = new AbortController();
    if (abortAtMs !== undefined) sim.at(abortAtMs, () => caller.abort());
    let result: DispatchResult | undefined;
    let doneAtMs = NaN;
    sim.spawn('client', async () => {
      result = await client(request, abortAtMs === undefined ? {} : { signal: caller.signal });
      doneAtMs = sim.nowMs();
    });
    const run = await sim.run();
    return { result, doneAtMs, run };
  }

  it('times a hang out at the deadline, waiting on the deadline itself', async () => {
    const { result, doneAtMs, run } = await timed(hang);
    expect({ doneAtMs, blockedWaits: run.blockedWaits }).toEqual({ doneAtMs: 1_000, blockedWaits: 0 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('answers before the deadline as without one', async () => {
    const { result, doneAtMs } = await timed(answer);
    expect({ doneAtMs, result }).toEqual({ doneAtMs: 100, result: { ok: true, response: ok } });
  });

  it('ends the wait with aborted when the caller’s own signal fires before the deadline', async () => {
    const { result, doneAtMs } = await timed(hang, 300);
    expect(doneAtMs).toBe(300);
    expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
  });

  it('falls back to the signal when a second wait watches the same deadline', async () => {
    const sim = new Simulator();
    const network = createSimNetwork(sim, () => hang, createRandom(1), { roundTripMs: 100 });
    const deadline = sim.deadline(500);
    const ends: string[] = [];
    for (const name of ['first', 'second']) {
      sim.spawn(name, async () => {
        const result = await network(request, { deadline, signal: deadline.signal });
        ends.push(`${name} ${result.ok ? 'ok' : result.error.kind} @${sim.nowMs()}`);
      });
    }
    await sim.run();
    expect(ends.sort()).toEqual(['first timeout @500', 'second timeout @500']);
  });
});
