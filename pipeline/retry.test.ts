import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { Dispatch, DispatchResult, HttpRequest } from '../runtime/transport.js';
import { Simulator } from '../sim/simulator.js';
import { RetryBudget } from './retry-budget.js';
import { retryBudgetSpentMessage, retryInterceptor } from './retry.js';

const answer = (status: number, headers: Record<string, string> = {}): DispatchResult => ({
  ok: true,
  response: { status, headers, body: '{}' },
});

/** A transport that plays back `script` and logs when each request was sent. */
function scripted(sim: Simulator, script: DispatchResult[]): { dispatch: Dispatch; sentAt: number[] } {
  const sentAt: number[] = [];
  const dispatch: Dispatch = async () => {
    sentAt.push(sim.nowMs());
    return script.shift() ?? answer(200);
  };
  return { dispatch, sentAt };
}

async function send(
  method: string,
  script: DispatchResult[],
  maxAttempts = 5,
  budget?: (sim: Simulator) => RetryBudget,
  attemptsBefore = 0,
) {
  const sim = new Simulator();
  const { dispatch, sentAt } = scripted(sim, script);
  const client = retryInterceptor(sim, createRandom(1), {
    maxAttempts,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    ...(budget && { budget: budget(sim) }),
  })(dispatch);
  const request: HttpRequest = {
    method,
    url: 'https://a.myshopify.com/admin/api/2026-01/orders.json',
    headers: {},
  };
  const stats = { attempts: attemptsBefore };
  let result: DispatchResult | undefined;
  sim.spawn('client', async () => {
    result = await client(request, { stats });
  });
  await sim.run();
  return { result: result!, sentAt, attempts: stats.attempts, endMs: sim.nowMs() };
}

describe('retryInterceptor', () => {
  it('retries a 429 no sooner than its Retry-After', async () => {
    const { result, sentAt, attempts } = await send('POST', [
      answer(429, { 'retry-after': '2.0' }),
      answer(201),
    ]);
    expect(result.ok && result.response.status).toBe(201);
    expect(attempts).toBe(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(2_000);
  });

  it('does not retry a POST after an ambiguous 503: the caller must look the order up first', async () => {
    const { result, attempts } = await send('POST', [answer(503), answer(201)]);
    expect(result.ok && result.response.status).toBe(503);
    expect(attempts).toBe(1);
  });

  it('retries a GET after a 503 or a timeout', async () => {
    const timeout: DispatchResult = { ok: false, error: { kind: 'timeout', message: 't' } };
    const { result, attempts } = await send('GET', [answer(503), timeout, answer(200)]);
    expect(result.ok && result.response.status).toBe(200);
    expect(attempts).toBe(3);
  });

  it('returns a fatal answer at once', async () => {
    const { result, attempts } = await send('POST', [answer(422), answer(201)]);
    expect(result.ok && result.response.status).toBe(422);
    expect(attempts).toBe(1);
  });

  it('stops after maxAttempts and returns the last outcome', async () => {
    const { result, attempts } = await send('GET', [answer(429), answer(429), answer(429), answer(429)], 3);
    expect(result.ok && result.response.status).toBe(429);
    expect(attempts).toBe(3);
  });

  it('stops retrying when the shared budget is spent and returns the last failure without sleeping', async () => {
    let shared: RetryBudget | undefined;
    const budget = (sim: Simulator) => (shared = new RetryBudget(sim, { ratio: 0, minRetriesPerWindow: 2 }));
    const { result, attempts, sentAt, endMs } = await send('GET', Array(6).fill(answer(503)), 6, budget);
    expect(result.ok && result.response.status).toBe(503);
    expect(attempts).toBe(3);
    expect(endMs).toBe(sentAt[2]); // no backoff after the refused retry
    expect(shared?.snapshot()).toMatchObject({ calls: 1, retries: 2 });
  });

  it('counts a dispatch that continues a failed operation (stats already counting) as a retry', async () => {
    let shared: RetryBudget | undefined;
    const budget = (sim: Simulator) => (shared = new RetryBudget(sim, { minRetriesPerWindow: 1 }));
    const { result, attempts } = await send('GET', [answer(200)], 5, budget, 1);
    expect(result.ok && result.response.status).toBe(200);
    expect(attempts).toBe(2);
    expect(shared?.snapshot()).toMatchObject({ calls: 0, retries: 1 });
  });

  it('sends nothing for a continuing dispatch once the budget is spent, and says why', async () => {
    const budget = (sim: Simulator) => new RetryBudget(sim, { minRetriesPerWindow: 0 });
    const { result, attempts, sentAt } = await send('GET', [answer(200)], 5, budget, 1);
    expect(result).toEqual({ ok: false, error: { kind: 'refused', message: retryBudgetSpentMessage } });
    expect(sentAt).toEqual([]);
    expect(attempts).toBe(1);
  });
});
