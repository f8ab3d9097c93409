import { isScalar, parseDocument, visit } from 'yaml';
import { fail, ok, type Result } from '../../runtime/result.js';

/**
 * The largest YAML text {@link readBoundedYaml} parses, in characters. The `yaml` package parses about
 * 35,000 map keys a second here (20,000 keys: 550 ms, measured), all on the server's one event loop, so a
 * YAML body is held to what a hand-written fault plan needs (a few KB) — 16 KiB parses in about 30 ms. A
 * larger plan can be sent as JSON, which parses a hundred times faster.
 */
export const maxYamlChars = 16 * 1024;

/**
 * Parses YAML within bounds for a server that must not stall: at most {@link maxYamlChars} characters,
 * aliases expanded at most 100 times, and duplicate keys found in linear time. (The `yaml` package's own
 * duplicate-key check compares each key with every earlier one: 20,000 keys took 3,045 ms against 203 ms
 * without it, issue 16; here each map's keys go through a Set instead.)
 *
 * @returns The data, or the problems as sentences with line and column.
 */
export function readBoundedYaml(text: string): Result<unknown, string[]> {
  if (text.length > maxYamlChars) {
    return fail([
      `a YAML body may have at most ${maxYamlChars} characters (got ${text.length}): send the plan as JSON (Content-Type: application/json).`,
    ]);
  }
  const document = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: false });
  if (document.errors.length > 0) {
    return fail(document.errors.map((error) => `YAML syntax error: ${error.message.split('\n')[0]}`));
  }
  const duplicates: string[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const line = isScalar(pair.key) && pair.key.range ? lineOf(text, pair.key.range[0]) : undefined;
          duplicates.push(
            `YAML error: the key ${JSON.stringify(key)} appears twice${line ? ` (line ${line})` : ''}.`,
          );
          if (duplicates.length >= 10) return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  if (duplicates.length > 0) return fail(duplicates);
  try {
    return ok(document.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (error) {
    return fail([`YAML error: ${(error as Error).message.replace(/\.?$/, '.')}`]);
  }
}

/** The 1-based line of the character at `offset`. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
