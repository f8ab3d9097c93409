import { Command, Option } from 'commander';
import { openQueueConnection } from '../sim/queue-connection.js';
import { createRunPool } from '../sim/run-pool.js';
import { startSearchWorker } from '../sim/search-worker.js';
import type { CliIo } from './cli-io.js';
import { packageVersion } from './package-version.js';
import { durationFlag } from './parse-flags.js';
import { threadsOption } from './threads-flag.js';
import { untilSignalled } from './until-signalled.js';

/** Options of `funnelstorm worker`. */
export interface WorkerFlags {
  queue: string;
  threads: number;
  lockDuration: number;
}

/**
 * `funnelstorm worker --queue <url>`: runs the scenarios of distributed searches (`funnelstorm check
 * --queue`) until interrupted (SIGINT or SIGTERM: it finishes the jobs it holds, then exits 0). Exit code 2
 * for bad flags or an unreachable Redis.
 */
export function workerCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('worker')
    .summary('run the scenarios of `check --queue` searches, taken from Redis')
    .description(
      'Take jobs of generated scenarios from a distributed search (`funnelstorm check --queue`) out of ' +
        'Redis, run them on this machine’s threads and send back their verdicts. Start any number, on any ' +
        'machine that reaches the Redis; a worker that dies loses nothing: its jobs go back to the queue once ' +
        'their lock lapses. Runs until interrupted.',
    )
    .requiredOption('--queue <url>', 'the Redis the search queues its runs on, e.g. redis://127.0.0.1:6379')
    .addOption(threadsOption())
    .addOption(
      new Option(
        '--lock-duration <duration>',
        'how long a job stays claimed without this worker renewing it (every half of it), e.g. 30s or ' +
          '2m; after a worker dies its jobs go back to the queue within about 1.5× this',
      )
        .argParser(durationFlag('--lock-duration', 3_600_000))
        .default(30_000, '30s'),
    )
    .addHelpText(
      'after',
      '\nEvery worker must run the same funnelstorm version as the search (a job says which it needs).\n' +
        'Exit codes: 0 stopped by SIGINT/SIGTERM · 2 bad flags or Redis unreachable.\n\n' +
        'Example (two machines and a search):\n' +
        '  funnelstorm worker --queue redis://10.0.0.5:6379          # on each machine\n' +
        '  funnelstorm check --runs 20000 --queue redis://10.0.0.5:6379',
    )
    .action(async (flags: WorkerFlags) => {
      const connection = await openQueueConnection(flags.queue);
      const pool = createRunPool(flags.threads);
      const worker = await startSearchWorker(connection, {
        version: packageVersion(),
        pool,
        threads: flags.threads,
        lockDurationMs: flags.lockDuration,
        onError: (error) => io.stderr(`funnelstorm worker: ${error.message}\n`),
        onJob: ({ jobId, runs, done }) =>
          io.stderr(`${done ? 'done' : 'took'} job ${jobId} (${runs} runs)\n`),
      });
      io.stderr(
        `funnelstorm worker · Redis ${connection.host}:${connection.port} · ${flags.threads} threads · ` +
          `lock ${flags.lockDuration / 1000} s · waiting for jobs\n`,
      );
      await untilSignalled();
      io.stderr('funnelstorm worker: stopping after the jobs it holds\n');
      await worker.close();
      await pool.close();
      setExitCode(0);
    });
}
