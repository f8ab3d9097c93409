import { formatSeconds } from './format-duration.js';
import { formatNumber } from './format-number.js';
import type { ShopReport, WebhookReport } from './report-model.js';
import { wrapLine } from './wrap-line.js';

/** Layout of {@link formatShops}: the summary's width and label column. */
export interface ShopLinesLayout {
  columns: number;
  labelWidth: number;
}

const dot = ' · ';

/**
 * The summary's block for a many-shop run: a `shops` line with the count and the first domain, then one
 * line per shop, by rank — its orders, calls, 429s, end-to-end p99, drain, and the properties
 * broken on it (the JSON report's `shops` has every figure, with the domain).
 *
 * @example
 * formatShops(report.shops, { columns: 80, labelWidth: 12 });
 * // shops       10 · 01 = funnelstorm-launch-01.myshopify.com, …
 * //   01        104 orders · 312 calls · 0 × 429 · p99 41.2 s · drain 52.0 s
 */
export function formatShops(shops: readonly ShopReport[], layout: ShopLinesLayout): string[] {
  const { columns, labelWidth } = layout;
  const rankWidth = Math.max(2, String(shops.length).length);
  const rankOf = (index: number) => String(index + 1).padStart(rankWidth, '0');
  const lines = [
    wrapLine(
      `${'shops'.padEnd(labelWidth)}${shops.length}${dot}${rankOf(0)} = ${shops[0]?.domain ?? ''}, …`,
      columns,
      labelWidth,
    ),
  ];
  shops.forEach((shop, index) => {
    const parts = [
      `${formatNumber(shop.orders)} orders`,
      `${formatNumber(shop.calls)} calls`,
      `${formatNumber(shop.status429)} × 429`,
      `p99 ${formatSeconds(shop.p99Ms)}`,
      `drain ${formatSeconds(shop.drainMs)}`,
      ...(shop.brokenProperties.length > 0 ? [`BROKEN ${shop.brokenProperties.join(', ')}`] : []),
    ];
    const rank = `  ${rankOf(index)}`.padEnd(labelWidth);
    lines.push(wrapLine(`${rank}${parts.join(dot)}`, columns, labelWidth));
  });
  return lines;
}

/** `12 failed attempts · 30 slow answers · 40 redelivered · 0 abandoned`: what Shopify's redelivery did. */
export function webhooksText(webhooks: WebhookReport): string {
  return [
    `${formatNumber(webhooks.failedAttempts)} failed attempts`,
    `${formatNumber(webhooks.slowAnswers)} slow answers`,
    `${formatNumber(webhooks.redelivered)} redelivered`,
    `${formatNumber(webhooks.abandoned)} abandoned`,
  ].join(dot);
}
