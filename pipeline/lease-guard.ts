import type { DispatchResult, Interceptor } from '../runtime/transport.js';
import type { Lease } from './lease.js';

/** The message of the result a fenced write gets when {@link leaseGuardInterceptor} did not send it. */
export const leaseTooShortMessage =
  'Not sent: the lease on the lock has too little time left for this write.';

/**
 * Sends a write only while `lease` is valid for at least `forMs` more milliseconds — checked when the
 * request actually leaves, after the throttle granted its slot (the wait for a slot can be long: every
 * worker's calls queue there). A write sent then lands while the lease still holds the lock, so no newer
 * holder can have read the record in between; the fencing token makes a write that lands later anyway
 * harmless once the newer holder has written (lease.ts, `Lease.isValid`). Put it between the throttle and
 * the per-request timeout, with `forMs` the timeout. A refused request is never sent: its result is an
 * `aborted` network error with {@link leaseTooShortMessage}, which the retry stage returns at once.
 *
 * @example
 * const fenced = compose(retry, throttle.interceptor(), leaseGuardInterceptor(lease, 10_000), timeout)(transport);
 */
export function leaseGuardInterceptor(lease: Pick<Lease, 'isValid'>, forMs: number): Interceptor {
  return (next) => (request, options) => {
    if (!lease.isValid(forMs)) return Promise.resolve(notSent());
    return next(request, options);
  };
}

/** True for the result of a write that {@link leaseGuardInterceptor} did not send. */
export function isLeaseGuardRefusal(result: DispatchResult): boolean {
  return !result.ok && result.error.kind === 'aborted' && result.error.message === leaseTooShortMessage;
}

function notSent(): DispatchResult {
  return { ok: false, error: { kind: 'aborted', message: leaseTooShortMessage } };
}
