import { describe, expect, it } from 'vitest';
import { EventQueue, type EventHandler } from './event-queue.js';

const handler = (daemon: boolean): EventHandler => ({ cancelled: false, daemon, fire: () => {} });

describe('EventQueue.drop', () => {
  it('lets go of the event at once; its entry pops at its time as undefined, counted until then', () => {
    const queue = new EventQueue();
    const kept = handler(false);
    const dropped = handler(false);
    const daemon = handler(true);
    queue.push(20, kept);
    const slot = queue.push(10, dropped);
    const daemonSlot = queue.push(15, daemon);
    queue.drop(slot, dropped);
    queue.drop(daemonSlot, daemon);
    expect([queue.size, queue.liveCount]).toEqual([3, 2]);
    expect(queue.pop()).toBeUndefined();
    expect([queue.poppedTimeMs, queue.size, queue.liveCount]).toEqual([10, 2, 1]);
    expect(queue.pop()).toBeUndefined();
    expect([queue.poppedTimeMs, queue.liveCount]).toEqual([15, 1]);
    expect(queue.pop()).toBe(kept);
    expect([queue.size, queue.liveCount]).toEqual([0, 0]);
  });

  it('does nothing to a slot that a later event reuses after the dropped one was popped', () => {
    const queue = new EventQueue();
    const first = handler(false);
    const slot = queue.push(5, first);
    expect(queue.pop()).toBe(first);
    const second = handler(false);
    expect(queue.push(6, second)).toBe(slot);
    queue.drop(slot, first);
    expect(queue.pop()).toBe(second);
  });
});
