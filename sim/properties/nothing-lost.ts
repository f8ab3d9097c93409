import type { PropertyVerdict, RunEvidence } from './run-evidence.js';
import { firstFew, orderIdList } from './order-id-list.js';

/**
 * Property 2 of ../shared/DESIGN.md, **nothing lost**: each source order the traffic sent is in the shop
 * at the end, or in the dead-letter queue with a reason. Reads the shop's final state and the dead letters
 * as data; a dead letter with an empty reason does not count (nobody could act on it).
 *
 * @example
 * checkNothingLost(evidence); // { holds: false, detail: '1 of 40 source orders lost …: so-000012' }
 */
export function checkNothingLost(evidence: RunEvidence): PropertyVerdict {
  const explained = new Set<string>();
  for (const letter of evidence.deadLetters) {
    if (letter.reason.trim() !== '') explained.add(letter.key);
  }
  const lost: string[] = [];
  let inShop = 0;
  let deadLettered = 0;
  for (const order of evidence.orders) {
    if (evidence.shop.orders.countBySourceId(order.id) > 0) inShop++;
    else if (explained.has(order.id)) deadLettered++;
    else lost.push(order.id);
  }
  const total = evidence.orders.length;
  const counts = `${inShop} in the shop, ${deadLettered} dead-lettered with a reason`;
  if (lost.length === 0) {
    return {
      property: 'nothing-lost',
      applies: true,
      holds: true,
      detail: `${total} source orders: ${counts}`,
      orderIds: [],
    };
  }
  const sorted = orderIdList(lost);
  return {
    property: 'nothing-lost',
    applies: true,
    holds: false,
    detail: `${lost.length} of ${total} source orders lost (${counts}): ${firstFew(sorted)}`,
    orderIds: sorted,
  };
}
