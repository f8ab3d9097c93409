import { addTags, splitTags } from './add-tags.js';
import { CustomerTotals } from './customer-totals.js';
import { Float64Column } from './float64-column.js';
import { Int32Column } from './int32-column.js';
import { InternTable } from './intern-table.js';
import { MultiIndex } from './multi-index.js';
import { NumberedIds } from './numbered-ids.js';
import { SourceIdIndex } from './source-id-index.js';
import { TagTemplates } from './tag-templates.js';
import type { NewOrder, NoteAttribute } from './order-input.js';
import type { SourceIdMatcher } from './order-matching.js';
import {
  lineItemText,
  noteAttributeText,
  orderHeadText,
  orderMiddleText,
  orderTailText,
} from './order-json-text.js';
import {
  customerIdJson,
  orderJsonOf,
  shopifyLineItemJson,
  type ShopifyLineItemJson,
  type ShopifyOrderJson,
} from './shopify-order-json.js';

/** Settings of one shop's {@link OrderStore}. */
export interface OrderStoreOptions {
  /** The note attribute that carries the source order id. Defaults to `source_order_id`. */
  sourceIdAttribute: string;
  /** How an order's source order id is read (order-matching.ts); when set, `sourceIdAttribute` is unused. */
  matchSourceId?: SourceIdMatcher;
  /** The first `order_number`; names follow as `#1001`, `#1002` … Defaults to 1001 (Shopify's start). */
  firstOrderNumber: number;
  /** The first order id. Defaults to 5 000 000 000 001: above 2³² like real ids, so 32-bit bugs show. */
  firstOrderId: number;
  /** The first line item id. Defaults to 9 000 000 000 001. */
  firstLineItemId: number;
  /** The Unix time, in ms, of the model's time 0: `created_at` is this plus the create's time. Defaults to 0. */
  timeOriginMs: number;
}

/** Defaults of {@link OrderStoreOptions}. */
export const defaultOrderStoreOptions: Readonly<OrderStoreOptions> = {
  sourceIdAttribute: 'source_order_id',
  firstOrderNumber: 1001,
  firstOrderId: 5_000_000_000_001,
  firstLineItemId: 9_000_000_000_001,
  timeOriginMs: 0,
};

/** Read access to a shop's orders, for the audit and the reports. Positions run `0 … count − 1`. */
export interface OrderView {
  /** The number of orders in the shop. */
  readonly count: number;
  /** The number of orders carrying no source order id. */
  readonly unattributedCount: number;
  /** The source order id of the order at `index`, or undefined when it has none. */
  sourceIdAt(index: number): string | undefined;
  /** The customer id the order at `index` was created with, as given, or undefined when none. */
  customerIdAt(index: number): string | undefined;
  /**
   * The customer id of the order at `index` as a number, when it is a plain decimal id (as Shopify's are);
   * NaN otherwise (none, or an id such as `cust-7`). Cheaper than {@link OrderView.customerIdAt} for audits.
   */
  customerNumberAt(index: number): number;
  /** The total of the order at `index` (price × quantity over its line items), in cents; NaN outside. */
  totalCentsAt(index: number): number;
  /** How many orders carry `sourceId` (more than one is a duplicate). */
  countBySourceId(sourceId: string): number;
  /** Calls `visit` once per distinct source order id with its number of orders. */
  forEachSourceId(visit: (sourceId: string, orderCount: number) => void): void;
  /** The positions of the orders carrying `sourceId`, oldest first. */
  indexesBySourceId(sourceId: string): readonly number[];
  /** The position of the order with this id, or −1. */
  indexOfId(id: number): number;
  /** The position of the order named `#1001` (or `1001`), or −1. */
  indexOfName(name: string): number;
  /** The positions of the orders carrying `tag` (exact, case-sensitive match), oldest first. */
  indexesByTag(tag: string): readonly number[];
  /** The order at `index` in Shopify's REST JSON shape, or undefined outside the range. */
  toJson(index: number): ShopifyOrderJson | undefined;
  /**
   * The order at `index` as JSON text, byte for byte `JSON.stringify(toJson(index))` but written
   * directly (the create path's answer), or undefined outside the range.
   */
  toJsonText(index: number): string | undefined;
}

/** A customer id kept as a number: a plain decimal without leading zeros, exact as a double. */
const plainCustomerNumber = /^[1-9]\d{0,14}$/;

/**
 * One shop's orders, stored column-wise: parallel arrays of strings and `Float64Array` columns, line
 * items and note attributes flattened with a start offset per order. Ids, order numbers and names are
 * arithmetic on the position, so they need no storage and no index. Only source ids and tags have a
 * {@link MultiIndex}. The Shopify JSON of an order is rebuilt on demand (../shared/DESIGN.md: the audit
 * keeps 1,000,000 orders, and a Map of full order objects caused GC tail latency in a probe).
 */
export class OrderStore implements OrderView {
  private readonly options: OrderStoreOptions;
  /**
   * Source ids and note attribute values as codes of `ids` (numbered-ids.ts: `so-000123` is 123), NaN
   * for an order without a source id: the store keeps no string per order for them (issue 12).
   */
  private readonly ids = new NumberedIds('so-');
  private readonly sourceIds = new Float64Column();
  /**
   * Tags as given, by position, for the orders whose tags are not stored as a template: most
   * integrations tag an order with its source id (the reference: `funnelstorm, fs-src-<source id>`), and
   * a million such strings cost about 45 bytes each. Tags holding the order's source id keep only the text
   * around it, and the same tags on many orders are kept once (`tagTemplates`, in `tagTemplate` by
   * position; −1: not a template, the tags are here).
   */
  private readonly tags = new Map<number, string>();
  private readonly tagTemplate = new Int32Column();
  private readonly tagTemplates = new TagTemplates();
  /**
   * Customer ids: a numeric id (Shopify's kind) as a number in `customerNumbers`; any other id as given
   * here by position, with NaN there; none: NaN and not here. A number costs 8 bytes in a flat buffer,
   * where its decimal string cost about 30 on the heap (and a slot of an array of them 8 more).
   */
  private readonly customerIds = new Map<number, string>();
  private readonly customerNumbers = new Float64Column();
  private readonly totalCents = new Float64Column();
  private readonly createdAtMs = new Float64Column();
  /** Where each order's line items and note attributes start, and quantities: 32-bit integers. */
  private readonly lineStart = new Int32Column();
  private readonly lineTitles: string[] = [];
  private readonly linePriceCents = new Float64Column();
  private readonly lineQuantities = new Int32Column();
  private readonly noteStart = new Int32Column();
  private readonly noteNames: string[] = [];
  private readonly noteValues = new Float64Column();
  /**
   * Source id → positions, built on the first question about source ids (the audit's) and kept up to
   * date from then on. Until then a create adds no map entry: the hot path of a run skips a hash insert,
   * and memory holds no per-order map entry unless an audit asks.
   */
  private bySourceId: SourceIdIndex | undefined;
  /**
   * Numeric customer id → the sum (cents) and number of its orders: what Shopify computes as the
   * customer's `total_spent` and `orders_count`. Built on the first question, like `bySourceId`.
   */
  private byCustomer: CustomerTotals | undefined;
  /**
   * Tag → positions, built on the first question about tags (a lookup by tag, made after an ambiguous
   * create) and kept up to date from then on, like `bySourceId`: a run that never looks an order up keeps
   * no map entry per order (issue 12, bounded memory: about 64 bytes per order).
   */
  private byTag: MultiIndex | undefined;
  private readonly interned = new InternTable();
  private unattributed = 0;
  /** Positions of unattributed orders since the last {@link OrderStore.reattribute}, under a matcher. */
  private unmatched: number[] = [];

  /** @param options - Partial settings; the rest from {@link defaultOrderStoreOptions}. */
  constructor(options: Partial<OrderStoreOptions> = {}) {
    this.options = { ...defaultOrderStoreOptions, ...options };
  }

  get count(): number {
    return this.sourceIds.length;
  }

  /** The source id of the order at `index` (a valid position); '' when it has none. */
  private sourceIdOf(index: number): string {
    const code = this.sourceIds.at(index);
    return Number.isNaN(code) ? '' : this.ids.id(code);
  }

  get unattributedCount(): number {
    return this.unattributed;
  }

  /** Stores a validated order created at `createdAtMs` (virtual ms) and returns its position. */
  add(order: NewOrder, createdAtMs: number): number {
    const index = this.count;
    // Plain loops, no closures: this runs on every order create, the model's hot path.
    const { lineItems, noteAttributes, tags } = order;
    let sourceId = '';
    const match = this.options.matchSourceId;
    if (match !== undefined) sourceId = match(order);
    else {
      for (let i = 0; i < noteAttributes.length; i++) {
        const attribute = noteAttributes[i] as NoteAttribute;
        if (attribute.name === this.options.sourceIdAttribute) {
          sourceId = attribute.value;
          break;
        }
      }
    }
    this.sourceIds.push(sourceId === '' ? Number.NaN : this.ids.code(sourceId));
    const template = this.tagTemplates.of(tags, sourceId);
    if (template === -1) this.tags.set(index, tags);
    this.tagTemplate.push(template);
    const customerId = order.customerId ?? '';
    const numeric = plainCustomerNumber.test(customerId);
    if (!numeric && customerId !== '') this.customerIds.set(index, customerId);
    this.customerNumbers.push(numeric ? Number(customerId) : Number.NaN);
    this.createdAtMs.push(this.options.timeOriginMs + createdAtMs);
    this.lineStart.push(this.lineTitles.length);
    let totalCents = 0;
    for (let i = 0; i < lineItems.length; i++) {
      const item = lineItems[i] as NewOrder['lineItems'][number];
      this.lineTitles.push(this.interned.intern(item.title));
      this.linePriceCents.push(item.priceCents);
      this.lineQuantities.push(item.quantity);
      totalCents += item.priceCents * item.quantity;
    }
    this.totalCents.push(totalCents);
    this.noteStart.push(this.noteNames.length);
    for (let i = 0; i < noteAttributes.length; i++) {
      const attribute = noteAttributes[i] as NoteAttribute;
      this.noteNames.push(this.interned.intern(attribute.name));
      this.noteValues.push(this.ids.code(attribute.value));
    }
    if (sourceId !== '') this.bySourceId?.add(sourceId, index);
    else {
      this.unattributed++;
      if (match !== undefined) this.unmatched.push(index);
    }
    if (numeric && this.byCustomer !== undefined) this.byCustomer.add(Number(customerId), totalCents);
    if (this.byTag !== undefined) addTags(this.byTag, tags, index);
    return index;
  }

  /**
   * Matches the unattributed orders again with `match` (an echo matching that has since heard of more
   * source order ids), attributing those that match now. Linear in the orders still unattributed (only
   * those created under `matchSourceId` are kept for it); returns how many matched.
   */
  reattribute(match: SourceIdMatcher): number {
    let matched = 0;
    const still: number[] = [];
    for (const index of this.unmatched) {
      const json = this.toJson(index);
      if (json === undefined) continue;
      const sourceId = match({
        noteAttributes: json.note_attributes,
        tags: json.tags,
        lineItems: json.line_items.map((item) => ({ title: item.title, priceCents: 0, quantity: 1 })),
      });
      if (sourceId === '') {
        still.push(index);
        continue;
      }
      this.sourceIds.set(index, this.ids.code(sourceId));
      this.bySourceId?.add(sourceId, index);
      this.unattributed--;
      matched++;
    }
    this.unmatched = still;
    return matched;
  }

  /**
   * The sum (cents) and number of the orders of customer `customerId` (a numeric id): the statistics
   * Shopify computes for a customer (`total_spent`, `orders_count`; GraphQL `amountSpent`,
   * `numberOfOrders`).
   */
  customerTotals(customerId: number): { cents: number; count: number } {
    if (this.byCustomer === undefined) {
      const totals = new CustomerTotals();
      for (let index = 0; index < this.count; index++) {
        const id = this.customerNumbers.at(index);
        if (!Number.isNaN(id)) totals.add(id, this.totalCents.at(index));
      }
      this.byCustomer = totals;
    }
    return this.byCustomer.get(customerId);
  }

  sourceIdAt(index: number): string | undefined {
    if (this.inRange(index) === -1) return undefined;
    const sourceId = this.sourceIdOf(index);
    return sourceId === '' ? undefined : sourceId;
  }

  customerIdAt(index: number): string | undefined {
    const number = this.customerNumbers.at(index);
    return Number.isNaN(number) ? this.customerIds.get(index) : String(number);
  }

  customerNumberAt(index: number): number {
    return this.customerNumbers.at(index);
  }

  totalCentsAt(index: number): number {
    return this.totalCents.at(index);
  }

  countBySourceId(sourceId: string): number {
    return this.sourceIndex().count(sourceId);
  }

  forEachSourceId(visit: (sourceId: string, orderCount: number) => void): void {
    this.sourceIndex().forEachKey(visit);
  }

  indexesBySourceId(sourceId: string): readonly number[] {
    return this.sourceIndex().get(sourceId);
  }

  indexOfId(id: number): number {
    return this.inRange(id - this.options.firstOrderId);
  }

  indexOfName(name: string): number {
    const match = /^#?(\d{1,15})$/.exec(name.trim());
    return match?.[1] === undefined ? -1 : this.inRange(Number(match[1]) - this.options.firstOrderNumber);
  }

  /**
   * Replaces the tags of the order at `index` (already normalised, as `add` takes them) and keeps the tag
   * index true (`PUT orders/{id}.json`). False outside the range.
   */
  setTags(index: number, tags: string): boolean {
    if (this.inRange(index) === -1) return false;
    const byTag = this.byTag;
    if (byTag !== undefined) for (const tag of splitTags(this.tagsAt(index))) byTag.remove(tag, index);
    this.tags.set(index, tags);
    this.tagTemplate.set(index, -1);
    if (byTag !== undefined) addTags(byTag, tags, index);
    return true;
  }

  indexesByTag(tag: string): readonly number[] {
    if (this.byTag === undefined) {
      const byTag = new MultiIndex();
      for (let index = 0; index < this.count; index++) addTags(byTag, this.tagsAt(index), index);
      this.byTag = byTag;
    }
    return this.byTag.get(tag.trim());
  }

  toJson(index: number): ShopifyOrderJson | undefined {
    if (this.inRange(index) === -1) return undefined;
    const lineEnd = index + 1 < this.count ? this.lineStart.at(index + 1) : this.lineTitles.length;
    const noteEnd = index + 1 < this.count ? this.noteStart.at(index + 1) : this.noteNames.length;
    // Each line item straight in its JSON shape: this answers every create (issue 12).
    const lineItems: ShopifyLineItemJson[] = [];
    for (let line = this.lineStart.at(index); line < lineEnd; line++) {
      lineItems.push(
        shopifyLineItemJson(
          this.options.firstLineItemId + line,
          this.lineTitles[line] ?? '',
          this.linePriceCents.at(line),
          this.lineQuantities.at(line),
        ),
      );
    }
    const noteAttributes: NoteAttribute[] = [];
    for (let note = this.noteStart.at(index); note < noteEnd; note++) {
      noteAttributes.push({ name: this.noteNames[note] ?? '', value: this.ids.id(this.noteValues.at(note)) });
    }
    // A number column entry is a plain decimal id, which JSON sends as that number (customerIdJson).
    const number = this.customerNumbers.at(index);
    const other = Number.isNaN(number) ? this.customerIds.get(index) : undefined;
    return orderJsonOf(
      this.options.firstOrderId + index,
      this.options.firstOrderNumber + index,
      this.createdAtMs.at(index),
      this.totalCents.at(index),
      lineItems,
      noteAttributes,
      this.tagsAt(index),
      other === undefined ? (Number.isNaN(number) ? undefined : number) : customerIdJson(other),
    );
  }

  toJsonText(index: number): string | undefined {
    if (this.inRange(index) === -1) return undefined;
    const last = index + 1 === this.count;
    const lineEnd = last ? this.lineTitles.length : this.lineStart.at(index + 1);
    const noteEnd = last ? this.noteNames.length : this.noteStart.at(index + 1);
    let text = orderHeadText(
      this.options.firstOrderId + index,
      this.options.firstOrderNumber + index,
      this.createdAtMs.at(index),
      this.totalCents.at(index),
    );
    const lineStart = this.lineStart.at(index);
    for (let line = lineStart; line < lineEnd; line++) {
      if (line > lineStart) text += ',';
      text += lineItemText(
        this.options.firstLineItemId + line,
        this.interned.json(this.lineTitles[line] ?? ''),
        this.linePriceCents.at(line),
        this.lineQuantities.at(line),
      );
    }
    text += orderMiddleText;
    const noteStart = this.noteStart.at(index);
    for (let note = noteStart; note < noteEnd; note++) {
      if (note > noteStart) text += ',';
      text += noteAttributeText(
        this.interned.json(this.noteNames[note] ?? ''),
        JSON.stringify(this.ids.id(this.noteValues.at(note))),
      );
    }
    const number = this.customerNumbers.at(index);
    const customer = Number.isNaN(number) ? this.customerIds.get(index) : number;
    return text + orderTailText(JSON.stringify(this.tagsAt(index)), customer);
  }

  /** The tags of the order at `index` (a valid position), rebuilt from their template when they have one. */
  private tagsAt(index: number): string {
    const template = this.tagTemplate.at(index);
    if (template === -1) return this.tags.get(index) ?? '';
    return this.tagTemplates.fill(template, this.sourceIdOf(index));
  }

  private sourceIndex(): SourceIdIndex {
    if (this.bySourceId === undefined) {
      const index = new SourceIdIndex(this.ids);
      for (let position = 0; position < this.count; position++) {
        const sourceId = this.sourceIdOf(position);
        if (sourceId !== '') index.add(sourceId, position);
      }
      this.bySourceId = index;
    }
    return this.bySourceId;
  }

  private inRange(index: number): number {
    return Number.isInteger(index) && index >= 0 && index < this.count ? index : -1;
  }
}
