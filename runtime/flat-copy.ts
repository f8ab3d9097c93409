/**
 * A copy of `text` in one piece. V8 keeps a concatenation as a tree of its pieces (a "cons string") and a
 * slice as a view of the string it was cut from, until something flattens it; a map key or a stored
 * field then stays as it was made, pieces (or the longer string) included. A JSON round trip builds the
 * string afresh, flat: worth its cost (about half a microsecond) for strings kept for long, such as the
 * memory store's keys and the shop's shared tag text (issue 12, bounded memory).
 */
export function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
