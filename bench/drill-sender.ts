import autocannon from 'autocannon';
import type { DrillWebhook } from '../bin/drill-webhooks.js';
import { sendWebhooks } from '../bin/webhook-sender.js';
import type { ArrivalStats } from './arrival-stats.js';
import { firstJsonLine, spawnNode, stopChild } from './child-process.js';

/** One rate's figures for one load generator, as the target saw the requests arrive. */
export interface PacedRun {
  generator: 'funnelstorm drill' | 'autocannon -R';
  requestedPerSecond: number;
  arrivals: ArrivalStats;
  /** Sends the generator itself counted as late (more than 10 ms after due); autocannon does not say. */
  lateSends?: number;
  /**
   * CPU time this process spent per request while the generator ran (user + system), in µs: both run in
   * this process, so the two compare even when other work on the machine delays them both.
   */
  cpuMicrosPerRequest: number;
}

/** Settings of {@link benchDrillSender}. */
export interface DrillSenderBenchOptions {
  /** Requested rates, per second. Defaults to 1,000, 5,000 and 20,000 (issue 14, acceptance 3). */
  rates: readonly number[];
  /** Seconds at each rate. Defaults to 3. */
  durationSeconds: number;
  /** autocannon's connections (`-c`). Defaults to 100. */
  autocannonConnections: number;
}

/** Defaults of {@link DrillSenderBenchOptions}. */
export const defaultDrillSenderBenchOptions: Readonly<DrillSenderBenchOptions> = {
  rates: [1_000, 5_000, 20_000],
  durationSeconds: 3,
  autocannonConnections: 100,
};

/**
 * Issue 14, acceptance 3: how well the drill's open-model sender keeps a requested rate, next to autocannon
 * `-R` (its `overallRate`) on the same bare local target (a child process that answers 200 at once and
 * records each arrival). For each rate, each generator's achieved rate (arrivals over their span) and its
 * largest 10 ms burst, against the requested rate × 10 ms — the reference in the same run.
 */
export async function benchDrillSender(options: Partial<DrillSenderBenchOptions> = {}): Promise<PacedRun[]> {
  const settings = { ...defaultDrillSenderBenchOptions, ...options };
  const child = spawnNode(new URL('./arrival-recorder-child.js', import.meta.url), [], {
    pinned: false,
    why: 'a sender and a target share this machine',
  });
  try {
    const { url } = await firstJsonLine<{ url: string }>(child, 'arrival recorder');
    const stats = async (): Promise<ArrivalStats> =>
      (await (await fetch(`${url}/__stats`)).json()) as ArrivalStats;
    const body = JSON.stringify({ id: 'so-000001', total_price: '19.00', customer: { id: 7000000000001 } });
    const runs: PacedRun[] = [];
    for (const rate of settings.rates) {
      const count = Math.round(rate * settings.durationSeconds);
      const webhooks: DrillWebhook[] = Array.from({ length: count }, (_, i) => ({
        sourceOrderId: `so-${i + 1}`,
        dueMs: (i * 1000) / rate,
        body,
        webhookId: `w-${i + 1}`,
        eventId: `e-${i + 1}`,
        triggeredMs: (i * 1000) / rate,
      }));
      await stats(); // starts the count over
      let cpu = process.cpuUsage();
      const sent = await sendWebhooks(webhooks, {
        targetUrl: `${url}/webhooks`,
        secret: 'bench',
        shopDomain: 'bench.myshopify.com',
        apiVersion: '2026-01',
        originUnixMs: 0,
      });
      runs.push({
        generator: 'funnelstorm drill',
        requestedPerSecond: rate,
        arrivals: await stats(),
        lateSends: sent.lateSends,
        cpuMicrosPerRequest: cpuMicros(process.cpuUsage(cpu)) / count,
      });
      cpu = process.cpuUsage();
      await autocannon({
        url: `${url}/webhooks`,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        connections: settings.autocannonConnections,
        overallRate: rate,
        amount: count,
      });
      const autocannonCpu = cpuMicros(process.cpuUsage(cpu)) / count;
      runs.push({
        generator: 'autocannon -R',
        requestedPerSecond: rate,
        arrivals: await stats(),
        cpuMicrosPerRequest: autocannonCpu,
      });
    }
    return runs;
  } finally {
    await stopChild(child);
  }
}

/** The bench section's text: one line per generator and rate, ratios against the requested rate. */
export function formatDrillSenderBench(runs: readonly PacedRun[]): string {
  const lines = [
    'webhook sender pacing   achieved / requested rate, and the largest 10 ms burst / the even 10 ms share',
  ];
  for (const run of runs) {
    const { arrivals, requestedPerSecond } = run;
    const evenShare = requestedPerSecond / 100;
    const late = run.lateSends === undefined ? '' : ` · ${run.lateSends.toLocaleString('en-US')} late sends`;
    lines.push(
      `  ${run.generator.padEnd(18)} ${String(requestedPerSecond).padStart(6)}/s: ` +
        `${(arrivals.achievedPerSecond / requestedPerSecond).toFixed(3)} × requested ` +
        `(${Math.round(arrivals.achievedPerSecond).toLocaleString('en-US')}/s, ${arrivals.count.toLocaleString('en-US')} arrived) · ` +
        `burst ${(arrivals.maxInWindow / evenShare).toFixed(1)} × (${arrivals.maxInWindow} in 10 ms vs ${evenShare}) · ` +
        `${run.cpuMicrosPerRequest.toFixed(0)} µs CPU per request${late}`,
    );
  }
  lines.push(
    '  the drill paces (an open model: each request at its time, latency from that time); autocannon saturates.',
    '  A rate the drill reaches below 0.99 × is past what this process can send here (see its CPU per request).',
  );
  return lines.join('\n');
}

function cpuMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}
