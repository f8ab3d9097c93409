import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { defaultReferencePipelineOptions } from '../pipeline/reference-pipeline.js';
import type { StoreWatcher } from '../pipeline/watch-store.js';
import type { LiveWorkerSummary } from '../sim/run-live.js';
import { exitCodeInterrupted } from './work-interrupt.js';

/** Exit code of `funnelstorm work` when Redis went away during the run but nothing was lost. */
export const exitCodeStoreLost = 3;

/** Exit code of `funnelstorm work` when some dead letters could only be written to the local file. */
export const exitCodeDeadLettersLocal = 4;

/** This process's claim owner: host, pid and a random part (no `/`), unique across reruns. */
export function processOwner(): string {
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, '_');
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/**
 * The lines a live worker prints when Redis goes away and when it comes back: what happened and what the
 * worker does about it.
 */
export function storeWatcher(say: (line: string) => void, deadLetterPath: string): StoreWatcher {
  const waitSeconds = defaultReferencePipelineOptions.storeWaitMs / 1000;
  return {
    onLost(error) {
      // The store's message ends with advice for library callers; the first sentence says what failed.
      const what = error.message.split('. The operation')[0] ?? error.message;
      say(
        `lost the Store: ${what}. Orders wait for it: each claim is retried for up to ${waitSeconds} s, ` +
          `then the order is dead-lettered — to Redis, or while it is away to ${deadLetterPath}.`,
      );
    },
    onBack(outageMs) {
      say(`the Store is back after ${(outageMs / 1000).toFixed(1)} s; carrying on.`);
    },
  };
}

/**
 * The exit code of a finished `funnelstorm work` and the line that explains it on stderr (none for a
 * clean run): 130 interrupted, 4 dead letters in the local file, 3 Redis went away, 0 done.
 */
export function workOutcome(
  summary: LiveWorkerSummary,
  interruptedBy: string | undefined,
  deadLetterPath: string,
): { code: number; line?: string } {
  const did =
    `${summary.created} created, ${summary.alreadyClaimed} already claimed, ` +
    `${summary.deadLettered} dead-lettered`;
  const local =
    summary.deadLettersLocal > 0
      ? `; ${summary.deadLettersLocal} dead letter(s) only in ${deadLetterPath}`
      : '';
  if (interruptedBy !== undefined) {
    return {
      code: exitCodeInterrupted,
      line:
        `stopped by ${interruptedBy}: ${did} of ${summary.orders}; ${summary.notStarted} not started ` +
        `(unclaimed: a rerun takes them)${local}.`,
    };
  }
  if (summary.deadLettersLocal > 0) {
    return {
      code: exitCodeDeadLettersLocal,
      line: `done with Redis unavailable for some dead letters: ${did}${local}. Keep that file.`,
    };
  }
  if (summary.storeOutages > 0) {
    return {
      code: exitCodeStoreLost,
      line: `done, but Redis went away ${summary.storeOutages} time(s) during the run: ${did}; nothing lost.`,
    };
  }
  return { code: 0 };
}
