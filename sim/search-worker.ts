import { Worker, type Job } from 'bullmq';
import { FunnelstormError } from '../runtime/errors.js';
import { searchQueueName, type QueueConnection } from './queue-connection.js';
import type { RunPool } from './run-pool.js';
import type { SearchJob, SearchJobResult } from './search-queue.js';

/** Settings of {@link startSearchWorker}. */
export interface SearchWorkerOptions {
  /** This funnelstorm's version: jobs queued by another version fail with a message saying so. */
  version: string;
  /** The threads that run the simulations; the worker takes as many jobs at once as it has threads. */
  pool: RunPool;
  threads: number;
  /**
   * How long a job stays claimed without the worker renewing its lock, in ms (renewed every half of it).
   * When a worker dies, its jobs go back to the queue within this plus half of it. Defaults to 30 s.
   */
  lockDurationMs?: number;
  /**
   * Told of a connection error (Redis gone, say) or a failed job; the worker carries on and reconnects.
   * An unheard error would end the process (an EventEmitter's `error`).
   */
  onError: (error: Error) => void;
  /** Called when a job is taken and when it is done. */
  onJob?: (event: { jobId: string; runs: number; done: boolean }) => void;
}

/** A running search worker. */
export interface SearchWorker {
  /** Stops taking jobs, lets running ones finish, and closes the connection. */
  close(): Promise<void>;
}

/** How often a job may lose its worker before it fails (BullMQ's `maxStalledCount`, default 1). */
const maxStalledCount = 10;

/**
 * A worker of distributed searches (`funnelstorm worker --queue`): takes jobs of generated scenarios from
 * the BullMQ queue `funnelstorm-check`, runs each scenario on the pool's threads and returns their verdicts.
 * Any number run, on any machine that reaches the Redis.
 *
 * The simulations run on worker threads even with one thread, so this thread's event loop stays free to
 * renew the job locks: a lock lapses only when the process stops. Every worker also checks, every half
 * lock duration, for jobs whose lock lapsed (a worker killed mid-job) and puts them back in the queue —
 * BullMQ's stalled-job recovery — so no run is lost.
 */
export async function startSearchWorker(
  connection: QueueConnection,
  options: SearchWorkerOptions,
): Promise<SearchWorker> {
  const lockDuration = options.lockDurationMs ?? 30_000;
  const run = async (job: Job<SearchJob, SearchJobResult>): Promise<SearchJobResult> => {
    const { version, documents } = job.data;
    if (version !== options.version)
      throw new FunnelstormError(
        'INTERNAL',
        `job ${job.id} was queued by funnelstorm ${version} but this worker is ${options.version}: run the same version everywhere (verdicts could differ).`,
      );
    const jobId = job.id ?? '?';
    options.onJob?.({ jobId, runs: documents.length, done: false });
    const verdicts = await Promise.all(documents.map((document) => options.pool.verdicts(document)));
    options.onJob?.({ jobId, runs: documents.length, done: true });
    return verdicts;
  };
  const worker = new Worker<SearchJob, SearchJobResult>(searchQueueName, run, {
    connection,
    concurrency: options.threads,
    lockDuration,
    stalledInterval: Math.max(1_000, Math.floor(lockDuration / 2)),
    maxStalledCount,
  });
  worker.on('error', options.onError);
  worker.on('failed', (job, error) =>
    options.onError(new Error(`job ${job?.id ?? '?'} failed: ${error.message}`)),
  );
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
