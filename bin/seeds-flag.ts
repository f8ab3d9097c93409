import { InvalidArgumentError } from 'commander';

/** The most seeds one `--seeds` may name. */
export const maxSeeds = 10_000;

const maxSeed = 2 ** 32 - 1;

/**
 * A commander option parser for `--seeds`: seeds and inclusive ranges joined by commas, such as `1..8` or
 * `3,7,10..12`, each 0 to 4294967295; duplicates are dropped, the order kept.
 */
export function seedsFlag(value: string): number[] {
  const seeds = new Set<number>();
  for (const part of value.split(',')) {
    const match = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (match === null || from > maxSeed || to > maxSeed || to < from) {
      throw new InvalidArgumentError(
        `--seeds must be seeds (0 to ${maxSeed}) and ranges joined by commas, such as 1..8 or 3,7,10..12 (got "${value}").`,
      );
    }
    if (seeds.size + (to - from + 1) > maxSeeds) {
      throw new InvalidArgumentError(`--seeds names more than ${maxSeeds} seeds (got "${value}").`);
    }
    for (let seed = from; seed <= to; seed++) seeds.add(seed);
  }
  return [...seeds];
}
