import { flatCopy } from '../runtime/flat-copy.js';

/** The most distinct tag templates kept; past it, new tags are stored as given. */
const maxTagTemplates = 256;

/**
 * Tag strings with their order's source id cut out: the text before and after it, each distinct pair
 * once. Bounded by {@link maxTagTemplates}.
 */
export class TagTemplates {
  private readonly ids = new Map<string, number>();
  private readonly before: string[] = [];
  private readonly after: string[] = [];

  /** The template of `tags` around `sourceId`, or −1 when they do not hold it (or the table is full). */
  of(tags: string, sourceId: string): number {
    const at = sourceId === '' ? -1 : tags.indexOf(sourceId);
    if (at === -1) return -1;
    const before = tags.slice(0, at);
    const after = tags.slice(at + sourceId.length);
    // The first part's length makes the key unambiguous: one key per pair of parts.
    const key = `${before.length}:${before}${after}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.ids.size >= maxTagTemplates) return -1;
    const id = this.before.push(flatCopy(before)) - 1;
    this.after.push(flatCopy(after));
    this.ids.set(key, id);
    return id;
  }

  /** The tags of template `id` around `sourceId`. */
  fill(id: number, sourceId: string): string {
    return `${this.before[id] ?? ''}${sourceId}${this.after[id] ?? ''}`;
  }
}
