/**
 * The loyalty value's list of counted source orders, kept as one text: each id followed by the next after a
 * single space, newest last (loyalty-requests.ts, `LoyaltyValue.counted`). One JSON string instead of an
 * array of strings, because every order's read-modify-write parses and writes the list whole — four times
 * over, with the shop's own parse and answer — and a JSON string costs a copy where an array costs an
 * object per id: with a hot customer's 1,000 ids that made the cost per order grow with the run (issue 12).
 *
 * An id is written as is unless it holds a space or a `%` (each then written `%20` or `%25`); an empty id
 * is written `%`. So no written id holds a space, and two ids are equal exactly when their written forms are.
 */

/** `sourceOrderId` as the list writes it (see the module comment). */
export function countedToken(sourceOrderId: string): string {
  if (sourceOrderId === '') return '%';
  if (!sourceOrderId.includes(' ') && !sourceOrderId.includes('%')) return sourceOrderId;
  return sourceOrderId.replace(/[% ]/g, (c) => (c === '%' ? '%25' : '%20'));
}

/** The list of `ids` (oldest first) as one text. */
export function countedText(ids: readonly string[]): string {
  return ids.map(countedToken).join(' ');
}

/** True when `counted` holds `sourceOrderId`. Scans the text without splitting it. */
export function countedIncludes(counted: string, sourceOrderId: string): boolean {
  const token = countedToken(sourceOrderId);
  for (let at = counted.indexOf(token); at !== -1; at = counted.indexOf(token, at + 1)) {
    const end = at + token.length;
    if ((at === 0 || counted[at - 1] === ' ') && (end === counted.length || counted[end] === ' '))
      return true;
  }
  return false;
}

/** `counted` with `sourceOrderId` added last, keeping the newest `window` ids. */
export function withCounted(counted: string, sourceOrderId: string, window: number): string {
  const next = counted === '' ? countedToken(sourceOrderId) : `${counted} ${countedToken(sourceOrderId)}`;
  // Every id takes a character and a space: a shorter text holds fewer than `window` ids.
  if (next.length < 2 * window - 1) return next;
  let space = next.length;
  for (let kept = 0; kept < window; kept++) {
    space = next.lastIndexOf(' ', space - 1);
    if (space === -1) return next;
  }
  return next.slice(space + 1);
}
