import { fail, ok, type Result } from '../runtime/result.js';
import type { NewOrder } from './order-input.js';

/**
 * How the shop's orders are matched to the source orders (the webhooks) they were made for — what the
 * audit's duplicates and missing orders count by:
 * - `attribute`: the value of the note attribute `name` (funnelstorm's own pipelines write
 *   `source_order_id`);
 * - `tag`: a tag of the shape `pattern`, whose `{id}` is the source order id (e.g. `src-{id}` reads
 *   `src-1234` as 1234);
 * - `echo`: a known source order id (one the model heard of: `recordDelivery`, `expectSourceIds`, an
 *   audit's expected ids) echoed anywhere in the order — searched in each note attribute's value, then
 *   each tag, then each line item's title, as a whole word (see {@link echoedIds}).
 * An order that matches nothing is unattributed, and the audit reports it.
 */
export type OrderMatching =
  { kind: 'attribute'; name: string } | { kind: 'tag'; pattern: string } | { kind: 'echo' };

/** Matching by the `source_order_id` note attribute, as funnelstorm's pipelines write it. */
export const defaultOrderMatching: Readonly<OrderMatching> = { kind: 'attribute', name: 'source_order_id' };

/** The syntax of a matching given as text (`serve --match`, `drill --match`). */
export const orderMatchingSyntax = 'attribute:NAME, tag:PREFIX{id}SUFFIX, or echo';

/**
 * Reads a matching from text: `attribute:source_order_id`, `tag:src-{id}`, or `echo`.
 *
 * @returns The matching, or a reason that says what is wrong and what is allowed (without the flag's
 *   name: the caller adds where the text came from).
 */
export function parseOrderMatching(text: string): Result<OrderMatching, string> {
  const trimmed = text.trim();
  if (trimmed === 'echo') return ok({ kind: 'echo' });
  const colon = trimmed.indexOf(':');
  const kind = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const value = colon === -1 ? '' : trimmed.slice(colon + 1);
  if (kind === 'attribute') {
    return value === ''
      ? fail('attribute: needs the note attribute’s name, e.g. attribute:source_order_id')
      : ok({ kind, name: value });
  }
  if (kind === 'tag') {
    const problem = tagPatternProblem(value);
    return problem === undefined ? ok({ kind, pattern: value }) : fail(problem);
  }
  return fail(`${JSON.stringify(text)} is not a matching: use ${orderMatchingSyntax}`);
}

/** Why a matching is unusable (an empty attribute name, a bad tag pattern), or undefined when it is fine. */
export function orderMatchingProblem(matching: OrderMatching | undefined): string | undefined {
  if (matching === undefined || matching.kind === 'echo') return undefined;
  if (matching.kind === 'attribute')
    return matching.name === '' ? 'the attribute name must not be empty' : undefined;
  if (matching.kind === 'tag') return tagPatternProblem(matching.pattern);
  return `unknown kind ${JSON.stringify((matching as { kind: unknown }).kind)}: use ${orderMatchingSyntax}`;
}

/** Why a tag pattern is unusable, or undefined when it is fine. */
export function tagPatternProblem(pattern: string): string | undefined {
  const at = pattern.indexOf('{id}');
  if (at === -1 || pattern.indexOf('{id}', at + 1) !== -1) {
    return `tag:${pattern} must hold {id} exactly once, e.g. tag:src-{id}`;
  }
  if (pattern.includes(',')) return `tag:${pattern} must not hold a comma (tags are comma-separated)`;
  return undefined;
}

/** A matching in words, for reports and `--help`. */
export function describeOrderMatching(matching: OrderMatching): string {
  if (matching.kind === 'attribute') return `the note attribute ${matching.name}`;
  if (matching.kind === 'tag') return `a tag ${matching.pattern}`;
  return 'a known source order id echoed in a note attribute value, a tag or a line item title';
}

/** Reads an order's source order id, or '' when it has none. */
export type SourceIdMatcher = (order: Pick<NewOrder, 'noteAttributes' | 'tags' | 'lineItems'>) => string;

/**
 * The matcher of a matching. For `echo`, `isKnown` says whether a word is a known source order id of the
 * shop (checked per word, so the cost is linear in the order's text, not in the number of ids).
 */
export function sourceIdMatcher(matching: OrderMatching, isKnown: (id: string) => boolean): SourceIdMatcher {
  switch (matching.kind) {
    case 'attribute': {
      const { name } = matching;
      return ({ noteAttributes }) => {
        // A plain loop: this runs on every order create, the model's hot path.
        for (let i = 0; i < noteAttributes.length; i++) {
          const attribute = noteAttributes[i];
          if (attribute?.name === name) return attribute.value;
        }
        return '';
      };
    }
    case 'tag': {
      const at = matching.pattern.indexOf('{id}');
      const prefix = matching.pattern.slice(0, at);
      const suffix = matching.pattern.slice(at + 4);
      return ({ tags }) => {
        for (const tag of tags === '' ? [] : tags.split(', ')) {
          const fits =
            tag.length > prefix.length + suffix.length && tag.startsWith(prefix) && tag.endsWith(suffix);
          if (fits) return tag.slice(prefix.length, tag.length - suffix.length);
        }
        return '';
      };
    }
    case 'echo':
      return ({ noteAttributes, tags, lineItems }) => {
        const fields = [
          ...noteAttributes.map((attribute) => attribute.value),
          ...(tags === '' ? [] : tags.split(', ')),
          ...lineItems.map((item) => item.title),
        ];
        // A budget of lookups per order, so a client's order of long hyphenated text costs a bounded time.
        let budget = maxEchoLookups;
        for (const field of fields) {
          for (const word of echoedIds(field)) {
            if (isKnown(word)) return word;
            if (--budget === 0) return '';
          }
        }
        return '';
      };
  }
}

/** The longest field text searched for an echoed id, in characters (a field can be long; ids are short). */
const maxEchoFieldLength = 1024;
/** The most words of one order looked up as ids. */
const maxEchoLookups = 20_000;
/** The most `-`/`_`/`.`-separated parts one echoed id may span. */
const maxEchoParts = 8;

/**
 * The words of a field an echoed id may be: each run of letters, digits, `-`, `_` and `.` (so `#1234`,
 * `Order 1234 from the funnel` and `id=1234` hold `1234`), and within a run each part between `-`, `_`
 * or `.` and each join of neighbouring parts (so `src-o-17` holds `src-o-17`, `o-17` and `17`, but
 * `12345` does not hold `1234`), up to 8 parts long. Longest first within a run. Only the first 1,024
 * characters of a field are searched, and at most 20,000 words of one order are looked up.
 */
export function* echoedIds(field: string): Iterable<string> {
  for (const run of field.slice(0, maxEchoFieldLength).match(/[A-Za-z0-9_.-]+/g) ?? []) {
    const cuts = [0];
    for (let i = 0; i < run.length; i++) if ('-_.'.includes(run[i] as string)) cuts.push(i, i + 1);
    cuts.push(run.length);
    // cuts holds [start0, end0, start1, end1, …]: the parts; any start with any later end is a word.
    for (let span = Math.min(cuts.length / 2, maxEchoParts); span >= 1; span--) {
      for (let first = 0; first + span <= cuts.length / 2; first++) {
        const word = run.slice(cuts[first * 2], cuts[(first + span) * 2 - 1]);
        if (word !== '') yield word;
      }
    }
  }
}
