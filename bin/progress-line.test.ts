import { describe, expect, it } from 'vitest';
import { createProgressLine } from './progress-line.js';

describe('progress line', () => {
  it('redraws in place at most every 200 ms of wall time and clears itself at the end', () => {
    let wallMs = 0;
    let out = '';
    const line = createProgressLine(
      (text) => {
        out += text;
      },
      () => wallMs,
    );
    line.update({ virtualMs: 60_000, ordersDone: 10, ordersTotal: 1000 });
    expect(out).toBe('');
    wallMs = 250;
    line.update({ virtualMs: 120_000, ordersDone: 500, ordersTotal: 1000 });
    expect(out).toBe('\r\u001b[K  50 % · 500 of 1,000 orders done · 2.0 min virtual');
    wallMs = 300;
    line.update({ virtualMs: 130_000, ordersDone: 600, ordersTotal: 1000 });
    expect(out).not.toContain('600');
    line.clear();
    expect(out.endsWith('\r\u001b[K')).toBe(true);
  });

  it('writes nothing at all when the run ends before the first redraw', () => {
    let out = '';
    const line = createProgressLine(
      (text) => {
        out += text;
      },
      () => 0,
    );
    line.update({ virtualMs: 1, ordersDone: 1, ordersTotal: 2 });
    line.clear();
    expect(out).toBe('');
  });

  it('says how long is left: from the estimate at the start, then from the rate so far', () => {
    let wallMs = 0;
    let out = '';
    const line = createProgressLine(
      (text) => {
        out = text;
      },
      () => wallMs,
      120,
    );
    line.start(1000);
    expect(out).toBe(
      '\r\u001b[K  0 % · 0 of 1,000 orders done · 0.0 min virtual · about 2 min left (estimated)',
    );
    wallMs = 10_000;
    line.update({ virtualMs: 60_000, ordersDone: 250, ordersTotal: 1000 });
    expect(out).toContain('25 % · 250 of 1,000 orders done · 1.0 min virtual · about 30 s left');
  });
});
