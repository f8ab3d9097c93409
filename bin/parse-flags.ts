import { InvalidArgumentError } from 'commander';

/** A commander option parser for an integer in [min, max], with an error that says what was wrong. */
export function integerFlag(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max} (got "${value}").`);
    }
    return parsed;
  };
}

/** A commander option parser for an http(s) URL; keeps its origin (`http://127.0.0.1:4100`). */
export function originFlag(name: string): (value: string) => string {
  return (value) => {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // falls through to the message
    }
    throw new InvalidArgumentError(
      `${name} must be an http(s) URL such as http://127.0.0.1:4100 (got "${value}").`,
    );
  };
}

const durationUnitsMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A commander option parser for a duration such as `60s`, `1500ms`, `2m` or `1h` (a bare number is
 * seconds), in (0, max] ms; returns milliseconds.
 */
export function durationFlag(name: string, maxMs: number): (value: string) => number {
  return (value) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    const ms = match === null ? NaN : Number(match[1]) * (durationUnitsMs[match[2] ?? 's'] ?? NaN);
    if (!(ms > 0 && ms <= maxMs)) {
      throw new InvalidArgumentError(
        `${name} must be a duration such as 60s, 1500ms, 2m or 1h, above 0 and at most ${maxMs / 3_600_000} h (got "${value}").`,
      );
    }
    return ms;
  };
}
