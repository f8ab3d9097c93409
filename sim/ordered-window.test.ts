import { describe, expect, it } from 'vitest';
import { orderedWindow } from './ordered-window.js';

/** An evaluation the test finishes by hand, in any order. */
function deferredEvaluations() {
  const started: { item: number; finish: (value: number) => void; fail: (error: Error) => void }[] = [];
  const evaluate = (item: number) =>
    new Promise<number>((resolve, reject) => started.push({ item, finish: resolve, fail: reject }));
  return { started, evaluate };
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => Promise.resolve());

describe('orderedWindow', () => {
  it('accepts results in the items’ order though they finish in reverse', async () => {
    const { started, evaluate } = deferredEvaluations();
    const seen: number[] = [];
    const done = orderedWindow([0, 1, 2, 3], evaluate, (value) => seen.push(value) > 0, { width: 4 });
    await flush();
    expect(started.map((s) => s.item)).toEqual([0, 1, 2, 3]);
    for (const s of [...started].reverse()) s.finish(s.item * 10);
    expect(await done).toBe('exhausted');
    expect(seen).toEqual([0, 10, 20, 30]);
  });

  it('keeps at most `width` evaluations in flight and tops up by `batch`', async () => {
    const { started, evaluate } = deferredEvaluations();
    const done = orderedWindow([0, 1, 2, 3, 4, 5], evaluate, () => true, { width: 3, batch: 2 });
    await flush();
    expect(started).toHaveLength(3);
    started[0]?.finish(0);
    await flush();
    // One slot free, fewer than the batch of 2: nothing new yet.
    expect(started).toHaveLength(3);
    started[1]?.finish(1);
    for (let i = 0; i < 5; i++) await flush();
    expect(started).toHaveLength(5);
    for (const s of started.slice(2)) s.finish(s.item);
    for (let i = 0; i < 5; i++) await flush();
    started[5]?.finish(5);
    expect(await done).toBe('exhausted');
  });

  it('stops at the first rejected result in order, ignoring later ones that finished first', async () => {
    const { started, evaluate } = deferredEvaluations();
    const accepted: number[] = [];
    const done = orderedWindow(
      [0, 1, 2, 3],
      evaluate,
      (value, _item, index) => {
        accepted.push(index);
        return value !== 1;
      },
      { width: 4 },
    );
    await flush();
    started[3]?.finish(1);
    started[2]?.finish(1);
    started[0]?.finish(0);
    started[1]?.finish(1);
    expect(await done).toBe('stopped');
    expect(accepted).toEqual([0, 1]);
  });

  it('ends with the error of an evaluation that failed once its turn comes', async () => {
    const { started, evaluate } = deferredEvaluations();
    const done = orderedWindow([0, 1], evaluate, () => true, { width: 2 });
    await flush();
    started[1]?.fail(new Error('boom'));
    started[0]?.finish(0);
    await expect(done).rejects.toThrow('boom');
  });

  it('returns `aborted` once its signal is aborted', async () => {
    const controller = new AbortController();
    const { started, evaluate } = deferredEvaluations();
    const done = orderedWindow([0, 1, 2], evaluate, () => true, { width: 1, signal: controller.signal });
    await flush();
    controller.abort();
    started[0]?.finish(0);
    expect(await done).toBe('aborted');
    expect(started).toHaveLength(1);
  });
});
