import { setMaxListeners } from 'node:events';

/** How an {@link orderedWindow} ended. */
export type OrderedWindowEnd = 'exhausted' | 'stopped' | 'aborted';

/** Settings of {@link orderedWindow}. */
export interface OrderedWindowOptions {
  /** The most items evaluating at once. At least 1. */
  width: number;
  /** Top the window up only once this many slots are free (1 to `width`). Defaults to 1. */
  batch?: number;
  /** Stops handing out items and reading results once aborted; the result is then `aborted`. */
  signal?: AbortSignal;
}

type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Evaluates `items` with up to `width` evaluations in flight, and hands each result to `accept` strictly in
 * the items' order, as if they ran one after another: `accept` sees item i only after items 0…i−1, and
 * when it returns false nothing after i is accepted (evaluations already started are ignored, and their
 * `abandoned` signal is aborted). That is what makes a parallel search find the same first failure as a sequential one.
 *
 * An evaluation that rejects ends the window with that error once its turn comes.
 *
 * @example
 * await orderedWindow(documents, (d) => pool.verdicts(d), (verdicts, d, i) => holds(verdicts), { width: 4 });
 */
export async function orderedWindow<T, R>(
  items: Iterable<T>,
  evaluate: (item: T, abandoned: AbortSignal) => Promise<R>,
  accept: (result: R, item: T, index: number) => boolean,
  options: OrderedWindowOptions,
): Promise<OrderedWindowEnd> {
  // Aborted when the window ends: evaluations still running are then abandoned (a queue drops its jobs).
  const abandon = new AbortController();
  // Every evaluation in flight may listen (up to `width`), which is no leak.
  setMaxListeners(0, abandon.signal);
  try {
    return await evaluateInOrder(items, evaluate, accept, options, abandon.signal);
  } finally {
    abandon.abort();
  }
}

async function evaluateInOrder<T, R>(
  items: Iterable<T>,
  evaluate: (item: T, abandoned: AbortSignal) => Promise<R>,
  accept: (result: R, item: T, index: number) => boolean,
  options: OrderedWindowOptions,
  abandoned: AbortSignal,
): Promise<OrderedWindowEnd> {
  const width = Math.max(1, options.width);
  const batch = Math.min(width, Math.max(1, options.batch ?? 1));
  const iterator = items[Symbol.iterator]();
  const pending: { item: T; result: Promise<Settled<R>> }[] = [];
  let exhausted = false;
  const aborted = (): boolean => options.signal?.aborted === true;
  const topUp = (): void => {
    if (exhausted || width - pending.length < batch) return;
    while (pending.length < width) {
      const next = iterator.next();
      if (next.done === true) {
        exhausted = true;
        return;
      }
      // Settled at once, so an evaluation left running after a stop never becomes an unhandled rejection.
      const result = evaluate(next.value, abandoned).then(
        (value): Settled<R> => ({ ok: true, value }),
        (error: unknown): Settled<R> => ({ ok: false, error }),
      );
      pending.push({ item: next.value, result });
    }
  };
  for (let index = 0; ; index++) {
    if (aborted()) return 'aborted';
    topUp();
    const head = pending.shift();
    if (head === undefined) return 'exhausted';
    const settled = await head.result;
    if (aborted()) return 'aborted';
    if (!settled.ok) throw settled.error;
    if (!accept(settled.value, head.item, index)) return 'stopped';
  }
}
