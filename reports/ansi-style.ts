/** The few ANSI styles the terminal summary uses. */
export type AnsiStyle = 'red' | 'green' | 'yellow' | 'bold' | 'dim';

// SGR codes: each style with the code that turns it (and only it) off again.
const codes: Record<AnsiStyle, readonly [open: number, close: number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  bold: [1, 22],
  dim: [2, 22],
};

/**
 * Wraps `text` in the ANSI escape codes of `styles` when `enabled` is true, and returns it unchanged
 * otherwise (so callers never branch on colour themselves).
 *
 * @example
 * ansiStyle('3 duplicates', ['red', 'bold'], process.stdout.isTTY);
 */
export function ansiStyle(text: string, styles: readonly AnsiStyle[], enabled: boolean): string {
  if (!enabled) return text;
  let styled = text;
  for (const style of styles) styled = `\u001b[${codes[style][0]}m${styled}\u001b[${codes[style][1]}m`;
  return styled;
}
