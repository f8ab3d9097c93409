import { parseDocument, type YAMLError } from 'yaml';
import { jsonErrorPosition, lineAndColumn } from './json-error-position.js';
import { scenarioInvalid } from './scenario-error.js';

/** The file formats a scenario may be written in. */
export type ScenarioFormat = 'yaml' | 'json';

/**
 * The format for a file name: JSON for `.json`, otherwise YAML (`.yaml`, `.yml`, and any other name, as
 * YAML is nearly a superset of JSON).
 */
export function scenarioFormat(source: string): ScenarioFormat {
  return source.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/**
 * Parses a scenario file's text into plain data, checking only the syntax and that the top level is a
 * mapping. Throws `SCENARIO_INVALID` naming `source`, with line and column for syntax errors.
 *
 * @param text - The file's contents.
 * @param source - The file's path: names it in messages and picks the format ({@link scenarioFormat}).
 */
export function readDocument(text: string, source: string): Record<string, unknown> {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    throw scenarioInvalid(source, ['the file is empty; a scenario needs at least name, shop and traffic.']);
  const value = scenarioFormat(source) === 'json' ? readJson(body, source) : readYaml(body, source);
  if (value === null || value === undefined)
    throw scenarioInvalid(source, [
      'the file has no content (only comments?); a scenario needs at least name, shop and traffic.',
    ]);
  if (typeof value !== 'object' || Array.isArray(value))
    throw scenarioInvalid(source, [
      `the top level must be a mapping of scenario fields (name, shop, traffic, …) (got ${describeTopLevel(value)}).`,
    ]);
  return value as Record<string, unknown>;
}

function describeTopLevel(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  const text = JSON.stringify(value);
  return `the ${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

/** One yaml error as a sentence with its line and column, followed by yaml's snippet of the text, indented. */
function yamlProblem(error: YAMLError): string {
  const [message = error.message, snippet = ''] = error.message.split(/ at line \d+, column \d+:\n/);
  const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
  const shown = snippet.trimEnd() === '' ? '' : `\n${snippet.trimEnd().replace(/^/gm, '      ')}`;
  return `YAML syntax error${where}: ${message.replace(/\.?$/, '.')}${shown}`;
}

function readYaml(text: string, source: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw scenarioInvalid(source, document.errors.map(yamlProblem));
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml reports bad aliases only when converting (an undefined anchor, or an alias bomb).
    throw scenarioInvalid(source, [`YAML error: ${(error as Error).message.replace(/\.?$/, '.')}`]);
  }
}

function readJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const { message } = error as Error;
    const where = lineAndColumn(text, jsonErrorPosition(text, message));
    throw scenarioInvalid(source, [
      `JSON syntax error${where}: ${message.replace(/\s+/g, ' ').replace(/\.?$/, '.')}`,
    ]);
  }
}
