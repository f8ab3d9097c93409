import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { maxQueryDepth, selectionDepth, textNesting } from './query-depth.js';
import { graphqlFixture } from './test-support.js';

/** `{ a { a { … { id } } } }` with `levels` fields above `id`. */
const nested = (levels: number): string => `${'{ a '.repeat(levels)}{ id }${' }'.repeat(levels)}`;

describe('GraphQL query depth (issue 16)', () => {
  it('counts field levels through inline fragments and fragment spreads', () => {
    expect(selectionDepth(parse('{ shop { id } }'))).toBe(2);
    expect(
      selectionDepth(parse('{ orders(first: 1) { nodes { lineItems(first: 2) { nodes { title } } } } }')),
    ).toBe(5);
    const viaFragments = parse(
      '{ a { ...F } } fragment F on T { b { ... on T { ...G } } } fragment G on T { c { d } }',
    );
    expect(selectionDepth(viaFragments)).toBe(4);
  });

  it('stops as soon as the depth passes the limit, and treats a fragment cycle as adding nothing', () => {
    expect(selectionDepth(parse(nested(100)))).toBe(maxQueryDepth + 1);
    expect(selectionDepth(parse('{ a { ...F } } fragment F on T { b { ...F } }'))).toBe(2);
  });

  it('works out a fragment spread many times once (30 levels of two spreads each would be 2^30 walks)', () => {
    const names = Array.from({ length: 30 }, (_, i) => `F${i}`);
    const fragments = names
      .map(
        (name, i) =>
          `fragment ${name} on T { ${i === names.length - 1 ? 'x' : `...F${i + 1} ...F${i + 1}`} }`,
      )
      .join('\n');
    expect(selectionDepth(parse(`{ a { ...F0 } } ${fragments}`))).toBe(2);
  });

  it('reads text nesting outside strings and comments', () => {
    expect(textNesting('{ a(x: "{{{{") { b } } # {{{{')).toBe(2);
    expect(textNesting('{ a(x: """ {[( """) { b } }')).toBe(2);
    expect(textNesting(`{ a(x: ${'['.repeat(1000)}`)).toBe(65);
  });

  it('answers a query too deep — by its text or through fragments — with a 200 GraphQL error, not a 500', () => {
    const { post } = graphqlFixture({ restorePerSecond: 100, bucketSize: 2000 });
    const fields = post(`{ orders ${nested(40)} }`);
    const chained = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Order { customer { ...F${i + 1} } }`,
    );
    chained.push('fragment F40 on Order { id }');
    const fragments = post(`{ order(id: "gid://shopify/Order/1") { ...F0 } } ${chained.join(' ')}`);
    const values = post(`{ orders(first: 1, query: ${'['.repeat(5000)}) { nodes { id } } }`);
    for (const answer of [fields, fragments, values]) {
      expect(answer.status).toBe(200);
      expect(answer.json['errors']).toEqual([
        expect.objectContaining({ extensions: { code: 'MAX_DEPTH_EXCEEDED', maxDepth: 32 } }),
      ]);
    }
    expect(post('{ orders(first: 1) { nodes { id } } }').json['data']).toEqual({ orders: { nodes: [] } });
  });
});
