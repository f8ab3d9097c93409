import type { ClientPoliteness } from './politeness.js';

/**
 * One client's politeness score as one line of text, as `funnelstorm serve` prints it at exit, e.g.
 * `client shpat_…abcd on launch.myshopify.com: 44 requests · 3 429s (+1 injected) · 1 Retry-After
 * violation (1998 ms sooner in all, at most 1998 ms) · 4 calls at a full bucket · idle bucket 0 ms
 * (0.0 calls) · 0 GraphQL over the available cost`.
 */
export function politenessLine(client: ClientPoliteness): string {
  const violations =
    `${client.retryAfterViolations} Retry-After ${plural(client.retryAfterViolations, 'violation')}` +
    (client.retryAfterViolations === 0
      ? ''
      : ` (${ms(client.retryAfterShortfallMsTotal)} sooner in all, at most ${ms(client.retryAfterShortfallMsMax)})`);
  return (
    `client ${client.client} on ${client.shop}: ${client.requests} ${plural(client.requests, 'request')} · ` +
    `${client.throttled} 429s (+${client.injectedThrottled} injected) · ${violations} · ` +
    `${client.callsAtFullBucket} calls at a full bucket · idle bucket ${ms(client.idleBucketMs)} ` +
    `(${client.idleCapacityCalls.toFixed(1)} calls) · ${client.graphqlOverAvailableCost} GraphQL over the available cost`
  );
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
