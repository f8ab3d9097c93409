import { getOperationAST } from 'graphql';
import { describe, expect, it } from 'vitest';
import { adminSchema } from './admin-schema.js';
import { prepareDocument } from './prepare-document.js';
import { actualQueryCost, requestedQueryCost, type CostedOperation } from './query-cost.js';

function costed(query: string, variables: Record<string, unknown> = {}): CostedOperation {
  const prepared = prepareDocument(adminSchema, query);
  if (!prepared.ok) throw new Error(prepared.reason.map((error) => error.message).join('; '));
  const operation = getOperationAST(prepared.value.document);
  if (!operation) throw new Error('no operation');
  return { schema: adminSchema, operation, fragments: prepared.value.fragments, variables };
}

const requested = (query: string, variables?: Record<string, unknown>): number =>
  requestedQueryCost(costed(query, variables));

describe('requested query cost', () => {
  it('charges 1 for an object and 0 for its scalars (Shopify Engineering: shop { id name … } costs 1)', () => {
    expect(requested('{ order(id: "gid://shopify/Order/1") { id name createdAt tags } }')).toBe(1);
  });

  it('charges each nested object 1', () => {
    expect(requested('{ customer(id: "gid://shopify/Customer/1") { id amountSpent { amount } } }')).toBe(2);
    expect(
      requested('{ order(id: "gid://shopify/Order/1") { totalPriceSet { shopMoney { amount } } } }'),
    ).toBe(3);
  });

  it('charges 3 for the doc example shape `products(first: 1) { edges { node { title } } }`', () => {
    expect(requested('{ orders(first: 1) { edges { node { name } } } }')).toBe(3);
  });

  it('sizes a connection by first or last: 2 plus one per item', () => {
    expect(requested('{ orders(first: 3) { edges { cursor node { id } } pageInfo { hasNextPage } } }')).toBe(
      5,
    );
    expect(requested('{ orders(last: 250) { nodes { id } } }')).toBe(252);
  });

  it('multiplies nested connections: 2 + 10 × (1 + 2 + 5 × 1) = 82', () => {
    const query = '{ orders(first: 10) { edges { node { name lineItems(first: 5) { nodes { title } } } } } }';
    expect(requested(query)).toBe(82);
  });

  it('reads the page size from a variable, or from its default', () => {
    const query = 'query find($n: Int = 7) { orders(first: $n) { nodes { id } } }';
    expect(requested(query, { n: 40 })).toBe(42);
    expect(requested(query)).toBe(9);
  });

  it('charges 10 for a mutation, its payload objects included (doc: webPixelCreate with two objects costs 10)', () => {
    const mutation = `mutation { customerUpdate(input: {id: "gid://shopify/Customer/1", note: "x"}) {
      customer { id amountSpent { amount } } userErrors { field message } } }`;
    expect(requested(mutation)).toBe(10);
  });

  it('expands fragments and inline fragments, and honours @skip and @include', () => {
    const query = `query q($withTotal: Boolean!) {
      order(id: "gid://shopify/Order/1") { ...money ... on Order { customer { id } } customer @skip(if: true) { id } }
    }
    fragment money on Order { totalPriceSet @include(if: $withTotal) { shopMoney { amount } } }`;
    expect(requested(query, { withTotal: true })).toBe(4);
    expect(requested(query, { withTotal: false })).toBe(2);
  });

  it('charges nothing for __typename', () => {
    expect(requested('{ __typename order(id: "gid://shopify/Order/1") { __typename id } }')).toBe(1);
  });
});

describe('actual query cost', () => {
  it('charges only the nodes a connection returned', () => {
    const request = costed('{ orders(first: 10) { edges { node { name customer { id } } } } }');
    expect(requestedQueryCost(request)).toBe(22);
    const data = { orders: { edges: [{ node: { name: '#1001', customer: { id: 'c' } } }] } };
    expect(actualQueryCost(request, data)).toBe(4);
    expect(actualQueryCost(request, { orders: { edges: [] } })).toBe(2);
  });

  it('charges a null object its own point and none of its fields (seen: a null product cost 1)', () => {
    const request = costed(
      '{ order(id: "gid://shopify/Order/1") { totalPriceSet { shopMoney { amount } } } }',
    );
    expect(actualQueryCost(request, { order: null })).toBe(1);
    expect(actualQueryCost(request, { order: { totalPriceSet: { shopMoney: { amount: '1.0' } } } })).toBe(3);
  });

  it('follows aliases', () => {
    const request = costed('{ mine: orders(first: 5) { all: nodes { id } } }');
    expect(actualQueryCost(request, { mine: { all: [{ id: 'a' }, { id: 'b' }] } })).toBe(4);
  });

  it('charges a mutation its 10 whether or not it succeeded', () => {
    const request = costed(
      'mutation { customerUpdate(input: {}) { customer { id } userErrors { message } } }',
    );
    expect(
      actualQueryCost(request, { customerUpdate: { customer: null, userErrors: [{ message: 'x' }] } }),
    ).toBe(10);
  });
});
