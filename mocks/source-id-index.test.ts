import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { MultiIndex } from './multi-index.js';
import { NumberedIds } from './numbered-ids.js';
import { SourceIdIndex } from './source-id-index.js';

describe('SourceIdIndex', () => {
  it('answers as a MultiIndex of the same ids: numbered, repeated, far, odd and unknown (seed=12)', () => {
    const random = createRandom(12);
    const index = new SourceIdIndex(new NumberedIds('so-'));
    const reference = new MultiIndex();
    const pool = ['so-000001', 'so-999999', 'so-1', 'odd', ''];
    for (let position = 0; position < 3_000; position++) {
      const id =
        random.next() < 0.8
          ? `so-${String(random.int(1, 2_500)).padStart(6, '0')}`
          : (pool[random.int(0, pool.length - 1)] as string);
      index.add(id, position);
      reference.add(id, position);
    }
    const asked = [
      'so-000001',
      'so-000007',
      'so-002499',
      'so-999999',
      'so-1',
      'odd',
      '',
      'so-000000',
      'nope',
    ];
    expect(asked.map((id) => [index.get(id), index.count(id)])).toEqual(
      asked.map((id) => [reference.get(id), reference.count(id)]),
    );
    const keys = (visitable: { forEachKey: MultiIndex['forEachKey'] }): [string, number][] => {
      const seen: [string, number][] = [];
      visitable.forEachKey((id, count) => seen.push([id, count]));
      return seen;
    };
    expect(keys(index)).toEqual(keys(reference));
  });
});
