import { InvalidArgumentError } from 'commander';
import { orderMatchingSyntax, parseOrderMatching, type OrderMatching } from '../mocks/order-matching.js';

/** The help text of `--match` (`serve`, and `drill` which passes it on to its mock). */
export const matchFlagHelp =
  `how the shop's orders are matched to source orders: ${orderMatchingSyntax} — attribute:NAME reads the ` +
  'note attribute NAME; tag:src-{id} reads a tag such as src-1234; echo finds a known source order id ' +
  '(one a webhook carried) as a whole word in a note attribute value, a tag or a line item title ' +
  '(default: attribute:source_order_id)';

/**
 * Parses `--match` for commander: a bad value ends the command with exit 2 and a message naming the flag.
 *
 * @example
 * new Command('serve').option('--match <how>', matchFlagHelp, matchFlag);
 */
export function matchFlag(value: string): OrderMatching {
  const parsed = parseOrderMatching(value);
  if (!parsed.ok) throw new InvalidArgumentError(`--match: ${parsed.reason} (${orderMatchingSyntax}).`);
  return parsed.value;
}
