import type { Clock, Gate, GateResult } from '../../runtime/clock.js';

/**
 * A clock that a test moves by hand, for the real-I/O faces of the mock (the HTTP server, the msw
 * handlers): the bucket sees exactly the time the test sets, so refill timing is checked without waiting.
 * `sleep` and `timeout` are not supported: the conformance cases inject no latency.
 */
export class ManualClock implements Clock {
  private now = 0;

  nowMs(): number {
    return this.now;
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.now += ms;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    throw new Error(`ManualClock cannot sleep (${ms} ms): the test injected latency by mistake.`);
  }

  timeout(ms: number): AbortSignal {
    throw new Error(`ManualClock has no timeouts (${ms} ms asked).`);
  }

  gate<T>(): Gate<T> {
    let value: { v: T } | undefined;
    let wake: ((result: GateResult<T>) => void) | undefined;
    return {
      get isOpen() {
        return value !== undefined;
      },
      wait: () =>
        value !== undefined
          ? Promise.resolve({ ok: true, value: value.v })
          : new Promise((resolve) => {
              wake = resolve;
            }),
      open: (v) => {
        if (value !== undefined) return false;
        value = { v };
        wake?.({ ok: true, value: v });
        return true;
      },
    };
  }
}
