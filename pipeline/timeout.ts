import type { Clock } from '../runtime/clock.js';
import { startDeadline, type Deadline } from '../runtime/deadline.js';
import type { DispatchOptions, DispatchResult, Interceptor } from '../runtime/transport.js';

/**
 * Gives each request that passes through its own deadline of `timeoutMs` on the clock, starting when the
 * request leaves (inside the throttle, so time spent waiting for a slot does not count). A request that
 * times out yields `{ ok: false, error: { kind: 'timeout' } }` — an ambiguous outcome. The deadline is
 * called off when the request completes, so on the simulator no timer outlives its request (issue 12).
 */
export function timeoutInterceptor(clock: Clock, timeoutMs: number): Interceptor {
  return (next) => (request, options) => {
    const deadline = startDeadline(clock, timeoutMs);
    const outer = options?.signal;
    const sent: DispatchOptions =
      outer === undefined
        ? withDeadline(options, deadline)
        : // The caller's own signal and this deadline, whichever comes first; no `deadline` passed on,
          // since a transport waiting on it alone would miss the caller's abort.
          { ...options, signal: AbortSignal.any([outer, deadline.signal]), deadline: undefined };
    // A `then`, not an async function with `finally` (issue 12: one async frame and await fewer per
    // request); the deadline is called off however the request ends, a throw included.
    let answer: Promise<DispatchResult>;
    try {
      answer = next(request, sent);
    } catch (error) {
      deadline.cancel();
      return Promise.reject(error as Error);
    }
    return answer.then(
      (result) => {
        deadline.cancel();
        return result;
      },
      (error: unknown) => {
        deadline.cancel();
        throw error;
      },
    );
  };
}

/**
 * The options passed on with `deadline`, its signal read only when someone asks for it: a transport that
 * waits on the deadline itself (the simulated network) never makes the AbortController behind it. A class
 * with the fields of {@link DispatchOptions}, not a spread with a getter: one of these per request.
 */
class DeadlineOptions implements DispatchOptions {
  constructor(
    readonly deadline: Deadline,
    readonly stats: { attempts: number } | undefined,
  ) {}

  get signal(): AbortSignal {
    return this.deadline.signal;
  }
}

function withDeadline(options: DispatchOptions | undefined, deadline: Deadline): DispatchOptions {
  return new DeadlineOptions(deadline, options?.stats);
}
