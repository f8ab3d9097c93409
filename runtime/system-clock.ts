import type { Clock, Gate, GateResult } from './clock.js';

/**
 * The real clock, for live and drill modes: wall time, real timers, plain promises. One of the few
 * files allowed to touch timers (../shared/DESIGN.md).
 */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
  timeout: (ms: number) => AbortSignal.timeout(Math.max(0, ms)),
  gate: <T>() => new PromiseGate<T>(),
};

class PromiseGate<T> implements Gate<T> {
  isOpen = false;
  private abandoned = false;
  private value: T | undefined;
  private resolveWaiter: ((result: GateResult<T>) => void) | undefined;

  wait(signal?: AbortSignal): Promise<GateResult<T>> {
    if (this.isOpen) return Promise.resolve({ ok: true, value: this.value as T });
    if (signal?.aborted) return Promise.resolve({ ok: false, reason: 'aborted' });
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.abandoned = true;
        this.resolveWaiter = undefined;
        resolve({ ok: false, reason: 'aborted' });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.resolveWaiter = (result) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
    });
  }

  open(value: T): boolean {
    if (this.isOpen || this.abandoned) return false;
    this.isOpen = true;
    this.value = value;
    this.resolveWaiter?.({ ok: true, value });
    return true;
  }
}
