/**
 * True when `JSON.parse(text)` would succeed: the text is one JSON value (ECMA-404) between optional
 * whitespace. Read character by character without building the value — a `json` metafield's value is
 * checked on every loyalty write, and parsing it only to drop the result made a string and an object of
 * every field (issue 12). JSON.parse in V8 is iterative, so no nesting depth makes it throw; neither
 * does this, which keeps its open brackets in a reused array.
 */
export function isJsonText(text: string): boolean {
  let depth = 0;
  let at = skipSpace(text, 0);
  for (;;) {
    // A value starts at `at`.
    const first = text.charCodeAt(at);
    if (first === openBrace || first === openBracket) {
      at = skipSpace(text, at + 1);
      const close = first === openBrace ? closeBrace : closeBracket;
      if (text.charCodeAt(at) === close) at++;
      else {
        open[depth++] = close;
        if (first === openBrace) {
          at = afterKey(text, at);
          if (at === -1) return false;
        }
        continue;
      }
    } else {
      at = afterScalar(text, at, first);
      if (at === -1) return false;
    }
    // A value ended: close the brackets it ends, until a comma starts the next value.
    for (;;) {
      at = skipSpace(text, at);
      if (depth === 0) {
        if (open.length > maxKeptDepth) open.length = 0;
        return at === text.length;
      }
      const next = text.charCodeAt(at);
      const close = open[depth - 1];
      if (next === close) {
        depth--;
        at++;
      } else if (next === comma) {
        at = skipSpace(text, at + 1);
        if (close === closeBrace) {
          at = afterKey(text, at);
          if (at === -1) return false;
        }
        break;
      } else return false;
    }
  }
}

const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const comma = 0x2c;
const quote = 0x22;
const backslash = 0x5c;

/** The closing bracket of each open object or array, innermost last; reused from call to call. */
const open: number[] = [];
/** Past this many entries (a text built to be deep) the array is dropped after the call, not kept. */
const maxKeptDepth = 1024;

/** Past JSON whitespace (space, tab, line feed, carriage return) from `at`. */
function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Past an object's `"key" :` and the whitespace after it, from `at`; −1 when that is not there. */
function afterKey(text: string, at: number): number {
  const end = afterString(text, at);
  if (end === -1) return -1;
  const colon = skipSpace(text, end);
  return text.charCodeAt(colon) === 0x3a ? skipSpace(text, colon + 1) : -1;
}

/** Past the string, number, `true`, `false` or `null` at `at` (its first code unit `first`), or −1. */
function afterScalar(text: string, at: number, first: number): number {
  if (first === quote) return afterString(text, at);
  if (first === 0x2d || isDigit(first)) return afterNumber(text, at);
  for (const word of words) if (text.startsWith(word, at)) return at + word.length;
  return -1;
}

const words = ['true', 'false', 'null'] as const;

/** Past the string at `at`, or −1: no control characters inside, only JSON's escapes. */
function afterString(text: string, at: number): number {
  if (text.charCodeAt(at) !== quote) return -1;
  let i = at + 1;
  for (;;) {
    // The run of plain code units up to the next quote, backslash or control character, in one native
    // scan (a loop over the code units here took twice JSON.parse's time on a loyalty value).
    plainRun.lastIndex = i;
    plainRun.test(text);
    i = plainRun.lastIndex;
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    // A control character, or NaN past the end.
    if (c !== backslash) return -1;
    const escaped = text.charCodeAt(i + 1);
    if (escaped === 0x75) {
      for (let k = i + 2; k < i + 6; k++) if (!isHexDigit(text.charCodeAt(k))) return -1;
      i += 6;
    } else if (simpleEscapes.includes(escaped)) i += 2;
    else return -1;
  }
}

/**
 * Code units a string holds as they are: anything but a quote, a backslash or a control character, as
 * the ranges from space to `!`, `#` to `[` and `]` to U+FFFF (lone surrogates included, as JSON.parse takes them).
 */
const plainRun = /[ !#-[\]-\uffff]*/y;

/** The code units after a backslash other than `u`: `" \ / b f n r t`. */
const simpleEscapes: readonly number[] = [0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74];

/** Past the number at `at`, or −1: `-? (0 | [1-9]\d*) (\.\d+)? ([eE][+-]?\d+)?`. */
function afterNumber(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) i++;
  else if (isDigit(text.charCodeAt(i))) i = afterDigits(text, i);
  else return -1;
  if (text.charCodeAt(i) === 0x2e) {
    if (!isDigit(text.charCodeAt(i + 1))) return -1;
    i = afterDigits(text, i + 1);
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    i = afterDigits(text, i);
  }
  return i;
}

function afterDigits(text: string, at: number): number {
  let i = at;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
