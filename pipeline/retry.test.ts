import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { Dispatch, DispatchResult, HttpRequest } from '../runtime/transport.js';
import { Simulator } from '../sim/simulator.js';
import { retryInterceptor } from './retry.js';

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

async function send(method: string, script: DispatchResult[], maxAttempts = 5) {
  const sim = new Simulator();
  const { dispatch, sentAt } = scripted(sim, script);
  const client = retryInterceptor(sim, createRandom(1), { maxAttempts, baseDelayMs: 100, maxDelayMs: 1_000 })(
    dispatch,
  );
  const request: HttpRequest = {
    method,
    url: 'https://a.myshopify.com/admin/api/2026-01/orders.json',
    headers: {},
  };
  const stats = { attempts: 0 };
  let result: DispatchResult | undefined;
  sim.spawn('client', async () => {
    result = await client(request, { stats });
  });
  await sim.run();
  return { result: result!, sentAt, attempts: stats.attempts };
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
});
