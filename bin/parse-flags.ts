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
