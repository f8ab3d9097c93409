import type { Random } from '../runtime/random.js';
import type { SourceOrder } from './arrivals.js';
import type { WebhookSettings } from './scenario-types.js';

/** One scheduled webhook delivery of a streamed order. */
export interface ScheduledDelivery {
  /** The order delivered. */
  order: SourceOrder;
  /** When the delivery reaches the pipeline, in ms from the run's start. */
  atMs: number;
  /** Whether this is the order's first delivery (a duplicate's second is not). */
  first: boolean;
}

/**
 * The webhook deliveries of streamed orders, lazily and in time order: exactly the deliveries, in the same
 * order and with the same draws, as {@link generateDeliveries} over the collected orders (ties keep the
 * order of the orders, and an order's first delivery before its second). Without `webhooks`, one delivery
 * per order on arrival and nothing drawn. With it, late and duplicate deliveries wait in a small heap
 * until no later order can come before them, so memory is the deliveries pending at once, not the run's.
 *
 * @param orders - The orders in arrival order, e.g. {@link orderStream}.
 * @param webhooks - The scenario's `traffic.webhooks`; absent: one delivery per order, on arrival.
 * @param random - The traffic stream the orders came from (`createRandom(seed).fork('traffic')`).
 */
export function* deliveryStream(
  orders: Iterable<SourceOrder>,
  webhooks: WebhookSettings | undefined,
  random: Random,
): Generator<ScheduledDelivery, void, undefined> {
  if (webhooks === undefined) {
    for (const order of orders) yield { order, atMs: order.arrivalMs, first: true };
    return;
  }
  const stream = random.fork('webhooks');
  const late = stream.fork('late');
  const duplicates = stream.fork('duplicates');
  const delayMs = (draw: number, maxSeconds: number): number => (1 - draw) * maxSeconds * 1000;
  const pending = new DeliveryHeap();
  let sequence = 0;
  for (const order of orders) {
    // Anything due by this order's arrival goes first: every later delivery is at or after it, and one at
    // the same time was generated later, so the stable sort puts it after.
    while (pending.size > 0 && pending.peek().atMs <= order.arrivalMs) yield pending.pop().delivery;
    const isLate = late.next() < webhooks.lateShare;
    const lateDraw = late.next();
    const isDuplicated = duplicates.next() < webhooks.duplicateShare;
    const duplicateDraw = duplicates.next();
    const firstMs = order.arrivalMs + (isLate ? delayMs(lateDraw, webhooks.lateDelaySeconds) : 0);
    pending.push({ atMs: firstMs, sequence: sequence++, delivery: { order, atMs: firstMs, first: true } });
    if (isDuplicated) {
      const secondMs = firstMs + delayMs(duplicateDraw, webhooks.duplicateDelaySeconds);
      pending.push({
        atMs: secondMs,
        sequence: sequence++,
        delivery: { order, atMs: secondMs, first: false },
      });
    }
  }
  while (pending.size > 0) yield pending.pop().delivery;
}

interface Pending {
  atMs: number;
  sequence: number;
  delivery: ScheduledDelivery;
}

/** A binary min-heap on (atMs, sequence): the order a stable sort by time gives. */
class DeliveryHeap {
  private readonly items: Pending[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Pending {
    return this.items[0]!;
  }

  push(item: Pending): void {
    const items = this.items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Pending {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let smallest = i;
        if (l < items.length && before(items[l]!, items[smallest]!)) smallest = l;
        if (r < items.length && before(items[r]!, items[smallest]!)) smallest = r;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Pending, b: Pending): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.sequence < b.sequence);
}
