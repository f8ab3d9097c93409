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
