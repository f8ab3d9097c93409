import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBody } from './json-body.js';
import { handedValue, jsonRequest, jsonValueResponse, requestBody, responseJson } from './json-response.js';

describe('JsonBody', () => {
  it('hands over a value only when parsing its text gives back an equal value', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), anything), (value) => {
        if (typeof value !== 'object' || value === null) return;
        const body = JsonBody.of(value);
        if (body === undefined) return;
        expect(JSON.parse(body.text)).toStrictEqual(value);
      }),
    );
  });

  it('refuses what JSON writes differently, and takes plain JSON data', () => {
    class Point {
      x = 1;
    }
    const refused: object[] = [
      { at: new Date(0) },
      { missing: undefined },
      [Number.NaN],
      { n: -0 },
      { p: new Point() },
      // eslint-disable-next-line no-sparse-arrays
      [1, , 2],
      { toJSON: () => 'x' },
      Object.create(null) as object,
    ];
    for (const value of refused) expect(JsonBody.of(value), JSON.stringify(value)).toBeUndefined();
    expect(JsonBody.of({ a: [1, 'b', true, null, { c: 2.5 }] })?.text).toBe(
      '{"a":[1,"b",true,null,{"c":2.5}]}',
    );
  });
});

describe('request and response bodies', () => {
  it("reads a request's value only while its body is that value's text", () => {
    const request = { ...requestBody({ order: { id: 1 } }) };
    expect(request.body).toBe('{"order":{"id":1}}');
    expect(handedValue(request.bodyValue, request.body)).toEqual({ order: { id: 1 } });
    // A body changed after the value was made is parsed, not trusted.
    expect(handedValue(request.bodyValue, '{"order":{"id":2}}')).toBeUndefined();
    expect(requestBody({ at: new Date(0) }).bodyValue).toBeUndefined();
  });

  it('makes a whole request with the fields, in the order, that a spread of requestBody gives', () => {
    const headers = { 'content-type': 'application/json' };
    for (const value of [{ order: { id: 1 } }, { at: new Date(0) }]) {
      const made = jsonRequest('POST', 'https://shop/orders.json', headers, value);
      const spread = { method: 'POST', url: 'https://shop/orders.json', headers, ...requestBody(value) };
      expect(Object.keys(made)).toEqual(Object.keys(spread));
      expect(made.body).toBe(spread.body);
      expect(made.bodyValue?.value).toBe(spread.bodyValue?.value);
    }
  });

  it("makes an answer's text only when read, and a reader takes its value", () => {
    const value = { metafields: [{ id: 7, value: '{"points":1}' }] };
    const response = jsonValueResponse(200, { 'content-type': 'application/json' }, value);
    expect(response).toBeDefined();
    if (response === undefined) return;
    expect(response.bodyValue?.textMade).toBe(false);
    expect(responseJson(response)).toBe(value);
    expect(response.body).toBe(JSON.stringify(value));
    expect(responseJson(response)).toBe(value);
    // A copy whose body was replaced is read from its body.
    const copy = { ...response, body: '{"metafields":[]}' };
    expect(responseJson(copy)).toEqual({ metafields: [] });
    expect(jsonValueResponse(200, {}, { n: Number.NaN })).toBeUndefined();
  });
});
