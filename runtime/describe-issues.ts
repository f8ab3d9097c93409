import { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Turns zod's issues into sentences a user can act on: the field path with array indexes, what is expected
 * and what was found, e.g. `traffic.phases[2].ratePerSecond must be > 0 (got -3).` Unknown keys come first
 * (a typo often causes the other problems) and suggest the nearest known key. Shared by every document a
 * user writes (scenarios, fault plans), so that all of them explain mistakes the same way.
 *
 * @param issues - From a failed `safeParse`.
 * @param input - The value that was parsed, to show what was found.
 * @param schema - The schema that was used, to list the known keys of an object.
 * @param subject - What the top level is called when an issue is about it, e.g. `the scenario`.
 *   Defaults to `the document`.
 */
export function describeIssues(
  issues: readonly Issue[],
  input: unknown,
  schema: z.ZodType,
  subject = 'the document',
): string[] {
  const unknownKeysFirst = [...issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  return unknownKeysFirst.flatMap((issue) => describeIssue(issue, input, schema, subject));
}

function describeIssue(issue: Issue, input: unknown, schema: z.ZodType, subject: string): string[] {
  const field = formatPath(issue.path, subject);
  const found = valueAt(input, issue.path);
  const got = ` (got ${show(found)})`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeys(schema, issue.path);
        const near = nearest(key, known);
        const hint = near ? `did you mean ${near}?` : `expected one of: ${known.join(', ')}`;
        return `${formatPath([...issue.path, key], subject)} is not a known key (${hint}).`;
      });
    case 'invalid_type':
      if (found === undefined) return [`${field} is required (expected ${describeType(issue.expected)}).`];
      return [`${field} must be ${describeType(issue.expected)}${got}.`];
    case 'too_small':
      if (issue.origin === 'string') return [`${field} must not be empty.`];
      if (issue.origin === 'array') return [`${field} must have at least ${issue.minimum} item(s)${got}.`];
      return [`${field} must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}${got}.`];
    case 'too_big':
      return [`${field} must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}${got}.`];
    case 'invalid_value':
      return [`${field} must be one of ${issue.values.map(String).join(', ')}${got}.`];
    case 'custom':
      return [`${field} ${issue.message}.`];
    default:
      return [`${field}: ${issue.message}.`];
  }
}

/**
 * `['traffic', 'phases', 2, 'orders']` → `traffic.phases[2].orders`; the empty path is `subject` (the top
 * level), which defaults to `the document`.
 */
export function formatPath(path: Path, subject = 'the document'): string {
  if (path.length === 0) return subject;
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

function describeType(expected: string): string {
  const names: Record<string, string> = { int: 'a whole number', object: 'a mapping', array: 'a list' };
  return names[expected] ?? `a ${expected}`;
}

/** Peels defaults, optionals and transforms off a schema to reach the object or array beneath. */
function unwrap(schema: unknown): unknown {
  for (;;) {
    if (schema instanceof z.ZodPipe) schema = schema.in;
    else if (
      schema instanceof z.ZodDefault ||
      schema instanceof z.ZodPrefault ||
      schema instanceof z.ZodOptional
    )
      schema = schema.unwrap();
    else return schema;
  }
}

function knownKeys(schema: z.ZodType, path: Path): string[] {
  let node = unwrap(schema);
  for (const key of path) {
    if (node instanceof z.ZodObject) node = unwrap((node.shape as Record<PropertyKey, unknown>)[key]);
    else if (node instanceof z.ZodArray) node = unwrap(node.element);
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

/** The known key a typo most likely meant: same letters ignoring case, or at most two edits away. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
