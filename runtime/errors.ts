/**
 * Stable error codes. Callers match on `code`, never on the message (../shared/STYLE.md rule 9, after
 * undici's `lib/core/errors.js`).
 */
export type FunnelstormErrorCode =
  | 'SCENARIO_INVALID'
  | 'SCENARIO_NOT_FOUND'
  | 'FLAG_INVALID'
  | 'SIM_STALLED'
  | 'SIM_PROCESS_FAILED'
  | 'STORE_UNAVAILABLE'
  | 'LOCK_LOST'
  | 'SHOPIFY_REJECTED'
  | 'TARGET_UNREACHABLE'
  | 'INTERNAL';

/**
 * The one error type funnelstorm throws at its API edge. Messages say what failed, why, and what to do.
 *
 * @example
 * throw new FunnelstormError('SCENARIO_INVALID', 'Failed to load scenario launch.yaml: shop.plan ...');
 */
export class FunnelstormError extends Error {
  override readonly name = 'FunnelstormError';

  constructor(
    readonly code: FunnelstormErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a {@link FunnelstormError}, optionally with the given code. */
export function isFunnelstormError(error: unknown, code?: FunnelstormErrorCode): error is FunnelstormError {
  return error instanceof FunnelstormError && (code === undefined || error.code === code);
}
