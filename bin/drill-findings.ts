import { formatDuration } from '../reports/format-duration.js';
import { formatNumber } from '../reports/format-number.js';
import type { DrillOutcome, DrillProgress } from './run-drill.js';

/** How many ids each list of findings names. */
const idsNamed = 10;

/**
 * What the drill's audit found, for people: the duplicated and missing source orders by id, the customers
 * whose totals are off, and why each duplicate exists (the mock's duplicate causes).
 * Empty when there is nothing to say.
 */
export function formatDrillFindings(outcome: DrillOutcome): string {
  const { orders, customers, customersWritten } = outcome.audit;
  const lines: string[] = [];
  const named = (ids: readonly string[], total: number): string =>
    `${ids.slice(0, idsNamed).join(', ')}${total > idsNamed ? ` and ${formatNumber(total - idsNamed)} more` : ''}`;
  if (orders.duplicates > 0) {
    lines.push(
      `duplicates  ${formatNumber(orders.duplicates)} extra orders for ${named(orders.duplicateSourceIds, orders.duplicateSourceIds.length)}`,
    );
    const causes = outcome.report.drill?.duplicateCauses ?? [];
    for (const duplicate of causes.slice(0, idsNamed))
      lines.push(`  ${duplicate.sourceOrderId}: ${duplicate.cause}`);
    if (causes.length > idsNamed)
      lines.push(`  and ${formatNumber(causes.length - idsNamed)} more explained in the JSON report`);
  }
  if (orders.missing > 0)
    lines.push(`missing     ${named(orders.missingSourceIds, orders.missing)} (never created in the shop)`);
  if (orders.unattributed > 0)
    lines.push(
      `unmatched   ${formatNumber(orders.unattributed)} orders carry no source order id the matching finds ` +
        '(--match; default the note attribute source_order_id): the audit cannot tell which webhook they were for',
    );
  if (!customersWritten)
    lines.push(
      'customers   not audited: the service never wrote the loyalty metafield (funnelstorm.loyalty)',
    );
  else if (customers.lostUpdates > 0)
    lines.push(
      `lost upd.   customers ${customers.mismatches
        .slice(0, idsNamed)
        .map((m) => m.customerId)
        .join(', ')}: totals differ from their orders`,
    );
  return lines.length === 0 ? '' : `${lines.map((line) => wrapWords(line, 80, 12)).join('\n')}\n`;
}

/** The progress line while webhooks go out, drawn in place on a terminal's stderr. */
export function formatDrillProgress(progress: DrillProgress): string {
  return (
    `\r\u001b[K  ${formatNumber(progress.attempts)} of ${formatNumber(progress.webhooks)} webhooks sent · ` +
    `${formatNumber(progress.acknowledged)} acknowledged · ${formatNumber(progress.shopCalls)} shop calls · ` +
    `${formatDuration(progress.elapsedMs)}`
  );
}

/** Wraps a line at spaces to `columns`, continuation lines indented by `indent`; a line with newlines is kept. */
function wrapWords(line: string, columns: number, indent: number): string {
  if (line.length <= columns || line.includes('\n')) return line;
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= columns || current.trim() === '') current = candidate;
    else {
      lines.push(current);
      current = `${' '.repeat(indent)}${word}`;
    }
  }
  lines.push(current);
  return lines.join('\n');
}
