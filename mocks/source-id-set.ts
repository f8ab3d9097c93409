import { NumberedIds } from './numbered-ids.js';

/**
 * A set of source order ids: a bit per order number for `so-…` ids (issue 12: an eighth of a byte an order
 * instead of a Set entry and its string), a set of codes for any other id
 * (or an order number far past the count held). A million-order run's
 * audit and checkers ask "was this id sent?" of every order at the run's end, where its memory peaks.
 *
 * @example
 * const sent = new SourceIdSet();
 * sent.add('so-000123');
 * sent.has('so-000123'); // true
 */
export class SourceIdSet {
  private readonly ids = new NumberedIds('so-');
  private bits = new Uint8Array(1024);
  private readonly others = new Set<number>();
  private count = 0;

  /** Distinct ids added. */
  get size(): number {
    return this.count;
  }

  /** Adds an id; adding one twice counts it once. */
  add(sourceOrderId: string): void {
    if (this.has(sourceOrderId)) return;
    this.count++;
    const code = this.ids.code(sourceOrderId);
    // Bits for order numbers up to 64 per id held (a run's are 1 … N); a far larger one, in the set.
    if (code < 0 || code >= Math.max(1 << 16, 64 * this.count)) {
      this.others.add(code);
      return;
    }
    const byte = code >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte]! |= 1 << (code & 7);
  }

  /** Whether `sourceOrderId` was added. */
  has(sourceOrderId: string): boolean {
    const code = this.ids.find(sourceOrderId);
    if (code === undefined) return false;
    if (this.others.has(code)) return true;
    return code >= 0 && ((this.bits[code >>> 3] ?? 0) & (1 << (code & 7))) !== 0;
  }

  /** The ids added, each once: numbered ones by number, then the others as added. */
  *values(): Generator<string, void, undefined> {
    const { bits } = this;
    for (let byte = 0; byte < bits.length; byte++) {
      const value = bits[byte]!;
      if (value === 0) continue;
      for (let bit = 0; bit < 8; bit++) if ((value & (1 << bit)) !== 0) yield this.ids.id(byte * 8 + bit);
    }
    for (const code of this.others) yield this.ids.id(code);
  }
}
