import { SourceIdSet } from '../../mocks/source-id-set.js';
import { judgeGiveUps, type GiveUpJudgement } from './give-up-allowance.js';
import { firstFew, orderIdList } from './order-id-list.js';
import { p99Bound } from './p99-bound.js';
import type { PropertyVerdict, RunEvidence } from './run-evidence.js';
import { forEachSourceOrder } from '../source-order-log.js';

/**
 * Property 2 of ../shared/DESIGN.md, **nothing lost**: each source order the traffic sent is in the shop
 * at the end, or in the dead-letter queue with a reason — and each give-up is one the run's faults explain
 * (give-up-allowance.ts): with no faults a run gives up on nothing; with faults, only on orders that met a
 * fault window or as many as chance failures the reference's retry policy could not outlast explain. A
 * dead letter with an empty reason never counts (nobody could act on it). Reads the shop's final state, the
 * dead letters as data and the history.
 *
 * @example
 * checkNothingLost(evidence); // { holds: false, detail: '1 of 40 source orders lost …: so-000012' }
 */
export function checkNothingLost(evidence: RunEvidence): PropertyVerdict {
  // A bit per order, not a string (issue 12: the checkers run where a long run's memory peaks).
  const inShopIds = new SourceIdSet();
  forEachSourceOrder(evidence.orders, (id) => {
    if (evidence.shop.orders.countBySourceId(id) > 0) inShopIds.add(id);
  });
  // Give-ups of orders that are in the shop anyway (an ambiguous create that did apply) lose nothing.
  const giveUps = evidence.deadLetters.filter((letter) => !inShopIds.has(letter.key));
  const judgement = judgeGiveUps(evidence, giveUps, budgetHoldsBack(evidence));
  const lost: string[] = [];
  let deadLettered = 0;
  const withReason = new Set(judgement.inWindow.concat(judgement.byChance));
  forEachSourceOrder(evidence.orders, (id) => {
    if (inShopIds.has(id)) return;
    if (withReason.has(id)) deadLettered++;
    else lost.push(id);
  });
  const total = evidence.orders.length;
  const counts = `${inShopIds.size} in the shop, ${deadLettered} dead-lettered with a reason`;
  const why = explainedText(judgement);
  const unexplained = judgement.unexplained.filter((id) => !inShopIds.has(id) && withReason.has(id));
  const problems: string[] = [];
  if (lost.length > 0)
    problems.push(
      `${lost.length} of ${total} source orders lost (${counts}): ${firstFew(orderIdList(lost))}`,
    );
  if (unexplained.length > 0)
    problems.push(
      `${unexplained.length} give-ups the faults do not explain (${why}): ${firstFew(orderIdList(unexplained))}`,
    );
  if (problems.length === 0) {
    return {
      property: 'nothing-lost',
      applies: true,
      holds: true,
      detail: `${total} source orders: ${counts}` + (deadLettered > 0 ? ` (${why})` : ''),
      orderIds: [],
    };
  }
  return {
    property: 'nothing-lost',
    applies: true,
    holds: false,
    detail: problems.join('; '),
    orderIds: orderIdList([...lost, ...unexplained]),
  };
}

/** True when the faults need more retries than the reference's retry budget grants (p99-bound.ts). */
export function budgetHoldsBack(evidence: RunEvidence): boolean {
  return evidence.orders.length > 0 && !p99Bound(evidence).claimed;
}

/** How the give-ups stand: `2 met a fault window (≤ 4 explained there); 1 other, 0 explained by chance`. */
export function explainedText(judgement: GiveUpJudgement): string {
  return (
    `${judgement.inWindow.length} met a fault window (≤ ${judgement.windowAllowed} explained there); ` +
    `${judgement.byChance.length} others (≤ ${judgement.allowed} explained by chance failures)`
  );
}
