import { parseDocument, type YAMLError } from 'yaml';
import { jsonErrorPosition, lineAndColumn } from './json-error-position.js';
import { fail, ok, type Result } from './result.js';

/** The text formats a user's document (a scenario, a fault plan) may be written in. */
export type StructuredTextFormat = 'yaml' | 'json';

/**
 * The format for a file name: JSON for `.json`, otherwise YAML (`.yaml`, `.yml`, and any other name, as
 * YAML is nearly a superset of JSON).
 */
export function structuredTextFormat(source: string): StructuredTextFormat {
  return source.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/**
 * Parses YAML or JSON text into plain data, checking the syntax only. A byte-order mark is ignored. On a
 * syntax error the reason lists one sentence per problem, with line and column (from 1) and, for YAML, the
 * parser's snippet of the text; the caller names the file.
 *
 * @param text - The document's text.
 * @param format - How to read it; see {@link structuredTextFormat}.
 * @returns The parsed value (`null` for an empty YAML document), or the problems.
 */
export function readStructuredText(text: string, format: StructuredTextFormat): Result<unknown, string[]> {
  const body = text.replace(/^\uFEFF/, '');
  return format === 'json' ? readJson(body) : readYaml(body);
}

/** One yaml error as a sentence with its line and column, followed by yaml's snippet of the text, indented. */
function yamlProblem(error: YAMLError): string {
  const [message = error.message, snippet = ''] = error.message.split(/ at line \d+, column \d+:\n/);
  const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
  const shown = snippet.trimEnd() === '' ? '' : `\n${snippet.trimEnd().replace(/^/gm, '      ')}`;
  return `YAML syntax error${where}: ${message.replace(/\.?$/, '.')}${shown}`;
}

function readYaml(text: string): Result<unknown, string[]> {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) return fail(document.errors.map(yamlProblem));
  try {
    return ok(document.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (error) {
    // yaml reports bad aliases only when converting (an undefined anchor, or an alias bomb).
    return fail([`YAML error: ${(error as Error).message.replace(/\.?$/, '.')}`]);
  }
}

function readJson(text: string): Result<unknown, string[]> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    const { message } = error as Error;
    const where = lineAndColumn(text, jsonErrorPosition(text, message));
    return fail([`JSON syntax error${where}: ${message.replace(/\s+/g, ' ').replace(/\.?$/, '.')}`]);
  }
}
