import type { OrderMatching } from '../mocks/order-matching.js';
import { performance } from 'node:perf_hooks';
import type { RunReport } from '../reports/report-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { buildRunReport } from '../sim/build-run-report.js';
import { auditDrill, waitForQuiet, type DrillAudit } from './drill-audit.js';
import { mockDiagnostics, recordDeliveryInMock } from './drill-diagnostics.js';
import { credentialsEnv, startDrillShop, type DrillCredentials } from './drill-shop.js';
import { startService, waitForTarget, type StartedService } from './drill-target.js';
import { drillWebhooks } from './drill-webhooks.js';
import { sendWebhooks, type WebhookSenderOptions } from './webhook-sender.js';

/** Settings of {@link runDrill}. */
export interface DrillOptions {
  /** The service's webhook URL (where Shopify would POST `orders/create`). */
  targetUrl: string;
  /** A shell command that starts the service, with the mock's credentials in its environment. */
  start?: string;
  /** The scenario's times (arrivals, late and duplicate deliveries, fault windows, redeliveries) are divided by this. */
  speed: number;
  /** How long to wait for the target to answer at all, in ms. */
  waitMs: number;
  /** The shop is quiet after this long without a request, in ms. */
  quietMs: number;
  /** The longest wait for quiet after the last webhook, in ms. */
  settleMs: number;
  /** The mock's port (0: a free one). */
  shopifyPort?: number;
  accessToken?: string;
  webhookSecret?: string;
  /** How the shop's orders are matched to source orders (`--match`). Defaults to the note attribute. */
  orderMatching?: OrderMatching;
  /** Connections the sender may open at once. */
  connections?: number;
  /** Redelivery waits, before `speed` (tests shorten them). Defaults to Shopify's schedule. */
  redeliveryDelaysMs?: readonly number[];
  /** Lines for the person running the drill (stderr): the service's output, each step. */
  log: (line: string) => void;
  /** Told of the credentials once the mock is up, before the target is waited for. */
  onCredentials?: (credentials: DrillCredentials, env: Record<string, string>) => void;
  /** Told of progress, at most every 500 ms while webhooks are being sent. */
  onProgress?: (progress: DrillProgress) => void;
  /** Ctrl-C: stops sending and waiting; the audit then covers what happened so far. */
  signal?: AbortSignal;
}

/** Where a drill is. */
export interface DrillProgress {
  attempts: number;
  webhooks: number;
  acknowledged: number;
  shopCalls: number;
  elapsedMs: number;
}

/** What a drill found. */
export interface DrillOutcome {
  report: RunReport;
  audit: DrillAudit;
  interrupted: boolean;
}

/**
 * Runs one drill of `scenario` against the user's service: starts the mock Shopify, (starts the service),
 * waits for the target, sends the scenario's webhooks on the drill's own timeline with the fault plan
 * counted from the first send, waits for the shop to go quiet, audits it, and returns the run report.
 * The service and the mock are stopped before it returns, whatever happens.
 *
 * @throws FunnelstormError `TARGET_UNREACHABLE` when the target never answers.
 */
export async function runDrill(scenario: Scenario, options: DrillOptions): Promise<DrillOutcome> {
  const webhooks = drillWebhooks(scenario, options.speed);
  const shop = await startDrillShop(scenario, {
    speed: options.speed,
    ...(options.shopifyPort !== undefined && { port: options.shopifyPort }),
    ...(options.accessToken !== undefined && { accessToken: options.accessToken }),
    ...(options.webhookSecret !== undefined && { webhookSecret: options.webhookSecret }),
    ...(options.orderMatching !== undefined && { orderMatching: options.orderMatching }),
  });
  const model = () => shop.server.service.model;
  let service: StartedService | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  try {
    const env = credentialsEnv(shop.credentials);
    options.onCredentials?.(shop.credentials, env);
    if (options.start !== undefined) {
      options.log(`starting: ${options.start}`);
      service = startService(options.start, env, (line) => options.log(`  [service] ${line}`));
    }
    await waitForTarget(options.targetUrl, options.waitMs, service);
    options.log(`${options.targetUrl} answers; sending ${webhooks.length} webhooks`);

    let serverOffsetMs = 0;
    let attempts = 0;
    let acknowledged = 0;
    const sendStarted = performance.now();
    const progress = (): DrillProgress => ({
      attempts,
      webhooks: webhooks.length,
      acknowledged,
      shopCalls: model().stats().calls,
      elapsedMs: performance.now() - sendStarted,
    });
    if (options.onProgress) {
      const onProgress = options.onProgress;
      ticker = setInterval(() => onProgress(progress()), 500);
    }
    const senderOptions: WebhookSenderOptions = {
      targetUrl: options.targetUrl,
      secret: shop.credentials.webhookSecret,
      shopDomain: shop.credentials.shopDomain,
      apiVersion: shop.credentials.apiVersion,
      originUnixMs: Date.now(),
      speed: options.speed,
      ...(options.connections !== undefined && { connections: options.connections }),
      ...(options.redeliveryDelaysMs !== undefined && { redeliveryDelaysMs: options.redeliveryDelaysMs }),
      ...(options.signal !== undefined && { signal: options.signal }),
      onStart: () => (serverOffsetMs = shop.startFaults()),
      onAttempt(record) {
        attempts++;
        const { outcome } = record;
        if (outcome.kind === 'status' && outcome.status >= 200 && outcome.status < 300) acknowledged++;
        recordDeliveryInMock(model(), shop.credentials.shopDomain, record, serverOffsetMs);
      },
    };
    const sent = await sendWebhooks(webhooks, senderOptions);
    clearInterval(ticker);
    options.log(
      `sent: ${sent.acknowledged} of ${sent.webhooks} acknowledged; waiting for the shop to be quiet for ` +
        `${options.quietMs / 1000} s (at most ${options.settleMs / 1000} s)`,
    );
    const quiescent = await waitForQuiet(model, options.quietMs, options.settleMs, options.signal);
    const durationMs = performance.now() - sendStarted;
    const firstDue = new Map<string, number>();
    for (const webhook of webhooks)
      if (!firstDue.has(webhook.sourceOrderId)) firstDue.set(webhook.sourceOrderId, webhook.dueMs);
    const audit = auditDrill(model(), firstDue.keys());
    const stats = model().stats();
    const toDrillMs = (serverMs: number | null): number => (serverMs ?? Number.NaN) - serverOffsetMs;
    const report = buildRunReport({
      scenario,
      arrivalsMs: [...firstDue.values()].sort((a, b) => a - b),
      audit: audit.orders,
      customerAudit: audit.customers,
      deadLetters: [],
      customerDeadLetters: [],
      // The service's own retries are not visible from outside; the mock's request log has them.
      retries: { issued: 0, peakPer100Ms: 0 },
      idealCallsPerOrder: audit.customersWritten ? 3 : 1,
      shopStats: stats,
      calls: {
        firstSentAtMs: stats.firstCallMs === null ? Infinity : toDrillMs(stats.firstCallMs),
        lastSentAtMs: toDrillMs(stats.lastCallMs),
      },
      lastCompletionMs: toDrillMs(stats.lastCallMs),
      latency: { endToEnd: sent.latencyMs.corrected, apiCall: sent.latencyMs.raw },
      simulation: { endMs: durationMs, events: sent.attempts, blockedWaits: 0, truncated: false },
      ...(scenario.faults !== undefined && { faults: shop.server.service.faultStats() }),
    });
    const { interrupted, webhooks: total, latencyMs, ...figures } = sent;
    const diagnostics = mockDiagnostics(model(), shop.credentials.shopDomain);
    return {
      report: {
        ...report,
        pipeline: { name: `drill target ${options.targetUrl}`, concurrency: 0 },
        drill: {
          target: options.targetUrl,
          speed: options.speed,
          webhooks: total,
          ...figures,
          maxLatenessMs: round(figures.maxLatenessMs),
          latencyMs,
          quiescent,
          durationMs: round(durationMs),
          ...diagnostics,
        },
      },
      audit,
      interrupted: interrupted || options.signal?.aborted === true,
    };
  } finally {
    clearInterval(ticker);
    await service?.stop();
    await shop.server.close();
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
