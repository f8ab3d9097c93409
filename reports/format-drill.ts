import type { DrillClient, DrillReport } from './drill-report.js';
import { formatDuration } from './format-duration.js';
import { formatNumber } from './format-number.js';
import { wrapLine } from './wrap-line.js';

/**
 * The drill's block of the summary: what the webhook sender did and its two latencies, one labelled
 * line each, wrapped to `columns`.
 *
 * @example
 * formatDrill(report.drill); // 'webhooks    120 sent · 120 acknowledged · …'
 */
export function formatDrill(drill: DrillReport, columns = 80): string {
  const { corrected, raw } = drill.latencyMs;
  const line = (label: string, text: string): string => wrapLine(`${label.padEnd(12)}${text}`, columns, 12);
  const late =
    drill.lateSends === 0
      ? '0 late sends'
      : `${formatNumber(drill.lateSends)} late sends (latest ${formatDuration(drill.maxLatenessMs)})`;
  return [
    line(
      'webhooks',
      `${formatNumber(drill.webhooks)} to ${drill.target} · ${formatNumber(drill.acknowledged)} acknowledged · ` +
        `${formatNumber(drill.redeliveries)} redeliveries · ${formatNumber(drill.timeouts)} timed out (5 s) · ` +
        `${formatNumber(drill.gaveUp)} given up · ${late} · speed ×${formatNumber(drill.speed, 2)}`,
    ),
    line(
      'answered',
      `from the due time p50 ${formatDuration(corrected.p50)} · p99 ${formatDuration(corrected.p99)} · max ` +
        `${formatDuration(corrected.max)}; from the send p50 ${formatDuration(raw.p50)} · p99 ` +
        `${formatDuration(raw.p99)}`,
    ),
    line(
      'settled',
      drill.quiescent
        ? `the shop went quiet; audited ${formatDuration(drill.durationMs)} after the first webhook`
        : `the shop was still busy at the bound (--settle-seconds): orders still on their way count as missing`,
    ),
    ...drill.clients.map((client) => line('client', clientPoliteness(client))),
  ].join('\n');
}

/** One client's politeness in words: 429s caused, Retry-After violations, calls at a full bucket, idle capacity. */
function clientPoliteness(client: DrillClient): string {
  const violations =
    client.retryAfterViolations === 0
      ? '0 Retry-After violations'
      : `${formatNumber(client.retryAfterViolations)} Retry-After violations (${formatDuration(client.retryAfterShortfallMsTotal)} ` +
        `sooner in all, at most ${formatDuration(client.retryAfterShortfallMsMax)})`;
  return (
    `${client.client}: ${formatNumber(client.requests)} requests · ${formatNumber(client.throttled)} 429s caused ` +
    `(+${formatNumber(client.injectedThrottled)} injected) · ${violations} · ${formatNumber(client.callsAtFullBucket)} ` +
    `calls at a full bucket · ${formatNumber(client.idleCapacityCalls, 1)} calls of idle capacity` +
    (client.graphqlOverAvailableCost === 0
      ? ''
      : ` · ${formatNumber(client.graphqlOverAvailableCost)} GraphQL over cost`)
  );
}
