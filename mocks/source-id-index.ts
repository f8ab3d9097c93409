import { Float64Column } from './float64-column.js';
import { Int32Column } from './int32-column.js';
import type { NumberedIds } from './numbered-ids.js';

/** Codes past this many beyond the keys seen go to the map, so a stray large number cannot grow the column. */
const denseSlack = 65_536;

/**
 * The order store's index from a source order id to the positions of its orders, keyed by the id's code
 * (numbered-ids.ts) instead of its string (issue 12, bounded memory: about 12 bytes an order instead of a
 * Map entry and a string). A numbered id's first position sits in a column at its number; a second
 * position, or an id of another form, goes to a map. The same answers as a {@link MultiIndex} of the ids.
 */
export class SourceIdIndex {
  /** Position + 1 of the first order of each numbered id, by number; 0 when none. */
  private readonly first = new Int32Column(0);
  /** Every position of the ids with more than one, or of another form or a far number, by code. */
  private readonly more = new Map<number, number[]>();
  /** Codes in the order their first position was added, for {@link SourceIdIndex.forEachKey}. */
  private readonly keys = new Float64Column();

  /** @param ids - The codes of the store's source ids. */
  constructor(private readonly ids: NumberedIds) {}

  /** Records that the order at `position` carries `sourceId`. Positions of an id stay in insertion order. */
  add(sourceId: string, position: number): void {
    const code = this.ids.code(sourceId);
    const found = this.positionsOf(code);
    if (found.length === 0) this.keys.push(code);
    if (found.length === 0 && code >= 0 && code < this.keys.length + denseSlack)
      this.first.set(code, position + 1);
    else if (found.length <= 1) this.more.set(code, [...found, position]);
    else (found as number[]).push(position);
  }

  /** The positions of the orders carrying `sourceId`, in insertion order; empty when none. */
  get(sourceId: string): readonly number[] {
    const code = this.ids.find(sourceId);
    return code === undefined ? [] : this.positionsOf(code);
  }

  /** How many orders carry `sourceId` (0 when none). */
  count(sourceId: string): number {
    const code = this.ids.find(sourceId);
    if (code === undefined) return 0;
    const many = this.more.get(code);
    if (many !== undefined) return many.length;
    return code >= 0 && this.first.at(code) > 0 ? 1 : 0;
  }

  /** Calls `visit` once per distinct id with its number of orders, in first-insertion order. */
  forEachKey(visit: (sourceId: string, count: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) {
      const code = this.keys.at(i);
      visit(this.ids.id(code), this.more.get(code)?.length ?? 1);
    }
  }

  private positionsOf(code: number): readonly number[] {
    const many = this.more.get(code);
    if (many !== undefined) return many;
    const first = code >= 0 ? this.first.at(code) : 0;
    return first > 0 ? [first - 1] : [];
  }
}
