import type { MultiIndex } from './multi-index.js';

/** Indexes each tag of `a, b` (as `tags.split(', ')` gives them) at `index`, without making an array. */
export function addTags(byTag: MultiIndex, tags: string, index: number): void {
  for (let start = 0; tags !== '';) {
    const end = tags.indexOf(', ', start);
    byTag.add(end === -1 ? tags.slice(start) : tags.slice(start, end), index);
    if (end === -1) break;
    start = end + 2;
  }
}

/** The tags of a normalised tag string (`a, b`). */
export function splitTags(tags: string): string[] {
  return tags === '' ? [] : tags.split(', ');
}
