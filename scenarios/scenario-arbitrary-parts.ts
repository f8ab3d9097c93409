import fc from 'fast-check';

/**
 * A value that is absent most of the time: `undefined` with weight `1 − share`, a value of `arbitrary` with
 * weight `share`. Absence comes first and cross-shrinking is on, so shrinking tries dropping the value — a
 * whole section of a scenario document — before it shrinks what is inside it.
 *
 * @param arbitrary - What to generate when present.
 * @param share - The share of samples that have a value, in (0, 1).
 */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, share: number): fc.Arbitrary<T | undefined> {
  const weight = Math.round(share * 100);
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant(undefined), weight: 100 - weight },
    { arbitrary, weight },
  );
}

/**
 * A decimal in [`min`, `max`] with `places` digits after the point, e.g. `decimal(0, 0.3, 2)` gives 0, 0.01 …
 * 0.3. Drawn as an integer and divided, so every value is written short in a YAML file (`0.07`, never
 * `0.07000000000000001`) and shrinks toward `min` (or toward 0 when the range holds it).
 */
export function decimal(min: number, max: number, places: number): fc.Arbitrary<number> {
  const scale = 10 ** places;
  return fc
    .integer({ min: Math.round(min * scale), max: Math.round(max * scale) })
    .map((units) => units / scale);
}

/** An integer in [`min`, `max`], as `fc.integer` (a shorthand that keeps the arbitraries on one line). */
export function between(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}

/**
 * The object without its `undefined` properties, so a document built from optional parts has no key that
 * a file would not have (a YAML writer would otherwise write `key: null`, which the schema refuses).
 */
export function compact<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
