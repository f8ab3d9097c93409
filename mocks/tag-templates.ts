import { flatCopy } from '../runtime/flat-copy.js';

/** The most distinct tag templates kept; past it, new tags are stored as given. */
const maxTagTemplates = 256;

/**
 * Tag strings with their order's source id cut out: the text before and after it, each distinct pair
 * once; tags without the source id, each distinct text once. Bounded by {@link maxTagTemplates}.
 */
export class TagTemplates {
  private readonly ids = new Map<string, number>();
  private readonly before: string[] = [];
  private readonly after: string[] = [];
  /** Whether template `id` has the source id between its parts (else it is `before` alone). */
  private readonly hole: boolean[] = [];

  /** The template of `tags` around `sourceId` (or of `tags` alone when they do not hold it); −1 when the table is full. */
  of(tags: string, sourceId: string): number {
    const at = sourceId === '' ? -1 : tags.indexOf(sourceId);
    // Tags without the source id (the same few texts on many orders) are a template without a hole.
    const before = at === -1 ? tags : tags.slice(0, at);
    const after = at === -1 ? '' : tags.slice(at + sourceId.length);
    // The first part's length makes the key unambiguous: one key per pair of parts (`=` for no hole).
    const key = at === -1 ? `=${tags}` : `${before.length}:${before}${after}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.ids.size >= maxTagTemplates) return -1;
    const id = this.before.push(flatCopy(before)) - 1;
    this.after.push(flatCopy(after));
    this.hole.push(at !== -1);
    this.ids.set(key, id);
    return id;
  }

  /** The tags of template `id` around `sourceId`. */
  fill(id: number, sourceId: string): string {
    if (this.hole[id] !== true) return this.before[id] ?? '';
    return `${this.before[id] ?? ''}${sourceId}${this.after[id] ?? ''}`;
  }
}
