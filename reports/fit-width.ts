/**
 * Shortens `text` to at most `columns` characters (code points), ending it with `…` when cut, so that
 * user-supplied names and reasons cannot push a summary line past the terminal's width. Line breaks
 * and tabs become spaces.
 *
 * @param columns - The width to fit, in characters; at least 1.
 */
export function fitWidth(text: string, columns: number): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  const chars = Array.from(flat);
  if (chars.length <= columns) return flat;
  return `${chars.slice(0, Math.max(0, columns - 1)).join('')}…`;
}
