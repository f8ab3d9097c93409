import { describe, expect, it } from 'vitest';
import type { Dispatch } from '../runtime/transport.js';
import { Simulator } from '../sim/simulator.js';
import { timeoutInterceptor } from './timeout.js';

const request = {
  method: 'GET',
  url: 'https://shop.myshopify.com/admin/api/2025-07/orders.json',
  headers: {},
};

/** A transport that answers after `latencyMs`, or reports `timeout` when its signal aborts first. */
function slowTransport(sim: Simulator, latencyMs: number): Dispatch {
  return async (_request, options) => {
    const reply = sim.gate<void>();
    sim.at(sim.nowMs() + latencyMs, () => reply.open());
    const answer = await reply.wait(options?.signal);
    return answer.ok
      ? { ok: true, response: { status: 200, headers: {}, body: '{}' } }
      : { ok: false, error: { kind: 'timeout', message: 'timed out' } };
  };
}

describe('timeoutInterceptor', () => {
  it('ends a request that outlasts its deadline at the deadline', async () => {
    const sim = new Simulator();
    const client = timeoutInterceptor(sim, 1_000)(slowTransport(sim, 5_000));
    let kind: string | undefined;
    let at = -1;
    sim.spawn('caller', async () => {
      const result = await client(request);
      kind = result.ok ? 'ok' : result.error.kind;
      at = sim.nowMs();
    });
    await sim.run();
    expect({ kind, at }).toEqual({ kind: 'timeout', at: 1_000 });
  });

  it('calls the deadline off when the request completes, so no timer fires after it', async () => {
    const sim = new Simulator();
    const client = timeoutInterceptor(sim, 1_000)(slowTransport(sim, 10));
    sim.spawn('caller', async () => {
      expect((await client(request)).ok).toBe(true);
      // Waiting on a gate keeps daemon timeouts live: an uncancelled 1 s deadline would fire meanwhile.
      await sim.gate<void>().wait(sim.timeout(5_000));
    });
    const result = await sim.run();
    // The answer's event and the 5 s timeout: the request's own deadline never fired.
    expect(result).toMatchObject({ endMs: 5_010, events: 2 });
  });
});
