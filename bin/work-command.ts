import { Command, InvalidArgumentError } from 'commander';
import { defaultOwnerHeartbeatOptions } from '../pipeline/claim-owner.js';
import { createMemoryStore } from '../pipeline/memory-store.js';
import type { Store } from '../pipeline/store.js';
import { createFetchTransport } from '../runtime/fetch-transport.js';
import { systemClock } from '../runtime/system-clock.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { runLiveWorker, type ProcessShare } from '../sim/run-live.js';
import type { CliIo } from './cli-io.js';
import { integerFlag, originFlag } from './parse-flags.js';
import { localDeadLetterFile } from './local-dead-letter-file.js';
import { openRedisStore } from './redis-flag.js';
import { openTimingsFile } from './timings-file.js';
import { handleWorkInterrupts } from './work-interrupt.js';
import { processOwner, storeWatcher, workOutcome } from './work-outcome.js';
import { assertWritablePath } from './writable-path.js';

/** Options of `funnelstorm work`. */
export interface WorkFlags {
  target: string;
  redis?: string;
  process: ProcessShare;
  shop: string;
  token: string;
  seed?: number;
  concurrency?: number;
  timeScale: number;
  deadLetterFile?: string;
  timings?: string;
}

/** The defaults of `funnelstorm work`'s shop and app. */
export const defaultWorkShop = { shop: 'funnelstorm-launch.myshopify.com', token: 'shpat_funnelstorm_live' };

/**
 * `funnelstorm work <scenario>`: one worker process of a live run — the scenario's orders (this process's
 * share) through the scenario's pipeline against a real HTTP target (`funnelstorm serve`), coordinating
 * with the other processes through Redis. Prints one JSON line of figures; exit 0 when every order of the
 * share ended (created, claimed elsewhere, or dead-lettered with a reason), 2 for bad input, 3 when Redis
 * went away meanwhile, 4 when dead letters went to the local file, 130 when interrupted (work-outcome.ts).
 */
export function workCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('work')
    .summary('run one live worker process against a served mock, coordinating through Redis')
    .description(
      'Run one worker process of a live run: the scenario’s orders (this process’s share, at their arrival ' +
        'times on the real clock) through the scenario’s pipeline against a real HTTP target — a ' +
        '`funnelstorm serve` mock — with the throttle, customer locks and idempotency claims shared with ' +
        'the other processes through Redis.',
    )
    .argument('<scenario>', 'scenario file, YAML or JSON: its traffic, plan and pipeline settings')
    .requiredOption(
      '--target <url>',
      'origin of the mock to call, e.g. http://127.0.0.1:4100',
      originFlag('--target'),
    )
    .option(
      '--redis <url>',
      'Redis shared by every process, e.g. redis://127.0.0.1:6379 (default: an in-memory store, one process only)',
    )
    .option(
      '--process <i/n>',
      'this process is i of n: it takes every n-th order, from the i-th',
      shareFlag,
      {
        index: 1,
        count: 1,
      },
    )
    .option('--shop <domain>', 'the shop to call', defaultWorkShop.shop)
    .option('--token <token>', 'the app’s access token (X-Shopify-Access-Token)', defaultWorkShop.token)
    .option(
      '-s, --seed <n>',
      'seed; overrides the file’s (0 to 4294967295)',
      integerFlag('--seed', 0, 2 ** 32 - 1),
    )
    .option(
      '-c, --concurrency <n>',
      'workers in this process; overrides the file’s',
      integerFlag('--concurrency', 1, 4096),
    )
    .option(
      '--time-scale <x>',
      'divide arrival times by x (10 replays an hour in 6 minutes)',
      positiveFlag,
      1,
    )
    .option(
      '--dead-letter-file <file>',
      'where dead letters go that Redis cannot take (JSON Lines; default funnelstorm-dead-letters-<pid>.jsonl)',
    )
    .option(
      '--timings <file>',
      'write each order’s arrival, start and end (ms since the epoch) and outcome to this file, one JSON object per line',
    )
    .addHelpText(
      'after',
      '\nEvery process must get the same scenario and seed. Prints one JSON line of figures when its share ' +
        'has ended; the audit is the mock’s (GET/POST /__admin/audit). Losing Redis is said on stderr at ' +
        'once, and its return too. SIGINT or SIGTERM: no more orders are taken, those in flight finish, the ' +
        'rest stay unclaimed for a rerun; a second signal quits at once (a rerun takes over its claims once ' +
        'its heartbeat lapses). Exit codes: 0 done · 2 bad flags, scenario or Redis URL · 3 done, but Redis ' +
        'went away during the run (nothing lost) · 4 some dead letters could only be written to the local ' +
        'file (named on stderr) · 130 interrupted.\n\n' +
        'Example (four processes, one shop):\n' +
        '  funnelstorm serve --plan standard --fencing --port 4100 &\n' +
        '  for i in 1 2 3 4; do funnelstorm work scenarios/backlog-standard.yaml --target http://127.0.0.1:4100 \\\n' +
        '    --redis redis://127.0.0.1:6379 --process $i/4 & done; wait\n',
    )
    .action(async (file: string, flags: WorkFlags) => {
      const scenario = loadScenario(file);
      const deadLetterPath = flags.deadLetterFile ?? `funnelstorm-dead-letters-${process.pid}.jsonl`;
      assertWritablePath('--dead-letter-file', deadLetterPath);
      if (flags.timings !== undefined) assertWritablePath('--timings', flags.timings);
      const store: Store & { close?: () => Promise<void> } =
        flags.redis === undefined ? createMemoryStore(systemClock) : await openRedisStore(flags.redis);
      if (flags.redis === undefined && flags.process.count > 1) {
        io.stderr(
          'funnelstorm work: without --redis each process has its own store: locks, claims and the throttle are not shared.\n',
        );
      }
      const say = (line: string): void => io.stderr(`funnelstorm work: ${line}\n`);
      const localLetters = localDeadLetterFile(deadLetterPath, say);
      const interrupt = handleWorkInterrupts(say, defaultOwnerHeartbeatOptions.ttlMs);
      const timings = flags.timings === undefined ? undefined : openTimingsFile(flags.timings);
      try {
        const summary = await runLiveWorker(
          scenario,
          { seed: flags.seed, concurrency: flags.concurrency },
          {
            clock: systemClock,
            transport: createFetchTransport({ origin: flags.target }),
            store,
            shop: { domain: flags.shop, accessToken: flags.token, apiVersion: '2026-01' },
            share: flags.process,
            timeScale: flags.timeScale,
            owner: processOwner(),
            signal: interrupt.signal,
            storeWatcher: storeWatcher(say, deadLetterPath),
            onUnstoredDeadLetter: localLetters.write,
            ...(timings && { onOrderTimed: timings.write }),
          },
        );
        await timings?.close();
        io.stdout(`${JSON.stringify(summary)}\n`);
        const { code, line } = workOutcome(summary, interrupt.received, deadLetterPath);
        if (line !== undefined) say(line);
        setExitCode(code);
      } finally {
        interrupt.dispose();
        await store.close?.();
      }
    });
}

function shareFlag(value: string): ProcessShare {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`--process must be i/n with 1 ≤ i ≤ n, such as 2/4 (got "${value}").`);
  }
  return { index, count };
}

function positiveFlag(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`--time-scale must be a number > 0 (got "${value}").`);
  }
  return parsed;
}
