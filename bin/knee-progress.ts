import { performance } from 'node:perf_hooks';
import type { KneeSweepProgress } from '../sim/knee-sweep.js';
import { formatDuration } from './run-budget.js';

/** How often the line may be redrawn, in wall-clock ms. */
const redrawEveryMs = 200;

/**
 * The progress line of a knee sweep on a terminal's stderr: runs done of the total and the time left at
 * the rate so far, redrawn in place at most every 200 ms of wall time (read here, in bin/).
 */
export function createKneeProgress(
  write: (text: string) => void,
  wallNowMs: () => number = () => performance.now(),
): { update: (progress: KneeSweepProgress) => void; clear: () => void } {
  const startedMs = wallNowMs();
  let lastDrawMs = -Infinity;
  let drawn = false;
  return {
    update({ done, total }) {
      const nowMs = wallNowMs();
      if (nowMs - lastDrawMs < redrawEveryMs && done < total) return;
      lastDrawMs = nowMs;
      drawn = true;
      const seconds = done > 0 ? ((nowMs - startedMs) / 1000) * ((total - done) / done) : undefined;
      const left = seconds === undefined ? '' : ` · about ${formatDuration(seconds)} left`;
      write(
        `\r\u001b[K  ${Math.floor((100 * done) / Math.max(1, total))} % · ${done} of ${total} runs${left}`,
      );
    },
    clear() {
      if (drawn) write('\r\u001b[K');
    },
  };
}
