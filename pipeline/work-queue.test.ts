import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { Simulator } from '../sim/simulator.js';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('hands items to waiting workers in arrival order, at the time they are pushed', async () => {
    const sim = new Simulator();
    const queue = new WorkQueue<number>(sim);
    const taken: string[] = [];
    for (const name of ['a', 'b']) {
      sim.spawn(name, async () => {
        for (let item = await queue.take(); item !== undefined; item = await queue.take()) {
          taken.push(`${name}:${item}@${sim.nowMs()}`);
          await sim.sleep(10);
        }
      });
    }
    sim.spawn('producer', async () => {
      await sim.sleep(5);
      queue.push(1);
      queue.push(2);
      queue.push(3);
      await sim.sleep(100);
      queue.push(4);
      queue.close();
    });
    const result = await sim.run();
    expect(taken).toEqual(['a:1@5', 'b:2@5', 'a:3@15', 'b:4@105']);
    expect(result.blockedWaits).toBe(0);
  });

  it('drains what is queued after close, then returns undefined', async () => {
    const sim = new Simulator();
    const queue = new WorkQueue<number>(sim);
    for (let i = 0; i < 3000; i++) queue.push(i);
    queue.close();
    const taken: number[] = [];
    sim.spawn('worker', async () => {
      for (let item = await queue.take(); item !== undefined; item = await queue.take()) taken.push(item);
    });
    await sim.run();
    expect(taken).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(queue.length).toBe(0);
  });

  it('refuses a push after close', () => {
    const queue = new WorkQueue<number>(new Simulator());
    queue.close();
    let error: unknown;
    try {
      queue.push(1);
    } catch (e) {
      error = e;
    }
    expect(isFunnelstormError(error, 'INTERNAL')).toBe(true);
  });
});
