import { NumberedIds } from '../mocks/numbered-ids.js';

/**
 * The source orders that have ended, counted once each: a bit per order number for `so-…` ids (issue 12:
 * an eighth of a byte an order instead of a Set entry), a set for any other id.
 */
export class EndedOrders {
  private readonly ids = new NumberedIds('so-');
  private bits = new Uint8Array(1024);
  private readonly others = new Set<number>();
  private count = 0;

  /** Distinct orders added. */
  get size(): number {
    return this.count;
  }

  /** Adds an order by its source id; adding one twice counts it once. */
  add(sourceOrderId: string): void {
    const code = this.ids.code(sourceOrderId);
    if (code < 0) {
      if (!this.others.has(code)) this.count++;
      this.others.add(code);
      return;
    }
    const byte = code >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (code & 7);
    if ((this.bits[byte]! & bit) === 0) this.count++;
    this.bits[byte]! |= bit;
  }
}
