import type { PropertyVerdict, RunEvidence } from './run-evidence.js';
import { firstFew, orderIdList } from './order-id-list.js';

/**
 * Property 1 of ../shared/DESIGN.md, **no duplicates**: each source order is created in the shop at most
 * once. Reads the shop's final state only: the orders per source order id (the note attribute the mock
 * indexes). Applies to every run; with no orders it holds trivially.
 *
 * @example
 * checkNoDuplicates(evidence); // { holds: false, detail: '2 source orders created twice or more: so-000003 (2 orders), …' }
 */
export function checkNoDuplicates(evidence: RunEvidence): PropertyVerdict {
  const duplicated: { id: string; count: number }[] = [];
  let distinct = 0;
  evidence.shop.orders.forEachSourceId((id, count) => {
    distinct++;
    if (count > 1) duplicated.push({ id, count });
  });
  duplicated.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (duplicated.length === 0) {
    return {
      property: 'no-duplicates',
      applies: true,
      holds: true,
      detail: `${distinct} source orders in the shop, each created once`,
      orderIds: [],
    };
  }
  const extra = duplicated.reduce((sum, d) => sum + d.count - 1, 0);
  return {
    property: 'no-duplicates',
    applies: true,
    holds: false,
    detail:
      `${duplicated.length} of ${distinct} source orders created more than once (${extra} extra orders): ` +
      firstFew(duplicated.map((d) => `${d.id} (${d.count} orders)`)),
    orderIds: orderIdList(duplicated.map((d) => d.id)),
  };
}
