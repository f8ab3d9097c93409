import { describe, expect, it } from 'vitest';
import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { DispatchResult, HttpRequest } from '../runtime/transport.js';
import { createSimNetwork } from './sim-network.js';
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
