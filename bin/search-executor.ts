import { Option } from 'commander';
import type { LoadedPipeline } from '../sim/load-pipeline-module.js';
import { inlineExecutorOf, type RunExecutor } from '../sim/run-executor.js';
import { createRunPool } from '../sim/run-pool.js';
import { openQueueConnection } from '../sim/queue-connection.js';
import { openSearchQueue } from '../sim/search-queue.js';
import type { CliIo } from './cli-io.js';
import { packageVersion } from './package-version.js';

/** The `--queue <url>` option of `check`. */
export function queueOption(): Option {
  return new Option(
    '--queue <url>',
    'run the scenarios on `funnelstorm worker` processes (any number, any machine) through this Redis, ' +
      'e.g. redis://127.0.0.1:6379; the result is the same as a local search (--threads is then unused)',
  );
}

/**
 * Where `check` runs its scenarios: on `funnelstorm worker`s through Redis with `--queue`, else on
 * `--threads` worker threads (this thread alone for 1). Says which on stderr. With `pipeline` (a user's
 * module, never with `--queue`), every run goes through it; each thread loads it once.
 */
export async function openSearchExecutor(
  flags: { threads: number; queue?: string; pipeline?: LoadedPipeline | undefined },
  io: CliIo,
): Promise<RunExecutor & { close(): Promise<void> }> {
  if (flags.queue !== undefined) {
    const connection = await openQueueConnection(flags.queue);
    io.stderr(
      `  runs go to Redis at ${connection.host}:${connection.port}: start \`funnelstorm worker --queue <the same URL>\` anywhere\n`,
    );
    return openSearchQueue(connection, {
      version: packageVersion(),
      onError: (error) => io.stderr(`funnelstorm check: queue: ${error.message}\n`),
    });
  }
  if (flags.threads === 1) return { ...inlineExecutorOf(flags.pipeline), close: async () => {} };
  io.stderr(`  on ${flags.threads} worker threads\n`);
  const { pipeline } = flags;
  return createRunPool(flags.threads, { pipeline });
}
