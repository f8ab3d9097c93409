import { describe, expect, it } from 'vitest';
import { jsonErrorPosition, lineAndColumn } from './json-error-position.js';

function locate(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return lineAndColumn(text, jsonErrorPosition(text, (error as Error).message));
  }
  throw new Error('expected invalid JSON');
}

describe('jsonErrorPosition', () => {
  it.each([
    ['a stray token in a long text', '{\n  "name": "t",\n  "shop": }\n', ' at line 3, column 11'],
    ['a stray token near the start', '{\n x }                       ', ' at line 2, column 2'],
    ['a stray token near the end', '{\n  "name": "tttttttttttttt", x', ' at line 2, column 29'],
    ['a trailing comma', '{\n  "a": 1,\n}', ' at line 3, column 1'],
    ['a missing colon', '{\n  "a" 1\n}', ' at line 2, column 7'],
    ['an unfinished text', '{\n  "a": 1', ' at line 2, column 9'],
    ['a bad token in a short text', '{"a": tru}', ' at line 1, column 10'],
  ])('finds the line and column of %s', (_what, text, expected) => {
    expect(locate(text)).toBe(expected);
  });

  it('says nothing when the message gives no position', () => {
    expect(jsonErrorPosition('{}', 'Something else went wrong')).toBeUndefined();
    expect(lineAndColumn('{}', undefined)).toBe('');
  });
});
