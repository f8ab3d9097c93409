/**
 * A JSON body handed over inside one process (the simulator's network) as the value it is the text of, so
 * the receiver reads the value instead of parsing the text (issue 12: a JSON round trip per request and
 * answer was ≈ 10 % of a simulated run's CPU, with the garbage it made). Only plain JSON data is handed
 * over — object literals and arrays of strings, finite numbers, booleans and null — so the value is equal
 * to what `JSON.parse` would make of its text; anything else (a `Date`, `undefined`, `NaN`, a class
 * instance, a `toJSON`) is sent as text only and parsed at the other end, as over HTTP.
 *
 * The value is shared, not copied, and not `Object.freeze`d (freezing a created order's answer cost more
 * than parsing its text): whoever makes one never changes the value afterwards, and a reader treats it as
 * read-only. Both sides here build each value fresh for the one request or answer.
 */
export class JsonBody {
  private made: string | undefined;

  private constructor(
    /** The value; read-only for every holder. */
    readonly value: object,
    text: string | undefined,
  ) {
    this.made = text;
  }

  /**
   * The body of `value`, or undefined when `value` is not plain JSON data (see the class note). `text`,
   * when given, must be `JSON.stringify(value)`; otherwise it is made on first read of {@link text}.
   */
  static of(value: object, text?: string): JsonBody | undefined {
    return plainJson(value, 0) ? new JsonBody(value, text) : undefined;
  }

  /**
   * The body of `value`, which its maker vouches is plain JSON data (see the class note), taken without
   * the walk {@link JsonBody.of} makes: for values that code builds only of object literals, arrays,
   * strings, finite numbers and null, with nothing from outside but strings and checked numbers (the
   * mock's order and metafield answers, a walk of every answer of the run otherwise).
   */
  static ofPlain(value: object): JsonBody {
    return new JsonBody(value, undefined);
  }

  /** The JSON text, `JSON.stringify(value)`, made once. */
  get text(): string {
    return (this.made ??= JSON.stringify(this.value));
  }

  /** Whether the text has been made (an answer's text is made only when someone reads it). */
  get textMade(): boolean {
    return this.made !== undefined;
  }
}

/** Nesting past this is not handed over (sent as text): no deep recursion on a value built to be deep. */
const maxDepth = 64;

/** True when `JSON.parse(JSON.stringify(value))` gives a value equal to `value`, field for field. */
function plainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // -0 is written as 0; NaN and the infinities as null.
      return value !== 0 ? Number.isFinite(value) : 1 / value > 0;
    case 'object': {
      if (value === null) return true;
      if (depth >= maxDepth) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        // A hole reads as undefined, which is not JSON data (it is written as null): no `in` check needed.
        for (let i = 0; i < value.length; i++) if (!plainJson(value[i], depth + 1)) return false;
        return true;
      }
      // Only object literals: a class instance, a Date or a Map is written differently from what it holds.
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      const record = value as Record<string, unknown>;
      for (const key in record) if (!plainJson(record[key], depth + 1)) return false;
      return true;
    }
    default:
      // undefined, functions (an own toJSON), symbols and bigints are not JSON data.
      return false;
  }
}
