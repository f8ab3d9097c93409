/**
 * A value or a reason, used inside the simulator instead of exceptions (../shared/STYLE.md rule 10, after
 * cockatiel's `Executor` and fast-check's `RunDetails`). Throw only at the API edge.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; reason: E };

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps a reason as a failed {@link Result}. */
export function fail<E>(reason: E): { ok: false; reason: E } {
  return { ok: false, reason };
}
