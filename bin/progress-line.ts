import { performance } from 'node:perf_hooks';
import { formatNumber } from '../reports/format-number.js';
import type { RunProgress } from '../sim/run-scenario.js';

/** How often the line may be redrawn, in wall-clock ms. */
const redrawEveryMs = 200;

/**
 * A one-line progress display for long runs, redrawn in place on a terminal's stderr at most every
 * 200 ms of wall time. The simulator calls it by event count; the wall clock is read here, in bin/, never
 * in the deterministic core.
 */
export function createProgressLine(
  write: (text: string) => void,
  wallNowMs: () => number = () => performance.now(),
): {
  update: (progress: RunProgress) => void;
  clear: () => void;
} {
  let lastDrawMs = wallNowMs();
  let drawn = false;
  return {
    update({ virtualMs, ordersDone, ordersTotal }) {
      const nowMs = wallNowMs();
      if (nowMs - lastDrawMs < redrawEveryMs) return;
      lastDrawMs = nowMs;
      drawn = true;
      const percent = ordersTotal > 0 ? Math.floor((100 * ordersDone) / ordersTotal) : 100;
      const minutes = (virtualMs / 60_000).toFixed(1);
      write(
        `\r\u001b[K  ${percent} % · ${formatNumber(ordersDone)} of ${formatNumber(ordersTotal)} ` +
          `orders done · ${minutes} min virtual`,
      );
    },
    clear() {
      if (drawn) write('\r\u001b[K');
    },
  };
}
