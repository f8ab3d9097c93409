/**
 * Ids of the form prefix + zero-padded number (`so-000123`) stored as numbers that give them back exactly
 * (issue 12, bounded memory: a number in a column instead of a string per order). The padding is learnt
 * from the first id; an id of any other form gets a negative code, its position in a table.
 *
 * @example
 * const ids = new NumberedIds('so-');
 * ids.id(ids.code('so-000123')); // 'so-000123'
 */
export class NumberedIds {
  private width: number | undefined;
  private readonly others: string[] = [];
  private readonly otherCodes = new Map<string, number>();
  /** `heads[n]`: the prefix and n zeros, for the ids whose number has n digits fewer than the width. */
  private readonly heads: (string | undefined)[] = [];

  /** @param prefix - What every numbered id starts with, e.g. `so-`. */
  constructor(private readonly prefix: string) {}

  /** The code of `id`: its number (≥ 0) when it is the prefix and the padded number, else −1 − its table position. */
  code(id: string): number {
    const digits = id.length - this.prefix.length;
    if (id.startsWith(this.prefix) && digits > 0 && digits <= 15) {
      this.width ??= digits;
      if (digits === this.width) {
        const number = digitsValue(id, this.prefix.length);
        if (number !== -1) return number;
      }
    }
    let position = this.otherCodes.get(id);
    if (position === undefined) {
      position = this.others.push(id) - 1;
      this.otherCodes.set(id, position);
    }
    return -1 - position;
  }

  /** The code `id` already has, without giving it one: undefined for an id of no numbered form never coded. */
  find(id: string): number | undefined {
    const digits = id.length - this.prefix.length;
    if (id.startsWith(this.prefix) && digits > 0 && digits === this.width) {
      const number = digitsValue(id, this.prefix.length);
      if (number !== -1) return number;
    }
    const position = this.otherCodes.get(id);
    return position === undefined ? undefined : -1 - position;
  }

  /** The id a {@link NumberedIds.code} stands for. */
  id(code: number): string {
    if (code < 0) return this.others[-1 - code] ?? '';
    const digits = String(code);
    const zeros = (this.width ?? 0) - digits.length;
    // The prefix and its zeros come from a table, so an id is one concatenation, not a padded copy and a
    // concatenation of it (issue 12: the checkers turn every order's code back into its id).
    return (zeros > 0 ? this.head(zeros) : this.prefix) + digits;
  }

  /** The prefix followed by `zeros` zeros, made once per count. */
  private head(zeros: number): string {
    return (this.heads[zeros] ??= this.prefix + '0'.repeat(zeros));
  }
}

/**
 * The number the characters of `id` from `start` on write when they are all ASCII digits (at most 15:
 * exact as a double), else −1. An id of the padded form is exactly such a text of the store's width, so
 * this reads it without making the slice and the padded id a round trip through {@link NumberedIds.id}
 * would (issue 12: every source id coded by the shop and the audit made both).
 */
function digitsValue(id: string, start: number): number {
  let number = 0;
  for (let i = start; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}
