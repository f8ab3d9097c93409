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

  /** @param prefix - What every numbered id starts with, e.g. `so-`. */
  constructor(private readonly prefix: string) {}

  /** The code of `id`: its number (≥ 0) when it is the prefix and the padded number, else −1 − its table position. */
  code(id: string): number {
    const digits = id.length - this.prefix.length;
    if (id.startsWith(this.prefix) && digits > 0 && digits <= 15) {
      this.width ??= digits;
      const number = Number(id.slice(this.prefix.length));
      if (digits === this.width && Number.isInteger(number) && this.id(number) === id) return number;
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
      const number = Number(id.slice(this.prefix.length));
      if (Number.isInteger(number) && this.id(number) === id) return number;
    }
    const position = this.otherCodes.get(id);
    return position === undefined ? undefined : -1 - position;
  }

  /** The id a {@link NumberedIds.code} stands for. */
  id(code: number): string {
    if (code < 0) return this.others[-1 - code] ?? '';
    return this.prefix + String(code).padStart(this.width ?? 0, '0');
  }
}
