/** How many characters V8 shows either side of a JSON error (`kMaxContextCharacters` in json-parser.cc). */
const contextCharacters = 10;

/**
 * Where `JSON.parse` failed, as an offset into `text`, recovered from its message (Node 20 gives no
 * structured position). Messages either say `at position N`, or quote the text around the bad token:
 * the whole text when it is short, else up to 10 characters either side, with `...` where cut.
 *
 * @param text - What was parsed.
 * @param message - The SyntaxError's message.
 * @returns The offset, or undefined when the message does not tell.
 */
export function jsonErrorPosition(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const quoted = /^Unexpected token '([\s\S]+?)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(
    message,
  );
  if (!quoted) return undefined;
  const [, token = '', cutBefore, context = ''] = quoted;
  const start = text.indexOf(context);
  if (start < 0) return undefined;
  if (cutBefore) return start + contextCharacters;
  if (quoted[4]) return context.length - contextCharacters;
  // The whole (short) text is quoted: the bad token is the first of its kind in it, a good guess.
  const at = text.indexOf(token);
  return at < 0 ? undefined : at;
}

/** " at line L, column C" (both from 1) for an offset into `text`, or '' when there is none. */
export function lineAndColumn(text: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  const before = text.slice(0, offset).split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
