import { Command, InvalidArgumentError, Option } from 'commander';
import { loadFaultPlan } from '../mocks/faults/parse-fault-plan.js';
import { startMockServer, defaultMockServerOptions, type MockServer } from '../mocks/http-server.js';
import { isShopDomain } from '../mocks/http-shop-domain.js';
import { allPlanNames, plans, type PlanName } from '../mocks/plans.js';
import { politenessLine } from '../mocks/politeness-line.js';
import { createShopifyService } from '../mocks/shopify-service.js';
import type { OrderMatching } from '../mocks/order-matching.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { systemClock } from '../runtime/system-clock.js';
import type { CliIo } from './cli-io.js';
import { matchFlag, matchFlagHelp } from './match-flag.js';
import { integerFlag } from './parse-flags.js';
import { untilSignalled } from './until-signalled.js';

/** Options of `funnelstorm serve`, after parsing. */
export interface ServeFlags {
  /** The plan whose REST limits every shop gets. Defaults to `standard`. */
  plan: PlanName;
  /** A fault-plan file (YAML or JSON). Default: no faults. */
  faults?: string;
  /** The TCP port; 0 picks a free one. Defaults to 0. */
  port: number;
  /** The address to bind. Defaults to `127.0.0.1`. */
  host: string;
  /** The seed of the fault decisions. Defaults to 1. */
  seed: number;
  /** The shop of requests whose Host names none. Defaults to `funnelstorm-test.myshopify.com`. */
  shop: string;
  /** The only access tokens accepted. Default: any non-empty token. */
  token?: string[];
  /** Fenced customer updates: a stale `X-Funnelstorm-Fencing-Token` gets 409. Defaults to false. */
  fencing?: boolean;
  /** The largest request body, in bytes. Defaults to 1 MiB. */
  maxBodyBytes: number;
  /** The token `/__admin` requires. Defaults to the `--token` list (none when it is unset). */
  adminToken?: string;
  /** Start off loopback with `/__admin` open to anyone (no token): refused unless given. */
  allowOpenAdmin?: boolean;
  /** How orders are matched to source orders (`--match`). Default: the `source_order_id` note attribute. */
  match?: OrderMatching;
}

/**
 * Waits until the server should stop. By default: the first SIGINT or SIGTERM (then exit 0).
 * Tests pass their own.
 */
export type WaitForStop = (server: MockServer) => Promise<void>;

/**
 * `funnelstorm serve`: the mock Shopify over real HTTP until interrupted. Prints one line with the URL on
 * stdout and nothing per request; exit code 0 after SIGINT/SIGTERM, 2 for bad flags or a bad fault file.
 */
export function serveCommand(
  io: CliIo,
  setExitCode: (code: number) => void,
  waitForStop: WaitForStop = untilSignalled,
): Command {
  return new Command('serve')
    .summary('serve the mock Shopify over HTTP, with its /__admin API')
    .description(
      'Serve the mock Shopify over real HTTP: the REST and GraphQL Admin APIs with the plan’s exact rate limits, ' +
        'seeded chaos faults, and a /__admin API to read stats and the audit, reset state, and change ' +
        'the plan or the fault plan while it runs. Runs until Ctrl-C (SIGINT) or SIGTERM.',
    )
    .addOption(
      new Option(
        '--plan <name>',
        'Shopify plan whose REST bucket and GraphQL cost bucket every app on every shop gets',
      )
        .choices(allPlanNames)
        .default('standard'),
    )
    .option('--faults <file>', 'fault plan to inject, YAML or JSON (default: no faults)')
    .option('--port <n>', 'TCP port; 0 picks a free one', integerFlag('--port', 0, 65535), 0)
    .option(
      '--host <address>',
      'address to bind; keep loopback unless you need otherwise',
      defaultMockServerOptions.host,
    )
    .option(
      '--seed <n>',
      'seed of the fault decisions (0 to 4294967295)',
      integerFlag('--seed', 0, 2 ** 32 - 1),
      1,
    )
    .option(
      '--shop <domain>',
      'shop served when neither X-Funnelstorm-Shop nor the Host header names a *.myshopify.com shop',
      shopFlag,
      defaultMockServerOptions.defaultShop,
    )
    .option(
      '--token <token...>',
      'the only access tokens accepted (X-Shopify-Access-Token); others get 401 (default: any non-empty token)',
    )
    .option(
      '--max-body-bytes <n>',
      'largest request body; larger ones get 413 unread',
      integerFlag('--max-body-bytes', 1, 2 ** 31 - 1),
      defaultMockServerOptions.maxBodyBytes,
    )
    .option(
      '--admin-token <token>',
      'the token /__admin requires (X-Shopify-Access-Token or Authorization: Bearer); default: the --token list',
    )
    .option(
      '--allow-open-admin',
      'start off loopback (--host) even though /__admin has no token: anyone who can reach the port can reset the shop or inject faults',
    )
    .option(
      '--fencing',
      'fenced customer updates: a PUT whose X-Funnelstorm-Fencing-Token is older than one the customer has seen gets 409 (default: off)',
    )
    .option('--match <how>', matchFlagHelp, matchFlag)
    .addHelpText(
      'after',
      '\nThe URL goes to stdout as one line; nothing is logged per request. Exit codes: 0 stopped by ' +
        'SIGINT/SIGTERM · 2 bad flags or fault file, or --host off loopback with /__admin open (no --token, ' +
        '--admin-token or --allow-open-admin).\n\n' +
        '/__admin takes JSON only (a fault plan also as Content-Type: application/yaml), refuses requests ' +
        'from web pages (a foreign Origin), and needs --admin-token, else one of --token, when set.\n\n' +
        'Examples:\n' +
        '  funnelstorm serve --plan plus --port 0\n' +
        '  funnelstorm serve --plan standard --faults faults.yaml --seed 7 --port 4100\n' +
        '  curl -s http://127.0.0.1:4100/__admin/stats\n\n' +
        'At exit, and on SIGUSR2 (kill -USR2 <pid>), it prints one line per client (access token) to stderr: ' +
        'its politeness score — 429s caused, Retry-After violations, calls at a full bucket, idle bucket ' +
        'capacity; GET /__admin/clients shows it too.\n',
    )
    .action(async (flags: ServeFlags) => {
      const adminOpen = flags.adminToken === undefined && flags.token === undefined;
      const offLoopback = !isLoopback(flags.host);
      if (adminOpen && offLoopback && flags.allowOpenAdmin !== true) {
        throw new FunnelstormError(
          'FLAG_INVALID',
          `--host ${flags.host}: the server would be reachable beyond this machine with /__admin open to anyone ` +
            '(reset the shop, inject faults). Give --admin-token <token> (or --token), or --allow-open-admin to accept it.',
        );
      }
      const limits = plans[flags.plan];
      const faults = flags.faults === undefined ? undefined : loadFaultPlan(flags.faults);
      const service = createShopifyService({
        model: {
          limits,
          accessTokens: flags.token,
          maxBodyBytes: flags.maxBodyBytes,
          fencing: flags.fencing === true,
          orderMatching: flags.match,
          // Time 0 of the model is now, so created_at shows today's date.
          timeOriginMs: systemClock.nowMs(),
        },
        random: createRandom(flags.seed).fork('faults'),
        faults,
      });
      const server = await listenOrExplain(flags, () =>
        startMockServer({
          service,
          clock: systemClock,
          host: flags.host,
          port: flags.port,
          maxBodyBytes: flags.maxBodyBytes,
          defaultShop: flags.shop,
          planName: flags.plan,
          adminToken: flags.adminToken,
        }),
      );
      io.stdout(
        `funnelstorm mock Shopify on ${server.url} (plan ${flags.plan}: REST ${limits.bucketSize}/` +
          `${limits.leakPerSecond}, seed ${flags.seed})\n`,
      );
      const faultsNote =
        faults === undefined ? 'no faults' : `faults ${flags.faults} (${faults.rules.length} rules)`;
      const guard = adminOpen ? '' : ' (token required)';
      io.stderr(
        `admin API: ${server.url}/__admin${guard} · default shop ${flags.shop} · ${faultsNote} · Ctrl-C stops\n`,
      );
      if (adminOpen && offLoopback) {
        io.stderr(
          `WARNING: /__admin is open to anyone who can reach ${server.url} (--allow-open-admin): they can reset ` +
            'the shop and inject faults. Give --admin-token to close it.\n',
        );
      }
      // The politeness lines on request (kill -USR2 <pid>) while running, and once more at exit.
      const printClients = (): void => {
        for (const client of server.service.model.clientPoliteness())
          io.stderr(`${politenessLine(client)}\n`);
      };
      process.on('SIGUSR2', printClients);
      try {
        await waitForStop(server);
      } finally {
        process.off('SIGUSR2', printClients);
      }
      await server.close();
      printClients();
      setExitCode(0);
    });
}

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

function shopFlag(value: string): string {
  const domain = value.trim().toLowerCase();
  if (!isShopDomain(domain)) {
    throw new InvalidArgumentError(
      `--shop must be a *.myshopify.com domain such as launch.myshopify.com (got "${value}").`,
    );
  }
  return domain;
}

async function listenOrExplain(flags: ServeFlags, start: () => Promise<MockServer>): Promise<MockServer> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new FunnelstormError(
        'FLAG_INVALID',
        `--port ${flags.port}: cannot listen on ${flags.host}:${flags.port} (${code}). Pick another port, or --port 0 for a free one.`,
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new FunnelstormError(
        'FLAG_INVALID',
        `--host ${flags.host}: not an address of this machine (${code}).`,
      );
    }
    throw error;
  }
}
