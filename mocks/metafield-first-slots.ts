import type { MetafieldOwnerType } from './metafield-record.js';
import { SparseIndex } from './sparse-index.js';

/**
 * Each metafield owner's first slot in a shop's metafield store (metafield-store.ts), where the chain of
 * its metafields starts: a shop's customer's by its position among the shop's customer ids in a
 * {@link SparseIndex}, any other owner's in a map per owner type keyed by its numeric id.
 */
export class MetafieldFirstSlots {
  /** Per owner type (`Customer`, `Order`), the owner's id → its first slot. */
  private readonly byId = [new Map<number, number>(), new Map<number, number>()];
  /**
   * A customer's first slot by its position among the shop's customers: an index into a page where the
   * map hashed an id past 2^32 (a heap number) and walked a chain, on every loyalty read and write.
   */
  private readonly byCustomer: SparseIndex | undefined;

  /** @param customerIds - The ids the shop's customers have (`firstId … firstId + count − 1`), or none. */
  constructor(private readonly customerIds: { firstId: number; count: number } | undefined) {
    this.byCustomer = customerIds === undefined ? undefined : new SparseIndex(customerIds.count);
  }

  /** The owner's first slot, or −1 when it has no metafield. */
  get(ownerType: MetafieldOwnerType, ownerId: number): number {
    const position = this.customerPosition(ownerType, ownerId);
    if (position !== -1) return this.byCustomer?.get(position) ?? -1;
    return this.byId[ownerType === 'Customer' ? 0 : 1]?.get(ownerId) ?? -1;
  }

  /** Sets the owner's first slot. */
  set(ownerType: MetafieldOwnerType, ownerId: number, slot: number): void {
    const position = this.customerPosition(ownerType, ownerId);
    if (position !== -1) this.byCustomer?.set(position, slot);
    else this.byId[ownerType === 'Customer' ? 0 : 1]?.set(ownerId, slot);
  }

  /** The position of a customer among `customerIds`, or −1 for another owner (or another id). */
  private customerPosition(ownerType: MetafieldOwnerType, ownerId: number): number {
    const customers = this.customerIds;
    if (ownerType !== 'Customer' || customers === undefined || !Number.isSafeInteger(ownerId)) return -1;
    const position = ownerId - customers.firstId;
    return Number.isSafeInteger(position) && position >= 0 && position < customers.count ? position : -1;
  }
}
