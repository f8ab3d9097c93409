import { SourceIdSet } from '../../mocks/source-id-set.js';
import { auditFulfillments } from '../../mocks/fulfillment-audit.js';
import type { PropertyVerdict, RunEvidence } from './run-evidence.js';
import { forEachSourceOrder } from '../source-order-log.js';
import { firstFew, orderIdList } from './order-id-list.js';

/**
 * Property 1 of ../shared/DESIGN.md, **no duplicates**: each source order is created in the shop at most
 * once, and every order in the shop names a source order the traffic sent. Reads the shop's final state
 * only: the orders per source order id (the note attribute the mock indexes).
 *
 * An order without the source id (**unattributed**) breaks it too: the pipelines under test always name
 * their source order, so an unnamed order is one nobody can reconcile — a retry that dropped the note
 * attribute creates a second order that no lookup finds. So does an order naming a source id the traffic
 * never sent (**unexpected**: an id invented or mangled). So does a workflow's `fulfil` step applied twice to
 * one order (two fulfillments with one step marker, `fs-<source id>-<step>`): the other side effects a
 * workflow may name are absolute writes (an order's tag list, a metafield set), which cannot duplicate.
 * Applies to every run; with no orders it holds.
 *
 * @example
 * checkNoDuplicates(evidence); // { holds: false, detail: '2 source orders created twice or more: so-000003 (2 orders), …' }
 */
export function checkNoDuplicates(evidence: RunEvidence): PropertyVerdict {
  // A bit per order, not a string (issue 12: the checkers run where a long run's memory peaks).
  const sent = new SourceIdSet();
  forEachSourceOrder(evidence.orders, (id) => sent.add(id));
  const duplicated: { id: string; count: number }[] = [];
  const unexpected: string[] = [];
  let distinct = 0;
  evidence.shop.orders.forEachSourceId((id, count) => {
    distinct++;
    if (count > 1) duplicated.push({ id, count });
    if (!sent.has(id)) unexpected.push(id);
  });
  const unattributed = evidence.shop.orders.unattributedCount;
  duplicated.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const problems: string[] = [];
  if (duplicated.length > 0) {
    const extra = duplicated.reduce((sum, d) => sum + d.count - 1, 0);
    problems.push(
      `${duplicated.length} of ${distinct} source orders created more than once (${extra} extra orders): ` +
        firstFew(duplicated.map((d) => `${d.id} (${d.count} orders)`)),
    );
  }
  if (unattributed > 0)
    problems.push(
      `${unattributed} orders without a source order id (unattributed: nobody can reconcile them)`,
    );
  if (unexpected.length > 0)
    problems.push(
      `${unexpected.length} orders name source ids the traffic never sent (unexpected): ` +
        firstFew(orderIdList(unexpected)),
    );
  // A workflow's other side effects: a `fulfil` step applied twice to one order (workflow-steps.ts).
  const fulfilled =
    evidence.shop.fulfillments && auditFulfillments(evidence.shop.fulfillments, Number.MAX_SAFE_INTEGER);
  const fulfilDuplicates = fulfilled?.duplicateMarkers ?? [];
  if (fulfilled !== undefined && fulfilled.duplicates > 0) {
    problems.push(
      `${fulfilDuplicates.length} fulfil steps applied more than once (${fulfilled.duplicates} extra fulfillments): ` +
        firstFew(fulfilDuplicates),
    );
  }
  if (problems.length === 0) {
    const fulfilNote =
      fulfilled !== undefined && fulfilled.fulfillments > 0
        ? `; ${fulfilled.fulfillments} fulfillments, each once`
        : '';
    return {
      property: 'no-duplicates',
      applies: true,
      holds: true,
      detail: `${distinct} source orders in the shop, each created once; none unattributed or unexpected${fulfilNote}`,
      orderIds: [],
    };
  }
  return {
    property: 'no-duplicates',
    applies: true,
    holds: false,
    detail: problems.join('; '),
    orderIds: orderIdList([
      ...duplicated.map((d) => d.id),
      ...unexpected,
      ...fulfilDuplicates.flatMap((marker) => sourceIdOfMarker(marker, sent)),
    ]),
  };
}

/** The source order id in a fulfilment marker `fs-<source id>-<step>`: the longest sent id it starts with. */
function sourceIdOfMarker(marker: string, sent: SourceIdSet): string[] {
  const body = marker.startsWith('fs-') ? marker.slice(3) : marker;
  for (let end = body.lastIndexOf('-'); end > 0; end = body.lastIndexOf('-', end - 1)) {
    const id = body.slice(0, end);
    if (sent.has(id)) return [id];
  }
  return [];
}
