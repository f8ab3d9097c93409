import type { PropertyVerdict, RunEvidence } from './run-evidence.js';
import { firstFew, orderIdList } from './order-id-list.js';

/**
 * Property 1 of ../shared/DESIGN.md, **no duplicates**: each source order is created in the shop at most
 * once, and every order in the shop names a source order the traffic sent. Reads the shop's final state
 * only: the orders per source order id (the note attribute the mock indexes).
 *
 * An order without the source id (**unattributed**) breaks it too: the pipelines under test always name
 * their source order, so an unnamed order is one nobody can reconcile — a retry that dropped the note
 * attribute creates a second order that no lookup finds. So does an order naming a source id the traffic
 * never sent (**unexpected**: an id invented or mangled). Applies to every run; with no orders it holds.
 *
 * @example
 * checkNoDuplicates(evidence); // { holds: false, detail: '2 source orders created twice or more: so-000003 (2 orders), …' }
 */
export function checkNoDuplicates(evidence: RunEvidence): PropertyVerdict {
  const sent = new Set(evidence.orders.map((order) => order.id));
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
  if (problems.length === 0) {
    return {
      property: 'no-duplicates',
      applies: true,
      holds: true,
      detail: `${distinct} source orders in the shop, each created once; none unattributed or unexpected`,
      orderIds: [],
    };
  }
  return {
    property: 'no-duplicates',
    applies: true,
    holds: false,
    detail: problems.join('; '),
    orderIds: orderIdList([...duplicated.map((d) => d.id), ...unexpected]),
  };
}
