import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonText } from './is-json-text.js';

/** What isJsonText must say: whether JSON.parse takes the text. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const space = fc.constantFrom('', ' ', '\n', '\t', '\r', '  ', '\u00a0', '\v');
/** JSON texts with whitespace around and between tokens, some of it not JSON whitespace. */
const spaced = fc.tuple(fc.jsonValue(), space, space).map(([value, before, after]) => {
  const text = JSON.stringify(value, null, before === '' ? undefined : before) ?? 'null';
  return `${before}${text}${after}`;
});
/** Near-JSON: strings of JSON's own characters, most of them not JSON. */
const near = fc
  .array(
    fc.constantFrom(
      ...'{}[],:"\\/u0123456789aAfF-+.eEtrulsn bx\n\t'.split(''),
      'true',
      'false',
      'null',
      '\u0001',
      '\ud800',
      '"a"',
      '{"a":',
      '[1,',
      '\\u00e9',
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

describe('isJsonText', () => {
  it('agrees with JSON.parse on JSON texts, spaced or not', () => {
    fc.assert(
      fc.property(spaced, (text) => {
        expect(isJsonText(text)).toBe(parses(text));
      }),
    );
  });

  it('agrees with JSON.parse on near-JSON texts', () => {
    fc.assert(
      fc.property(near, (text) => {
        expect(isJsonText(text)).toBe(parses(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with JSON.parse on texts cut or spliced at any point', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 3 }), (value, at, inserted) => {
        const text = JSON.stringify(value) ?? 'null';
        const cut = at % (text.length + 1);
        const spliced = `${text.slice(0, cut)}${inserted}${text.slice(cut + 1)}`;
        expect(isJsonText(text.slice(0, cut))).toBe(parses(text.slice(0, cut)));
        expect(isJsonText(spliced)).toBe(parses(spliced));
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes deep nesting, as JSON.parse does, and names each case', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(isJsonText(deep)).toBe(true);
    expect(isJsonText(`${deep}]`)).toBe(false);
    for (const text of ['"\u007f"', '"é"', '"\uffff"', '"\udc00\ud800"', '"\u001f"', '"\u0000"', '"a\nb"'])
      expect([text, isJsonText(text)]).toEqual([text, parses(text)]);
    for (const text of [
      '',
      ' ',
      '01',
      '-',
      '1.',
      '.5',
      '1e',
      '"\\x"',
      '"\\u12g4"',
      '{"a" 1}',
      '[1,]',
      '{,}',
      'nul',
      'true false',
    ])
      expect([text, isJsonText(text)]).toEqual([text, false]);
    for (const text of ['0', '-0.5e+10', '"\\ud800"', ' {"a":[1,{"b":null}]} ', '"\\u00E9\\/"', '[]', '{}'])
      expect([text, isJsonText(text)]).toEqual([text, true]);
  });
});
