import { describe, expect, it } from 'vitest';
import { SlidingWindowPeak } from './sliding-window-peak.js';

describe('SlidingWindowPeak', () => {
  it('counts a burst that straddles a fixed-bucket boundary whole', () => {
    const peak = new SlidingWindowPeak(100);
    for (const t of [95, 96, 97, 105, 106]) peak.record(t);
    expect(peak.peak).toBe(5);
    expect(peak.count).toBe(5);
  });

  it('drops events a full window old: (t − windowMs, t]', () => {
    const peak = new SlidingWindowPeak(100);
    for (const t of [0, 100, 200, 300]) peak.record(t);
    expect(peak.peak).toBe(1);
  });

  it('counts events at the same instant together, and stays exact over a long run', () => {
    const peak = new SlidingWindowPeak(100);
    for (let i = 0; i < 10_000; i++) peak.record(i * 50);
    expect(peak.peak).toBe(2);
    for (let i = 0; i < 7; i++) peak.record(1_000_000);
    expect(peak.peak).toBe(7);
    expect(peak.count).toBe(10_007);
  });
});
