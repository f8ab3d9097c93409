import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { PropertyVerdict } from '../reports/report-model.js';
import type { ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import { FunnelstormError } from '../runtime/errors.js';
import { searchQueueName, type QueueConnection } from './queue-connection.js';
import type { RunExecutor } from './run-executor.js';

/** One job of a distributed search: a group of generated scenarios, run by a `funnelstorm worker`. */
export interface SearchJob {
  /** The funnelstorm version that queued it: a worker of another version refuses it (verdicts could differ). */
  version: string;
  documents: ScenarioDocument[];
}

/** What a worker returns for a {@link SearchJob}: each document's verdicts, in the job's order. */
export type SearchJobResult = PropertyVerdict[][];

/** Settings of {@link openSearchQueue}. */
export interface SearchQueueOptions {
  /** This funnelstorm's version, sent with every job. */
  version: string;
  /** Scenarios per job. Defaults to 8. */
  batch?: number;
  /** Runs queued or running at once. Defaults to 256: enough for dozens of worker threads. */
  width?: number;
  /**
   * Told of a connection error (Redis gone, say); the search waits for Redis to come back meanwhile. An
   * unheard error would end the process (an EventEmitter's `error`).
   */
  onError: (error: Error) => void;
}

/** A {@link RunExecutor} whose runs go through Redis to any number of `funnelstorm worker` processes. */
export interface SearchQueue extends RunExecutor {
  /** Removes this search's jobs no worker has taken yet, and closes the connections. */
  close(): Promise<void>;
}

/**
 * The coordinator's side of a distributed search (`funnelstorm check --queue`): each run the search asks
 * for joins a job of up to `batch` scenarios on the BullMQ queue `funnelstorm-check`, and its verdicts come
 * back when a worker completes the job. The search still decides which runs to make and reads them in its
 * own order (sim/explore.ts), so the result equals a local search's.
 *
 * A worker that dies holding a job loses nothing: its lock expires and another worker's stalled-job check
 * puts the job back in the queue (sim/search-worker.ts).
 */
export async function openSearchQueue(
  connection: QueueConnection,
  options: SearchQueueOptions,
): Promise<SearchQueue> {
  const batch = options.batch ?? 8;
  const queue = new Queue<SearchJob, SearchJobResult>(searchQueueName, { connection });
  const events = new QueueEvents(searchQueueName, { connection });
  // Every job waiting for its result listens for the queue closing: as many listeners as jobs in flight.
  queue.setMaxListeners(0);
  queue.on('error', options.onError);
  events.on('error', options.onError);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const search = randomUUID();
  /** Jobs not finished yet, and how many of their runs the search still wants. */
  const unfinished = new Map<string, { wanted: number }>();
  let jobs = 0;
  let waiting: Entry[] = [];

  const send = async (group: Entry[]): Promise<void> => {
    const jobId = `${search}-${jobs++}`;
    const state = { wanted: group.length };
    unfinished.set(jobId, state);
    // A run the search abandoned (it stopped at an earlier failure): once no run of the job is wanted,
    // the job is removed unless a worker already took it.
    for (const entry of group)
      entry.abandoned?.addEventListener(
        'abort',
        () => {
          if (--state.wanted === 0 && unfinished.has(jobId)) void removeJob(jobId);
        },
        { once: true },
      );
    try {
      const job = await queue.add(
        'runs',
        { version: options.version, documents: group.map((entry) => entry.document) },
        // Finished jobs stay a while: a late `waitUntilFinished` reads the result from the job itself.
        { jobId, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
      );
      if (state.wanted === 0) await removeJob(jobId);
      const result = await job.waitUntilFinished(events);
      if (!Array.isArray(result) || result.length !== group.length)
        throw new FunnelstormError('INTERNAL', `Job ${jobId} came back with a malformed result.`);
      group.forEach((entry, i) => entry.resolve(result[i] ?? []));
    } catch (error) {
      const reason =
        error instanceof FunnelstormError
          ? error
          : new FunnelstormError(
              'INTERNAL',
              `Job ${jobId} of the distributed search failed: ${error instanceof Error ? error.message : String(error)}`,
            );
      for (const entry of group) entry.reject(reason);
    } finally {
      unfinished.delete(jobId);
    }
  };
  /** Removes a job no worker has taken (BullMQ refuses to remove one a worker holds: it then runs on). */
  const removeJob = async (jobId: string): Promise<void> => {
    try {
      await queue.remove(jobId);
    } catch (error) {
      // Gone already, or held by a worker (BullMQ refuses): either way it ends on its own, unread.
      void error;
    }
  };
  const flush = (): void => {
    while (waiting.length > 0) {
      const group = waiting.slice(0, batch);
      waiting = waiting.slice(batch);
      void send(group);
    }
  };

  return {
    width: options.width ?? 256,
    batch,
    verdicts(document, abandoned) {
      return new Promise<PropertyVerdict[]>((resolve, reject) => {
        // The search hands out runs in bursts within one turn of the event loop: group them into jobs.
        if (waiting.length === 0) queueMicrotask(flush);
        waiting.push({ document, abandoned, resolve, reject });
        if (waiting.length >= batch) flush();
      });
    },
    async close() {
      // Jobs no worker took are removed; a job a worker runs now ends on its own and is dropped later.
      await Promise.all([...unfinished.keys()].map(removeJob));
      await Promise.all([events.close(), queue.close()]);
    },
  };
}

/** A run waiting for its job. */
interface Entry {
  document: ScenarioDocument;
  abandoned: AbortSignal | undefined;
  resolve: (verdicts: PropertyVerdict[]) => void;
  reject: (error: unknown) => void;
}
