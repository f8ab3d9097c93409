import {
  readStructuredText,
  structuredTextFormat,
  type StructuredTextFormat,
} from '../runtime/read-structured-text.js';
import { scenarioInvalid } from './scenario-error.js';

/** The file formats a scenario may be written in. */
export type ScenarioFormat = StructuredTextFormat;

/**
 * The format for a file name: JSON for `.json`, otherwise YAML (`.yaml`, `.yml`, and any other name, as
 * YAML is nearly a superset of JSON).
 */
export function scenarioFormat(source: string): ScenarioFormat {
  return structuredTextFormat(source);
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
  const parsed = readStructuredText(body, scenarioFormat(source));
  if (!parsed.ok) throw scenarioInvalid(source, parsed.reason);
  const value = parsed.value;
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
