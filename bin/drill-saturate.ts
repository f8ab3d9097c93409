import { FunnelstormError } from '../runtime/errors.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { credentialsEnv, startDrillShop } from './drill-shop.js';
import { startService, waitForTarget, type StartedService } from './drill-target.js';
import { drillWebhooks, webhookHeaders } from './drill-webhooks.js';
import { shopifyDeliveryTimeoutMs } from './webhook-sender.js';

/** Settings of {@link saturateTarget}. */
export interface SaturateOptions {
  targetUrl: string;
  start?: string;
  waitMs: number;
  /** How long autocannon runs, in seconds. */
  durationSeconds: number;
  /** autocannon's connections (`-c`). */
  connections: number;
  log: (line: string) => void;
}

/** autocannon's own figures for the saturation run. */
export interface SaturateResult {
  /** Signed webhooks the target acknowledged (2xx within Shopify's 5 s) per second of the run. */
  acknowledgedPerSecond: number;
  acknowledged: number;
  non2xx: number;
  /** Requests that got no answer within 5 s, and other connection errors (timeouts included). */
  timeouts: number;
  errors: number;
  latencyMs: { p50: number; p99: number; max: number };
  durationSeconds: number;
  connections: number;
}

/**
 * `funnelstorm drill --saturate`: how many signed webhooks per second the target's intake acknowledges
 * within Shopify's 5 s, measured by autocannon (closed loop, `connections` at once, each request a new
 * signed delivery of the scenario's orders, cycling with fresh webhook ids). The mock Shopify runs behind
 * the service as in a drill, without faults; nothing is audited. For capacity, not for pacing: the
 * open-model drill is what measures latency without coordinated omission.
 *
 * @throws FunnelstormError `TARGET_UNREACHABLE`, or `FLAG_INVALID` when autocannon is not installed.
 */
export async function saturateTarget(scenario: Scenario, options: SaturateOptions): Promise<SaturateResult> {
  const autocannon = await loadAutocannon();
  const shop = await startDrillShop({ ...scenario, faults: undefined }, { speed: 1 });
  let service: StartedService | undefined;
  try {
    const env = credentialsEnv(shop.credentials);
    if (options.start !== undefined) {
      options.log(`starting: ${options.start}`);
      service = startService(options.start, env, (line) => options.log(`  [service] ${line}`));
    } else {
      options.log(
        `start your service with:\n${Object.entries(env)
          .map(([k, v]) => `  export ${k}=${v}`)
          .join('\n')}`,
      );
    }
    await waitForTarget(options.targetUrl, options.waitMs, service);
    const webhooks = drillWebhooks(scenario, 1);
    if (webhooks.length === 0) throw new FunnelstormError('FLAG_INVALID', 'the scenario sends no webhooks');
    const settings = {
      ...shop.credentials,
      secret: shop.credentials.webhookSecret,
      originUnixMs: Date.now(),
    };
    let sent = 0;
    options.log(
      `saturating ${options.targetUrl} with autocannon: ${options.connections} connections for ${options.durationSeconds} s`,
    );
    const result = await autocannon({
      url: options.targetUrl,
      method: 'POST',
      connections: options.connections,
      duration: options.durationSeconds,
      timeout: shopifyDeliveryTimeoutMs / 1000,
      requests: [
        {
          setupRequest(request) {
            // Each request a new delivery: the scenario's orders in turn, each lap with fresh webhook ids.
            const n = sent++;
            const webhook = webhooks[n % webhooks.length] as (typeof webhooks)[number];
            const lap = Math.floor(n / webhooks.length);
            const delivery = { ...webhook, webhookId: `${webhook.webhookId}-${lap}` };
            return {
              ...request,
              method: 'POST',
              body: webhook.body,
              headers: webhookHeaders(delivery, settings),
            };
          },
        },
      ],
    });
    return {
      acknowledgedPerSecond: result['2xx'] / result.duration,
      acknowledged: result['2xx'],
      non2xx: result.non2xx,
      timeouts: result.timeouts,
      errors: result.errors,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      durationSeconds: result.duration,
      connections: options.connections,
    };
  } finally {
    await service?.stop();
    await shop.server.close();
  }
}

/** autocannon, loaded on demand: a development dependency, needed only by `--saturate`. */
async function loadAutocannon(): Promise<typeof import('autocannon')> {
  try {
    return (await import('autocannon')).default;
  } catch (error) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `--saturate needs autocannon (npm install autocannon): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The result as lines for people: autocannon's figures, and what they mean. */
export function formatSaturation(result: SaturateResult, targetUrl: string): string {
  return [
    `saturation  ${Math.round(result.acknowledgedPerSecond).toLocaleString('en-US')} signed webhooks/s acknowledged (2xx within 5 s) by ${targetUrl}`,
    `            ${result.acknowledged.toLocaleString('en-US')} acknowledged · ${result.non2xx.toLocaleString('en-US')} non-2xx · ` +
      `${result.timeouts.toLocaleString('en-US')} timeouts · ${result.errors.toLocaleString('en-US')} errors · ` +
      `${result.connections} connections × ${result.durationSeconds} s`,
    `latency     p50 ${result.latencyMs.p50} ms · p99 ${result.latencyMs.p99} ms · max ${result.latencyMs.max} ms (autocannon, closed loop)`,
  ].join('\n');
}
