import type { HttpRequest } from '../runtime/transport.js';

/**
 * A request's identity for telling a retry from new work: the same method, URL and body give the same
 * number (FNV-1a, 32 bits, over each part). A retry resends the same request; another order's create does
 * not. Collisions are possible and rare: they can only make a new request look like a retry. Computed
 * only when needed (a client with an open Retry-After wait), so the common path hashes nothing.
 */
export function requestKey(request: HttpRequest): number {
  return fnv1a(request.body ?? '', fnv1a(request.url, fnv1a(request.method, 0x811c9dc5)));
}

/** FNV-1a over the UTF-16 code units of `text`, continuing from `hash`. */
function fnv1a(text: string, hash: number): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A separator, so ('ab', 'c') and ('a', 'bc') differ.
  return Math.imul(h ^ 0xff, 0x01000193) >>> 0;
}
