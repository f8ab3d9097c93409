import { randomInt } from 'node:crypto';
import { Command, Option } from 'commander';
import { allPlanNames, plans, type PlanName } from '../mocks/plans.js';
import {
  liveDeadLetterJson,
  liveDeadLetters as letters,
  type LiveDeadLetterEntry as Entry,
} from '../pipeline/dead-letter-payload.js';
import { replayDeadLetters } from '../pipeline/dead-letter-replay.js';
import type { Store } from '../pipeline/store.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createFetchTransport } from '../runtime/fetch-transport.js';
import { createRandom } from '../runtime/seeded-random.js';
import { systemClock } from '../runtime/system-clock.js';
import type { CliIo } from './cli-io.js';
import { integerFlag, originFlag } from './parse-flags.js';
import { openRedisStore } from './redis-flag.js';
import { defaultWorkShop } from './work-command.js';

/** Options of `funnelstorm dlq list`. */
export interface DlqListFlags {
  redis: string;
  shop: string;
  json?: boolean;
}

/** Options of `funnelstorm dlq replay`. */
export interface DlqReplayFlags {
  redis: string;
  shop: string;
  target: string;
  token: string;
  plan: PlanName;
  id?: string[];
  all?: boolean;
  concurrency: number;
}

/**
 * `funnelstorm dlq list|replay`: the dead-letter queue a live run (`funnelstorm work`) left in Redis
 * (`{<shop>}:dlq`, dead-letter-log.ts). `list` prints the letters; `replay` re-drives order letters
 * through the reference pipeline and removes each once its order is created or found done.
 */
export function dlqCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const dlq = new Command('dlq')
    .summary('list or replay the dead letters a live run left in Redis')
    .description(
      'The dead-letter queue of live runs: every order and customer update the pipeline gave up on, with ' +
        'its payload, reason, attempts and Shopify’s last answer, in the Redis stream {<shop>}:dlq.',
    );
  dlq.addCommand(listCommand(io, setExitCode).exitOverride().configureOutput(outputOf(io)));
  dlq.addCommand(replayCommand(io, setExitCode).exitOverride().configureOutput(outputOf(io)));
  return dlq;
}

function outputOf(io: CliIo): { writeOut: (s: string) => void; writeErr: (s: string) => void } {
  return { writeOut: io.stdout, writeErr: io.stderr };
}

function listCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('list')
    .summary('print the dead letters of a shop')
    .requiredOption('--redis <url>', 'the Redis of the live run, e.g. redis://127.0.0.1:6379')
    .option('--shop <domain>', 'the shop whose letters to list', defaultWorkShop.shop)
    .option('--json', 'one JSON object per letter and line')
    .addHelpText(
      'after',
      '\nEach line: id, stage (order or customer-update), source order id, attempts, when, reason. ' +
        'Exit codes: 0 listed · 2 bad flags or Redis unreachable.\n\n' +
        'Example:\n  funnelstorm dlq list --redis redis://127.0.0.1:6379 --shop launch.myshopify.com\n',
    )
    .action(async (flags: DlqListFlags) => {
      await withStore(flags.redis, async (store) => {
        const entries = await letters(store, flags.shop).list();
        for (const entry of entries)
          io.stdout(flags.json ? `${JSON.stringify(jsonOf(entry))}\n` : lineOf(entry));
        if (!flags.json) io.stderr(`${entries.length} dead letter(s) in {${flags.shop}}:dlq\n`);
        setExitCode(0);
      });
    });
}

function replayCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('replay')
    .summary('re-drive dead-lettered orders through the reference pipeline')
    .requiredOption('--redis <url>', 'the Redis of the live run, e.g. redis://127.0.0.1:6379')
    .requiredOption(
      '--target <url>',
      'origin of the shop to call, e.g. http://127.0.0.1:4100',
      originFlag('--target'),
    )
    .option('--shop <domain>', 'the shop whose letters to replay', defaultWorkShop.shop)
    .option('--token <token>', 'the app’s access token (X-Shopify-Access-Token)', defaultWorkShop.token)
    .addOption(
      new Option('--plan <name>', 'the shop’s plan (its REST bucket)')
        .choices(allPlanNames)
        .default('standard'),
    )
    .option('--id <id...>', 'the letters to replay, by id (see `funnelstorm dlq list`)')
    .option('--all', 'replay every letter in the queue')
    .option('-c, --concurrency <n>', 'orders re-driven at once', integerFlag('--concurrency', 1, 256), 4)
    .addHelpText(
      'after',
      '\nA letter is removed once its order is created, found by lookup (an earlier attempt created it) or ' +
        'found done by another delivery; a letter that fails again stays as it was, and the new reason is ' +
        'printed. Every replayed order is looked up before it is created. Customer-update letters (the ' +
        'order exists) are not replayed: they are listed as skipped and stay. Exit codes: 0 every chosen ' +
        'order letter replayed · 1 some failed again · 2 bad flags, unknown --id or Redis unreachable.\n\n' +
        'Example:\n  funnelstorm dlq replay --redis redis://127.0.0.1:6379 --shop launch.myshopify.com \\\n' +
        '    --target http://127.0.0.1:4100 --all\n',
    )
    .action(async (flags: DlqReplayFlags) => {
      if ((flags.all === true) === (flags.id !== undefined)) {
        throw new FunnelstormError(
          'FLAG_INVALID',
          'dlq replay needs either --all or --id <id...>, not both.',
        );
      }
      await withStore(flags.redis, async (store) => {
        const log = letters(store, flags.shop);
        const entries = await log.list();
        const chosen =
          flags.id === undefined ? entries : entries.filter((entry) => flags.id?.includes(entry.id));
        const unknown = (flags.id ?? []).filter((id) => !entries.some((entry) => entry.id === id));
        if (unknown.length > 0) {
          throw new FunnelstormError(
            'FLAG_INVALID',
            `--id ${unknown.join(' ')}: no such letter in {${flags.shop}}:dlq.`,
          );
        }
        const { bucketSize, leakPerSecond } = plans[flags.plan];
        const report = await replayDeadLetters(chosen, {
          clock: systemClock,
          // A fresh seed per replay: claim and lock tokens must differ from every other process's.
          random: createRandom(randomInt(2 ** 32 - 1)).fork('dlq-replay'),
          transport: createFetchTransport({ origin: flags.target }),
          store,
          log,
          shop: { domain: flags.shop, accessToken: flags.token, apiVersion: '2026-01' },
          limits: { bucketSize, leakPerSecond },
          concurrency: flags.concurrency,
        });
        for (const line of report.lines) io.stdout(`${line}\n`);
        io.stdout(
          `replayed ${report.replayed} · failed again ${report.failed} · skipped ${report.skipped} ` +
            `(customer updates or unreadable)\n`,
        );
        setExitCode(report.failed > 0 ? 1 : 0);
      });
    });
}

function lineOf(entry: Entry): string {
  if (!entry.ok) return `${entry.id}  unreadable: ${entry.reason}\n`;
  const { letter } = entry;
  const status = letter.lastResponse ? `  last HTTP ${letter.lastResponse.status}` : '';
  return (
    `${entry.id}  ${letter.payload.stage}  ${letter.key}  attempts ${letter.attempts}  ` +
    `${new Date(letter.atMs).toISOString()}  ${letter.reason}${status}\n`
  );
}

function jsonOf(entry: Entry): object {
  if (!entry.ok) return { id: entry.id, unreadable: entry.reason, raw: entry.raw };
  return { id: entry.id, ...liveDeadLetterJson(entry.letter) };
}

/** Opens the Redis store (bad input when unreachable), runs `body`, and closes it. */
async function withStore(redis: string, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await openRedisStore(redis);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}
