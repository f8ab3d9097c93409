import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The deepest selection a query may have, counting fields through fragment spreads (`{ orders { nodes {
 * lineItems { nodes { title } } } } }` is 5). Shopify publishes no depth limit — its cost limit bounds
 * real queries — so 32, far above any real Admin query, is a guess and a setting; it keeps graphql-js's
 * recursive validator, cost walk and executor off the end of the stack (issue 16: a deeply nested
 * selection was a 500 "Maximum call stack size exceeded").
 */
export const maxQueryDepth = 32;

/**
 * The deepest nesting of `{`, `(` and `[` the query text may have before it is parsed at all: graphql-js
 * parses recursively, a few stack frames per level. Twice {@link maxQueryDepth}, so that arguments and
 * list values inside a query of legal depth always fit.
 */
export const maxTextNesting = 2 * maxQueryDepth;

/**
 * How deep the text nests `{`, `(` and `[` (outside strings and comments), stopping as soon as it passes
 * `limit`: one linear pass, done before parsing.
 *
 * @returns The nesting reached, at most `limit + 1`.
 */
export function textNesting(query: string, limit = maxTextNesting): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < query.length; i++) {
    const code = query.charCodeAt(i);
    if (code === 0x23 /* # */) {
      const end = query.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (code === 0x22 /* " */) {
      i = stringEnd(query, i);
    } else if (code === 0x7b || code === 0x28 || code === 0x5b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (code === 0x7d || code === 0x29 || code === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** The index of the closing quote of the string starting at `start` (a block string `"""…"""` too). */
function stringEnd(query: string, start: number): number {
  if (query.startsWith('"""', start)) {
    const end = query.indexOf('"""', start + 3);
    return end === -1 ? query.length : end + 2;
  }
  for (let i = start + 1; i < query.length; i++) {
    const code = query.charCodeAt(i);
    if (code === 0x5c /* \ */) i++;
    else if (code === 0x22 || code === 0x0a) return i;
  }
  return query.length;
}

/**
 * The deepest field selection of any operation in `document`, following fragment spreads, or `limit + 1`
 * as soon as it passes `limit`. Each fragment's own depth is worked out once (so fragments spread many
 * times cost nothing more), and a fragment that spreads itself counts as nothing here: validation
 * refuses it.
 */
export function selectionDepth(document: DocumentNode, limit = maxQueryDepth): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const known = new Map<string, number>();
  const visiting = new Set<string>();
  const over = limit + 1;

  /** Depth of a selection set below the `level` it sits at; every recursion adds a level or ends. */
  const depthOf = (selectionSet: SelectionSetNode, level: number): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      let depth = 0;
      if (selection.kind === Kind.FIELD) {
        depth = selection.selectionSet === undefined ? 1 : 1 + depthOf(selection.selectionSet, level + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        depth = depthOf(selection.selectionSet, level);
      } else {
        depth = fragmentDepth(selection.name.value, level);
      }
      if (depth > deepest) deepest = depth;
      if (level + deepest > over) return over;
    }
    return deepest;
  };

  const fragmentDepth = (name: string, level: number): number => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    const fragment = fragments.get(name);
    // An unknown fragment, or a cycle: validation names it; here it adds nothing. A chain of spreads that
    // adds no field is cut at `over` links so the recursion stays bounded.
    if (fragment === undefined || visiting.has(name) || visiting.size > over) return 0;
    visiting.add(name);
    const depth = depthOf(fragment.selectionSet, level);
    visiting.delete(name);
    // A depth cut short by the level it was reached at is not the fragment's own: keep only exact ones.
    if (depth < over) known.set(name, depth);
    return depth;
  };

  let deepest = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    deepest = Math.max(deepest, depthOf(definition.selectionSet, 0));
    if (deepest > limit) return over;
  }
  return deepest;
}
