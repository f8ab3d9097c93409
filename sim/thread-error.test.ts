import { describe, expect, it } from 'vitest';
import { FunnelstormError, isFunnelstormError } from '../runtime/errors.js';
import { acrossThreads, fromThread } from './thread-error.js';

describe('a FunnelstormError across worker threads', () => {
  it('keeps its code and message through structured clone, which would drop both class and code', async () => {
    const thrown = await acrossThreads(() =>
      Promise.reject(new FunnelstormError('FLAG_INVALID', '--pipeline x.mjs: no builder')),
    ).catch((reason: unknown) => reason);
    expect(isFunnelstormError(structuredClone(new FunnelstormError('FLAG_INVALID', 'x')))).toBe(false);
    const rebuilt = fromThread(structuredClone(thrown));
    expect(isFunnelstormError(rebuilt, 'FLAG_INVALID')).toBe(true);
    expect((rebuilt as Error).message).toBe('--pipeline x.mjs: no builder');
  });

  it('passes other errors and results through unchanged', async () => {
    const plain = new TypeError('boom');
    await expect(acrossThreads(() => Promise.reject(plain))).rejects.toBe(plain);
    expect(fromThread(plain)).toBe(plain);
    await expect(acrossThreads(async () => 7)).resolves.toBe(7);
  });
});
