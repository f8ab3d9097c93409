import { performance } from 'node:perf_hooks';
import { formatNumber } from '../reports/format-number.js';
import type { RunProgress } from '../sim/run-scenario.js';
import { formatDuration } from './run-budget.js';

/** How often the line may be redrawn, in wall-clock ms. */
const redrawEveryMs = 200;

/**
 * A one-line progress display for long runs, redrawn in place on a terminal's stderr at most every
 * 200 ms of wall time. The simulator calls it by event count; the wall clock is read here, in bin/, never
 * in the deterministic core. Given the run's estimated time, the line says how long is left: from the
 * estimate until the first orders are done, then from the rate so far.
 */
export function createProgressLine(
  write: (text: string) => void,
  wallNowMs: () => number = () => performance.now(),
  estimatedSeconds?: number,
): {
  /** Draws the line at once, before the run has reported anything (with the estimate, when given). */
  start: (ordersTotal: number) => void;
  update: (progress: RunProgress) => void;
  clear: () => void;
} {
  const startedMs = wallNowMs();
  let lastDrawMs = startedMs;
  let drawn = false;
  const left = (ordersDone: number, ordersTotal: number): string => {
    if (estimatedSeconds === undefined) return '';
    const elapsedSeconds = (wallNowMs() - startedMs) / 1000;
    const seconds =
      ordersDone > 0
        ? (elapsedSeconds * (ordersTotal - ordersDone)) / ordersDone
        : Math.max(0, estimatedSeconds - elapsedSeconds);
    return ` · about ${formatDuration(seconds)} left${ordersDone > 0 ? '' : ' (estimated)'}`;
  };
  const draw = ({ virtualMs, ordersDone, ordersTotal }: RunProgress): void => {
    drawn = true;
    const percent = ordersTotal > 0 ? Math.floor((100 * ordersDone) / ordersTotal) : 100;
    const minutes = (virtualMs / 60_000).toFixed(1);
    write(
      `\r\u001b[K  ${percent} % · ${formatNumber(ordersDone)} of ${formatNumber(ordersTotal)} ` +
        `orders done · ${minutes} min virtual${left(ordersDone, ordersTotal)}`,
    );
  };
  return {
    start(ordersTotal) {
      draw({ virtualMs: 0, ordersDone: 0, ordersTotal });
    },
    update(progress) {
      const nowMs = wallNowMs();
      if (nowMs - lastDrawMs < redrawEveryMs) return;
      lastDrawMs = nowMs;
      draw(progress);
    },
    clear() {
      if (drawn) write('\r\u001b[K');
    },
  };
}
