import {
  getNamedType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { SelectionReader } from './selection-reader.js';

/**
 * Shopify's calculated query cost, before execution (requested) and after it (actual). The rules, from
 * shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits ("Cost calculation", doc) and Shopify
 * Engineering's "Rate Limiting GraphQL APIs by Calculating Query Complexity" (shopify.engineering, doc):
 *
 * - a field returning a scalar or an enum costs 0, one returning an object costs 1;
 * - a connection costs 2 plus, per requested item (`first` or `last`), 1 for the node and the cost of the
 *   node's own fields. The doc's example `products(first: 1) { edges { node { title } } }` costs 3
 *   (shopify.dev/docs/api/admin-graphql, "Rate limits"); nested connections multiply;
 * - a mutation field costs 10. Shopify's own example `webPixelCreate { userErrors {…} webPixel {…} }`
 *   costs 10 in all (shopify.dev/docs/apps/build/marketing-analytics/build-web-pixels), so the objects of
 *   a mutation's payload are taken to be covered by the 10; a connection inside a payload is charged as
 *   in a query (a guess: none of the mock's payloads has one).
 *
 * The actual cost walks the same selections over the data really returned: a connection charges only the
 * nodes it returned, and an object field that came back null charges its own point but none of its
 * fields (seen: a `product(id:)` that was null cost 1, community.shopify.dev thread 23101). A list of
 * objects that is not a connection (`customAttributes`, `userErrors`) is charged as one object — its size
 * is not known before execution — and its actual cost never exceeds its requested cost, so the refund is
 * never negative (a guess).
 */

/** A parsed operation with what its cost depends on. */
export interface CostedOperation {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** The request's variables, as sent (JSON values). */
  variables: Readonly<Record<string, unknown>>;
}

/** Cost of a field returning an object, of a connection before its items, and of a mutation field. */
const objectCost = 1;
const connectionCost = 2;
const mutationCost = 10;

/** The cost Shopify checks against the bucket before running the operation, in points. */
export function requestedQueryCost(request: CostedOperation): number {
  return new CostWalk(request, false).operation(undefined);
}

/** The cost of the operation given the `data` it returned (null or absent when nothing ran), in points. */
export function actualQueryCost(request: CostedOperation, data: unknown): number {
  return new CostWalk(request, true).operation(data);
}

type Json = Record<string, unknown>;

class CostWalk {
  private readonly reader: SelectionReader;

  constructor(
    private readonly request: CostedOperation,
    private readonly actual: boolean,
  ) {
    this.reader = new SelectionReader(request.operation, request.fragments, request.variables);
  }

  operation(data: unknown): number {
    const { schema, operation } = this.request;
    const isMutation = operation.operation === 'mutation';
    const root = isMutation ? schema.getMutationType() : schema.getQueryType();
    if (root === null || root === undefined) return 0;
    return this.selections(
      operation.selectionSet,
      root,
      asObject(data),
      isMutation ? mutationCost : objectCost,
    );
  }

  /**
   * Sum over the fields of `set` on `type`. `value` is the object returned for it (actual mode);
   * `fieldCost` is what a field returning an object costs at this level: 10 on the mutation root, 0 in
   * a mutation's payload, 1 elsewhere.
   */
  private selections(
    set: SelectionSetNode,
    type: GraphQLObjectType,
    value: Json | null,
    fieldCost: number,
  ): number {
    let total = 0;
    this.reader.forEachField(set, (field) => {
      const definition = type.getFields()[field.name.value];
      if (definition === undefined) return; // `__typename` and introspection: free.
      const fieldType = getNamedType(definition.type);
      if (!isObjectType(fieldType)) return; // Scalars and enums cost 0.
      const child = this.actual ? value?.[field.alias?.value ?? field.name.value] : undefined;
      if (isConnection(fieldType)) {
        total += this.connection(field, fieldType, child);
        return;
      }
      total += fieldCost;
      // Below a mutation field, objects stay covered by its 10 (fieldCost 0); elsewhere they cost 1.
      const innerCost = fieldCost === objectCost ? objectCost : 0;
      if (field.selectionSet !== undefined) {
        total += this.fields(field.selectionSet, fieldType, child, innerCost);
      }
    });
    return total;
  }

  /**
   * An object field's own fields: as requested before execution; after it, over the value returned —
   * nothing for null, the largest element for a list (so actual never exceeds requested).
   */
  private fields(set: SelectionSetNode, type: GraphQLObjectType, child: unknown, fieldCost: number): number {
    if (!this.actual) return this.selections(set, type, null, fieldCost);
    if (child === null || child === undefined) return 0;
    if (!Array.isArray(child)) return this.selections(set, type, asObject(child), fieldCost);
    let most = 0;
    for (const item of child) most = Math.max(most, this.selections(set, type, asObject(item), fieldCost));
    return most;
  }

  /** 2, plus per item (requested: `first`/`last`; actual: returned) 1 and the node's fields. */
  private connection(field: FieldNode, type: GraphQLObjectType, value: unknown): number {
    const nodeType = getNamedType(type.getFields()['nodes']?.type);
    if (!isObjectType(nodeType) || field.selectionSet === undefined) return connectionCost;
    const parts: { set: SelectionSetNode; items: (connection: Json) => unknown[] }[] = [];
    this.reader.forEachField(field.selectionSet, (part) => {
      const key = part.alias?.value ?? part.name.value;
      if (part.name.value === 'nodes' && part.selectionSet !== undefined) {
        parts.push({ set: part.selectionSet, items: (connection) => asArray(connection[key]) });
      } else if (part.name.value === 'edges' && part.selectionSet !== undefined) {
        this.reader.forEachField(part.selectionSet, (inEdge) => {
          if (inEdge.name.value !== 'node' || inEdge.selectionSet === undefined) return;
          const nodeKey = inEdge.alias?.value ?? 'node';
          parts.push({
            set: inEdge.selectionSet,
            items: (connection) => asArray(connection[key]).map((edge) => asObject(edge)?.[nodeKey]),
          });
        });
      }
    });
    if (!this.actual) {
      let perNode = objectCost;
      for (const part of parts) perNode += this.selections(part.set, nodeType, null, objectCost);
      return connectionCost + this.pageSize(field) * perNode;
    }
    const connection = asObject(value);
    if (connection === null) return connectionCost;
    let total = connectionCost;
    let count = 0;
    for (const part of parts) {
      const items = part.items(connection);
      count = Math.max(count, items.length);
      for (const item of items) total += this.selections(part.set, nodeType, asObject(item), objectCost);
    }
    return total + count * objectCost;
  }

  /** `first`, else `last`; 0 when neither is a number. */
  private pageSize(field: FieldNode): number {
    for (const name of ['first', 'last']) {
      const size = this.reader.argument(field, name);
      if (typeof size === 'number' && Number.isFinite(size)) return Math.max(0, size);
    }
    return 0;
  }
}

/** A Relay connection: an object type named `…Connection` with `nodes` (all of the mock's have one). */
function isConnection(type: GraphQLObjectType): boolean {
  return type.name.endsWith('Connection') && type.getFields()['nodes'] !== undefined;
}

function asObject(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
