import { workflowToDocument } from './workflow-schema.js';
import { Document, isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import type { Scenario } from './scenario-types.js';

/** Options of {@link scenarioDocumentToYaml}. */
export interface ScenarioYamlOptions {
  /**
   * Lines written as `#` comments at the top of the file, e.g. why it was written and how to replay it.
   * A line with line breaks becomes several comment lines. Defaults to none.
   */
  header?: readonly string[];
}

/** The order of a scenario file's top-level keys: what it is, then the world, then what runs in it. */
export const scenarioKeyOrder = [
  'name',
  'description',
  'seed',
  'shop',
  'network',
  'traffic',
  'pipeline',
  'faults',
] as const;

// Keys that say what a list item is go first in it, so a reader sees `- kind: ambiguous` or
// `- name: backlog` before the details. Other keys keep the order the document gives them.
const leadingKeys: Readonly<Record<string, readonly string[]>> = {
  phases: ['name', 'arrival'],
  rules: ['kind'],
};

/** The widest line yaml writes before folding a long plain string, in columns (as the shipped files). */
const lineWidth = 110;

/**
 * Writes a scenario document — the plain data a scenario file holds (what {@link validateScenario} takes,
 * before defaults) — as the text of a YAML scenario file that `funnelstorm run` replays exactly:
 * {@link parseScenario} of the text gives the same {@link Scenario} as `validateScenario(doc)`.
 *
 * Numbers are written in the shortest form that reads back as the same double (`0.30000000000000004`,
 * `1e-7`), strings that would read as something else are quoted, and nothing is shared through anchors.
 * The top-level keys come in {@link scenarioKeyOrder}; small collections inside a list item (a fault's
 * window or match) are written on one line, `{ fromSeconds: 0, toSeconds: 60 }`, as the shipped files do.
 * Keys whose value is `undefined` are left out.
 *
 * @param doc - The scenario document. It is not modified.
 * @param options - See {@link ScenarioYamlOptions}.
 * @returns The file's text, ending with a newline.
 * @example
 * const text = scenarioDocumentToYaml(doc, {
 *   header: [
 *     'Counterexample found by funnelstorm check (seed 42, path 3:1:0): no-duplicates broke for so-000002',
 *     'Replay: npx funnelstorm run counterexample.yaml',
 *   ],
 * });
 */
export function scenarioDocumentToYaml(
  doc: Readonly<Record<string, unknown>>,
  options: ScenarioYamlOptions = {},
): string {
  const document = new Document(orderedTopLevel(doc), { aliasDuplicateObjects: false });
  visit(document, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      const leading =
        typeof key === 'string' && Object.hasOwn(leadingKeys, key) ? leadingKeys[key] : undefined;
      if (leading !== undefined && isSeq(pair.value))
        for (const item of pair.value.items) if (isMap(item)) sortLeading(item, leading);
    },
    Seq(_, seq, path) {
      if (insideListItem(path) && allScalars(seq.items)) seq.flow = true;
    },
    Map(_, map, path) {
      if (insideListItem(path) && allScalars(map.items.map((pair) => pair.value))) map.flow = true;
    },
  });
  const body = document.toString({ lineWidth, flowCollectionPadding: true });
  const comments = (options.header ?? [])
    .flatMap((line) => line.split(/\r\n|\r|\n/))
    .map((line) => (line.trim() === '' ? '#' : `# ${line.trimEnd()}`));
  return comments.length === 0 ? body : `${comments.join('\n')}\n\n${body}`;
}

/**
 * The document of a resolved {@link Scenario} (what a run and its report use): the scenario as a file would
 * give it, so that `validateScenario(scenarioToDocument(s))` equals `s` and {@link scenarioDocumentToYaml}
 * can write it. Only the shop changes: a named plan's limits come from the plan table and may not be
 * written, so they are left out; `custom` keeps its own.
 *
 * @example
 * writeFileSync('replay.yaml', scenarioDocumentToYaml(scenarioToDocument(scenario)));
 */
export function scenarioToDocument(scenario: Scenario): Record<string, unknown> {
  const { shop, workflow } = scenario;
  // A named plan's limits come from the plan table; a many-shop scenario keeps its count and shares.
  const named = {
    plan: shop.plan,
    ...(shop.count !== undefined && { count: shop.count }),
    ...(shop.shares !== undefined && { shares: shop.shares }),
  };
  return {
    ...scenario,
    shop: shop.plan === 'custom' ? { ...shop } : named,
    ...(workflow && { workflow: workflowToDocument(workflow) }),
  };
}

function orderedTopLevel(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of scenarioKeyOrder) if (key in doc) ordered[key] = doc[key];
  for (const [key, value] of Object.entries(doc)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

/** Moves `keys` (those present) to the front of `map`, in that order; the rest keep theirs. */
function sortLeading(map: { items: { key: unknown }[] }, keys: readonly string[]): void {
  const rank = (pair: { key: unknown }): number => {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    const index = typeof key === 'string' ? keys.indexOf(key) : -1;
    return index === -1 ? keys.length : index;
  };
  // Array.prototype.sort is stable, so keys outside `keys` keep their relative order.
  map.items.sort((a, b) => rank(a) - rank(b));
}

/**
 * Whether a collection at `path` sits inside an item of a list (a fault's `window`, its `match.route`),
 * not being the item itself: a phase or a rule stays a block, its small parts go on one line.
 */
function insideListItem(path: readonly unknown[]): boolean {
  return path.slice(0, -1).some((step) => isSeq(step));
}

function allScalars(values: readonly unknown[]): boolean {
  return values.length > 0 && values.every((value) => isScalar(value as Node));
}
