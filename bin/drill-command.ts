import type { OrderMatching } from '../mocks/order-matching.js';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { formatDrill } from '../reports/format-drill.js';
import { formatJsonReport, writeJsonReport } from '../reports/json-report.js';
import { formatSummary } from '../reports/summary.js';
import type { Threshold } from '../reports/thresholds.js';
import { isFunnelstormError } from '../runtime/errors.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { resolveScenario } from '../sim/run-scenario.js';
import type { CliIo } from './cli-io.js';
import { formatDrillFindings, formatDrillProgress } from './drill-findings.js';
import { formatSaturation, saturateTarget } from './drill-saturate.js';
import { finishRun } from './finish-run.js';
import { integerFlag } from './parse-flags.js';
import { auditFailed } from './run-command.js';
import { matchFlag, matchFlagHelp } from './match-flag.js';
import { runDrill } from './run-drill.js';
import { runThresholds, thresholdFlag } from './run-thresholds.js';
import { assertWritablePath } from './writable-path.js';

/** Options of `funnelstorm drill`, after parsing. */
export interface DrillFlags {
  target: string;
  start?: string;
  speed: number;
  seed?: number;
  waitSeconds: number;
  quietSeconds: number;
  settleSeconds: number;
  shopifyPort: number;
  accessToken?: string;
  match?: OrderMatching;
  webhookSecret?: string;
  connections: number;
  json?: string;
  threshold?: Threshold[];
  out?: string;
  quiet?: boolean;
  saturate?: boolean;
  saturateSeconds: number;
}

/**
 * `funnelstorm drill <scenario> --target URL`: a chaos drill of the user's own running service. Exit codes
 * as `run`: 0 the audit is clean and every threshold met, 1 duplicates, missing orders, lost updates, Retry-After violations, a
 * failed threshold or an interrupted drill, 2 bad input or a target that never answered.
 */
export function drillCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('drill')
    .summary('chaos-drill your own running service: send it the launch’s webhooks, audit the mock shop')
    .description(
      'A chaos drill before a launch: funnelstorm plays Shopify for your running service. It starts the mock ' +
        'Shopify (the scenario’s plan and fault plan), hands its URL, an access token and the webhook secret to ' +
        'your service (environment variables with --start, printed otherwise), sends the scenario’s orders/create ' +
        'webhooks — signed, with Shopify’s headers, duplicates, late deliveries, 5 s timeout and redeliveries — ' +
        'at their times on a real clock, then waits for the shop to go quiet and audits it: duplicate and ' +
        'missing orders, lost updates, calls and 429s. See docs/drill.md.',
    )
    .argument('<scenario>', 'scenario file, YAML or JSON (e.g. scenarios/drill-launch-plus.yaml)')
    .requiredOption(
      '--target <url>',
      'the service’s webhook URL, e.g. http://127.0.0.1:3000/webhooks',
      urlFlag,
    )
    .option(
      '--start <command>',
      'start the service with this shell command, SHOPIFY_API_URL, SHOPIFY_SHOP_DOMAIN, SHOPIFY_ACCESS_TOKEN, ' +
        'SHOPIFY_WEBHOOK_SECRET and SHOPIFY_API_VERSION in its environment; stopped at the end and on Ctrl-C',
    )
    .option(
      '--speed <n>',
      'divide the scenario’s times (arrivals, delivery delays, fault windows, redelivery waits) by n; the ' +
        'shop’s rate limits stay real, so a faster drill is a harder one',
      speedFlag,
      1,
    )
    .option(
      '-s, --seed <n>',
      'seed of the traffic and faults; overrides the file’s',
      integerFlag('--seed', 0, 2 ** 32 - 1),
    )
    .option(
      '--wait-seconds <n>',
      'how long to wait for the target to answer',
      integerFlag('--wait-seconds', 1, 3600),
      30,
    )
    .option(
      '--quiet-seconds <n>',
      'after the last webhook, the shop counts as done after this long without a request',
      integerFlag('--quiet-seconds', 1, 3600),
      5,
    )
    .option(
      '--settle-seconds <n>',
      'the longest wait for the shop to go quiet after the last webhook',
      integerFlag('--settle-seconds', 1, 24 * 3600),
      300,
    )
    .option(
      '--shopify-port <n>',
      'the mock Shopify’s port; 0 picks a free one',
      integerFlag('--shopify-port', 0, 65535),
      0,
    )
    .option('--access-token <token>', 'the access token the mock accepts (default: a random one)')
    .option('--webhook-secret <secret>', 'the secret the webhooks are signed with (default: a random one)')
    .option('--match <how>', matchFlagHelp, matchFlag)
    .option(
      '--connections <n>',
      'connections the webhook sender may open at once; a webhook due while all are busy waits (and its latency counts from when it was due)',
      integerFlag('--connections', 1, 10_000),
      256,
    )
    .option(
      '--json <file>',
      'also write the JSON report to <file> ("-" for stdout; the summary then goes to stderr)',
    )
    .option(
      '-t, --threshold <expr>',
      'a pass mark such as "p99 < 5s" or "duplicates == 0"; repeatable, added to the file’s',
      thresholdFlag,
    )
    .option('-o, --out <dir>', 'write summary.json, summary.md, junit.xml and report.html into <dir>')
    .option('-q, --quiet', 'print no summary; only what failed, on stderr')
    .option(
      '--saturate',
      'instead of the drill: how many signed webhooks/s the target acknowledges within 5 s, measured by autocannon over --connections connections (no faults, no audit)',
    )
    .option(
      '--saturate-seconds <n>',
      'how long --saturate runs',
      integerFlag('--saturate-seconds', 1, 3600),
      10,
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 audit clean, every threshold met · 1 duplicate or missing orders, lost updates, Retry-After violations, a failed ' +
        'threshold, or interrupted · 2 bad scenario or flags, or the target never answered.\n\n' +
        'Examples:\n' +
        '  funnelstorm drill scenarios/drill-launch-plus.yaml --target http://127.0.0.1:3000/webhooks \\\n' +
        '    --start "node examples/naive-service/server.js" --speed 10\n' +
        '  funnelstorm drill scenarios/drill-launch-plus.yaml --target http://127.0.0.1:3001/webhooks \\\n' +
        '    --start "node examples/reference-service/server.js" --saturate\n',
    )
    .action(async (file: string, flags: DrillFlags) => {
      if (flags.json !== undefined && flags.json !== '-')
        assertWritablePath('--json', flags.json, { createsFolders: true });
      if (flags.out !== undefined)
        assertWritablePath('--out', join(flags.out, 'summary.json'), { createsFolders: true });
      const scenario = resolveScenario(loadScenario(file), {
        ...(flags.seed !== undefined && { seed: flags.seed }),
      });
      const thresholds = runThresholds(scenario.thresholds, flags.threshold ?? [], file);
      const loud = flags.quiet !== true;
      const say = !loud ? () => undefined : flags.json === '-' ? io.stderr : io.stdout;
      const log = (line: string): void => {
        if (loud) io.stderr(`${line}\n`);
      };
      log(
        `funnelstorm drill ${file} · seed ${scenario.seed} · plan ${scenario.shop.plan} · speed ×${flags.speed}`,
      );
      const interrupt = new AbortController();
      const onSignal = (): void => {
        io.stderr('\ninterrupted: stopping the drill (the audit covers what happened so far)\n');
        interrupt.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        if (flags.saturate === true) {
          const result = await saturateTarget(scenario, {
            targetUrl: flags.target,
            ...(flags.start !== undefined && { start: flags.start }),
            waitMs: flags.waitSeconds * 1000,
            durationSeconds: flags.saturateSeconds,
            connections: flags.connections,
            log,
          });
          io.stdout(`${formatSaturation(result, flags.target)}\n`);
          setExitCode(0);
          return;
        }
        const outcome = await runDrill(scenario, {
          targetUrl: flags.target,
          ...(flags.start !== undefined && { start: flags.start }),
          speed: flags.speed,
          waitMs: flags.waitSeconds * 1000,
          quietMs: flags.quietSeconds * 1000,
          settleMs: flags.settleSeconds * 1000,
          shopifyPort: flags.shopifyPort,
          ...(flags.accessToken !== undefined && { accessToken: flags.accessToken }),
          ...(flags.match !== undefined && { orderMatching: flags.match }),
          ...(flags.webhookSecret !== undefined && { webhookSecret: flags.webhookSecret }),
          connections: flags.connections,
          signal: interrupt.signal,
          log,
          onCredentials(credentials, env) {
            log(`mock Shopify on ${credentials.apiUrl} (admin API ${credentials.apiUrl}/__admin)`);
            if (flags.start === undefined) {
              // Without --start the user starts the service: it needs these before the first webhook.
              io.stderr(
                `start your service with:\n${Object.entries(env)
                  .map(([k, v]) => `  export ${k}=${v}`)
                  .join('\n')}\n`,
              );
            }
          },
          ...(io.progress && { onProgress: (p) => io.stderr(formatDrillProgress(p)) }),
        });
        if (io.progress) io.stderr('\r\u001b[K');
        const { report } = outcome;
        const color = io.color && flags.json !== '-';
        say(`${formatSummary(report, { color })}\n`);
        if (report.drill) say(`${formatDrill(report.drill)}\n`);
        say(formatDrillFindings(outcome));
        if (flags.json === '-') io.stdout(formatJsonReport(report));
        else if (flags.json !== undefined) {
          await writeJsonReport(flags.json, report);
          say(`JSON report written to ${flags.json}\n`);
        }
        // Retrying sooner than the shop's Retry-After is a drill failure too: Shopify asks apps to wait it out.
        const violations = (report.drill?.clients ?? []).reduce((n, c) => n + c.retryAfterViolations, 0);
        const failed = auditFailed(report) || violations > 0;
        if (failed)
          io.stderr(
            `funnelstorm drill: the audit failed: ${report.orders.duplicates} duplicates, ${report.orders.missing} ` +
              `missing, ${report.customers.lostUpdates} lost updates, ${violations} Retry-After violations\n`,
          );
        if (outcome.interrupted) io.stderr('funnelstorm drill: interrupted before the end\n');
        const passed = await finishRun(io, say, report, thresholds, {
          failedBefore: failed || outcome.interrupted,
          color,
          ...(flags.out !== undefined && { out: flags.out }),
        });
        setExitCode(passed ? 0 : 1);
      } catch (error) {
        if (!isFunnelstormError(error, 'TARGET_UNREACHABLE')) throw error;
        io.stderr(`error: ${error.message}\n`);
        setExitCode(2);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

function urlFlag(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:') return url.href;
  } catch {
    // falls through to the message
  }
  throw new InvalidArgumentError(
    `--target must be an http URL of the service's webhook endpoint, such as http://127.0.0.1:3000/webhooks (got "${value}").`,
  );
}

function speedFlag(value: string): number {
  const speed = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(speed > 0) || speed > 10_000)
    throw new InvalidArgumentError(`--speed must be a number above 0 and at most 10000 (got "${value}").`);
  return speed;
}
