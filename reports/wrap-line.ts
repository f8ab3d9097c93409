/** ANSI SGR sequences, which take no columns. */
const ansiPattern = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The columns `text` takes on a terminal: its code points without ANSI colour codes. */
export function visibleWidth(text: string): number {
  return Array.from(text.replace(ansiPattern, '')).length;
}

/**
 * Breaks a summary line that is wider than `columns` at its ` · ` separators, continuing on lines indented
 * by `indent` spaces (under the value column), so no part is cut. A part that is wider on its own is left
 * whole on its line. Colour codes do not count towards the width.
 *
 * @example
 * wrapLine('orders      1,000 generated · 1,000 created · 0 duplicates · 0 missing', 50, 12);
 * // 'orders      1,000 generated · 1,000 created ·\n            0 duplicates · 0 missing'
 */
export function wrapLine(line: string, columns: number, indent: number): string {
  if (visibleWidth(line) <= columns) return line;
  const separator = ' · ';
  const parts = line.split(separator);
  const lines: string[] = [];
  let current = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    const candidate = `${current}${separator}${part}`;
    if (visibleWidth(candidate) <= columns) current = candidate;
    else {
      lines.push(`${current} ·`);
      current = `${' '.repeat(indent)}${part}`;
    }
  }
  lines.push(current);
  return lines.join('\n');
}
