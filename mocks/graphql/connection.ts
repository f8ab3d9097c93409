import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, paginate, type PageArguments, type SortedItems } from './paginate.js';

/** A Relay connection as the resolvers return it. */
export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** How a connection's items are found: in id order, with an id per position and a position per id. */
export interface ConnectionSource<N> {
  items: SortedItems;
  /** The node at a position. */
  node(position: number): N;
  /** A node's id, which its cursor carries. */
  idOf(node: N): number;
  /** The position of the item with this id, or undefined. */
  positionOfId(id: number): number | undefined;
}

/**
 * One page of `source` as a connection. A pagination error (no `first`/`last`, a page over 250, a bad
 * cursor) is thrown as a `GraphQLError`: graphql-js puts it in `errors[]` with the field's path, which is
 * how Shopify reports argument errors.
 */
export function connection<N>(source: ConnectionSource<N>, args: PageArguments): Connection<N> {
  const page = paginate(source.items, args, (cursor) => {
    const id = decodeCursor(cursor);
    return id === undefined ? undefined : source.positionOfId(id);
  });
  if (!page.ok) throw new GraphQLError(page.reason);
  const edges = page.value.positions.map((position) => {
    const node = source.node(position);
    return { cursor: encodeCursor(source.idOf(node)), node };
  });
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.value.hasNextPage,
      hasPreviousPage: page.value.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
